-- Submissions for wrk, as bench/submit.py runs them, one connection per thread:
--
--   wrk -t N -c N -d 15s -s bench/submit.lua http://127.0.0.1:PORT -- READY FOLDER N CSRF
--
-- READY has one line per draft saved beforehand: "<link> <resume token> <client id>
-- <the last page's form, url-encoded>". Thread n sends drafts n, n + N, n + 2N, …, each
-- once; a thread that has sent all of its drafts sends nothing more. A READY whose one
-- line is "bare <path> <form, url-encoded>" makes every thread post that form to a
-- reference (bench/bare_app.py, bench/bare_django.py) instead, with the CSRF cookie and
-- a new client id each time, as long as wrk runs. Each thread writes the client id of
-- every acknowledged submission to FOLDER/acks.<n>, and done() prints one line that
-- bench/submit.py reads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local ready = {}
local acks, csrf, bare
local sent = 0
local current
-- Globals, so that done() can read them from each thread.
acknowledged, failures = 0, 0

function init(args)
  csrf = args[4]
  acks = io.open(args[2] .. "/acks." .. number, "w")
  local respondents, line_number = tonumber(args[3]), 0
  for line in io.lines(args[1]) do
    local path, form = line:match("^bare (%S+) (%S+)$")
    if path then
      bare = { path = path, form = form }
    elseif line_number % respondents == number - 1 then
      ready[#ready + 1] = line
    end
    line_number = line_number + 1
  end
end

local function post(path, cookie, form, client_id)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf .. cookie,
  }
  local body = "csrfmiddlewaretoken=" .. csrf .. "&" .. form .. "&client_id=" .. client_id
    .. "&action=submit"
  return wrk.format("POST", path, headers, body)
end

function request()
  sent = sent + 1
  if bare then
    current = string.format("%d-%d-%d", number, sent, math.random(1e9))
    return post(bare.path, "", bare.form, current)
  end
  local line = ready[math.min(sent, #ready)]
  local link, resume, client_id, form = line:match("^(%S+) (%S+) (%S+) (%S+)$")
  current = sent <= #ready and client_id or nil
  return post(link .. "submit/", "; mognad_resume=" .. resume, form, client_id)
end

function response(status, headers, body)
  if current == nil then
    return -- a draft sent again after the thread's own ran out: not counted
  end
  if status == (bare and 200 or 302) then
    acknowledged = acknowledged + 1
    if not bare then
      acks:write(current, "\n")
      acks:flush()
    end
  else
    failures = failures + 1
  end
end

-- Beside this script, wherever wrk is started from.
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk_report.lua")

function done(summary, latency, requests)
  report(threads, { "acknowledged", "failures" }, summary, latency)
end
