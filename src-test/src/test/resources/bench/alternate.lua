-- Sends the requests of a run to two paths in turn: the URL's own path and the one given after "--". Both sides of
-- a comparison then run in the same milliseconds, under the same load, and the server's request meter
-- (/bench-meter) splits the CPU time between them. The Authorization and Accept headers come from wrk's -H options.
-- Usage: wrk ... -s alternate.lua http://127.0.0.1:<port>/fhir/Patient/1 -- /fhir-baseline/Patient/1
dofile("report.lua")
local paths = {}
local sent = 0

function init(args)
  paths = { wrk.path, args[1] }
end

function request()
  sent = sent + 1
  return wrk.format(nil, paths[(sent % 2) + 1])
end
