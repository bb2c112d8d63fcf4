-- wrk script shared by every bench/run.sh workload.
--
-- BENCH_POST_JSON_BYTES=N turns the run into a POST of a JSON body of exactly N bytes
-- (the /echo workload uses 1024). The request is built once here, so wrk keeps its static
-- fast path: no Lua runs per request.
--
-- done() prints one line "BENCH-RESULT {json}" that bench/run.py parses: exact request
-- counts, error counts and latency percentiles in microseconds (wrk's own histogram).

local post_bytes = tonumber(os.getenv("BENCH_POST_JSON_BYTES") or "")
if post_bytes then
  local head = '{"name":"bench","payload":"'
  local tail = '"}'
  local pad = post_bytes - #head - #tail
  assert(pad >= 0, "BENCH_POST_JSON_BYTES is too small for the JSON envelope")
  wrk.method = "POST"
  wrk.body = head .. string.rep("x", pad) .. tail
  wrk.headers["Content-Type"] = "application/json"
end

-- BENCH_COOKIE sends one session cookie on every request (the /session workload: every
-- connection reads and updates the same small session attribute).
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

-- BENCH_COOKIES="a=1 b=2 ..." (the /sessions workload: one session per connection) holds one
-- cookie per connection. wrk's threads split them (thread k takes every k-th), and each thread
-- sends its cookies in turn from requests formatted once in init(); as each connection waits for
-- its answer before sending again, no two requests in flight share a session in practice.
-- Unlike the other workloads, a little Lua runs per request here: wrk's CPU, not the server's.
local cookies = {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "%S+") do
  cookies[#cookies + 1] = c
end
if #cookies > 0 then
  local threads = 0

  function setup(thread)
    threads = threads + 1
    thread:set("thread_no", threads)
  end

  local mine, next_one = {}, 0

  function init(args)
    local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
    for i = thread_no, #cookies, stride do
      mine[#mine + 1] = wrk.format(nil, nil, { Cookie = cookies[i] })
    end
    assert(#mine > 0, "more wrk threads than session cookies")
  end

  function request()
    next_one = next_one % #mine + 1
    return mine[next_one]
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
