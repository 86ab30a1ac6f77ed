-- wrk script: POSTs Paubox events of the four kinds, each with a unique payload.id, so that
-- every request is a new event (not a duplicate) for the receiver to store.
local kinds = {"api_mail_log_delivered", "api_mail_log_temporary_failure",
               "api_mail_log_permanent_failure", "api_mail_log_opened"}
-- Globals, not locals: wrk runs this file once per thread, and thread:set() below sets the
-- thread's global, which a chunk-level local would hide (both threads would then send the same ids).
counter = 0
prefix = 0

function setup(thread)
  prefix = prefix + 1
  thread:set("prefix", prefix)
end

function init(args)
  math.randomseed(os.time() + prefix)
  base = (os.time() % 100000) * 100000000 + prefix * 10000000
end

request = function()
  counter = counter + 1
  local kind = kinds[(counter % 4) + 1]
  local body = string.format(
    '{"event_name":"%s","payload":{"id":%d,"subject":"Benchmark","time":"2026-11-27T20:27:25.379Z",' ..
    '"from":"bench@sender.example.com","to":"r%d@patient.example.net"}}', kind, base + counter, counter % 500)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
