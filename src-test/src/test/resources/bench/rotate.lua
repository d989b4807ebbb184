-- POSTs a different form body on every request, from a file of pre-generated bodies (one a line), so each
-- request carries a fresh client assertion (its jti is single-use). Usage: wrk -t1 ... -s rotate.lua <url> -- <file>
-- When the bodies run out the thread stops, so a body is never sent twice.
local bodies = {}
local next_body = 1
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json" }

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
end

function request()
  local body = bodies[next_body]
  if body == nil then
    wrk.thread:stop()
    body = "bodies_exhausted=true"
  end
  next_body = next_body + 1
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p99_us=%d mean_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), math.floor(latency.mean)))
end
