-- wrk script for bench/run.py: optional session cookie, status counts per
-- thread, and one JSON line (prefixed "BENCH_JSON ") printed by done().
-- Usage: wrk ... -s bench/report.lua URL [sessionid]

local cookie = nil
local threads = {}

function init(args)
  if args[1] ~= nil and args[1] ~= "" then
    cookie = "sessionid=" .. args[1]
    wrk.headers["Cookie"] = cookie
  end
  statuses = {}
end

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

local function ms(us)
  return string.format("%.3f", us / 1000.0)
end

function done(summary, latency, requests)
  local merged = {}
  local non2xx = 0
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses") or {}
    for status, count in pairs(counts) do
      merged[status] = (merged[status] or 0) + count
      local code = tonumber(status)
      if code < 200 or code > 299 then
        non2xx = non2xx + count
      end
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local seconds = summary.duration / 1000000.0
  local e = summary.errors
  io.write("BENCH_JSON {")
  io.write(string.format('"requests": %d, ', summary.requests))
  io.write(string.format('"duration_s": %.3f, ', seconds))
  io.write(string.format('"rps": %.2f, ', summary.requests / seconds))
  io.write(string.format('"bytes": %d, ', summary.bytes))
  io.write(string.format('"latency_ms": {"p50": %s, "p95": %s, "p99": %s, "mean": %s, "max": %s}, ',
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)),
    ms(latency.mean), ms(latency.max)))
  io.write(string.format('"non_2xx": %d, ', non2xx))
  io.write('"statuses": {' .. table.concat(parts, ", ") .. '}, ')
  io.write(string.format('"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}',
    e.connect, e.read, e.write, e.timeout))
  io.write("}\n")
end
