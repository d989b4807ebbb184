-- POSTs the same FHIR resource on every request, so each request creates a new one (a committed write).
-- The Authorization and Accept headers come from wrk's -H options. Usage: wrk ... -s create.lua <base>/Organization
dofile("report.lua")
wrk.method = "POST"
wrk.body = '{"resourceType":"Organization","name":"Benchmark clinic"}'
wrk.headers["Content-Type"] = "application/fhir+json"
