-- The one line bench/journey.lua and bench/submit.lua print when wrk is done, which
-- bench/submit.py reads: the named counters added up over every thread, then wrk's own
-- figures.
return function(threads, counters, summary, latency)
  local parts = {}
  for _, name in ipairs(counters) do
    local total = 0
    for _, thread in ipairs(threads) do
      total = total + thread:get(name)
    end
    parts[#parts + 1] = name .. "=" .. total
  end
  local errors = summary.errors
  io.write(string.format(
    "MOGNAD %s requests=%d seconds=%.3f p50_ms=%.1f p99_ms=%.1f socket_errors=%d\n",
    table.concat(parts, " "), summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
