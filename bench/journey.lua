-- Respondents' journeys without JavaScript for wrk, as bench/submit.py runs them:
--
--   wrk -t N -c N -d 15s -s bench/journey.lua http://127.0.0.1:PORT -- PLAN FOLDER N
--
-- The journey of DESIGN.md's bar: the welcome page, Start, each page shown and saved,
-- the last page shown and sent (16 requests). The reflection after it is left out:
-- the answer to Send sets two cookies, and wrk keeps only the last header of a name.
-- With one connection per thread (-t equal to -c), each thread is one respondent after
-- another, so its requests follow one another and their state lives in the thread.
--
-- PLAN has one line per link ("link /r/…/") and per page ("page <form, url-encoded>").
-- Each thread writes the client id of every acknowledged submission to FOLDER/acks.<n>,
-- and done() prints one line that bench/submit.py reads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local links, pages = {}, {}
local acks, respondents
-- Globals, so that done() can read them from each thread.
journeys, failures = 0, 0
local turn = 0
local entry, cookies, csrf, client_id, step, at

local function begin()
  turn = turn + 1
  -- Thread n takes links n, n + N, n + 2N, … of the plan (N threads).
  entry = links[((number - 1) + (turn - 1) * respondents) % #links + 1]
  cookies, csrf, client_id, step, at = {}, nil, nil, "welcome", 1
end

function init(args)
  for line in io.lines(args[1]) do
    local kind, rest = line:match("^(%S+) (.*)$")
    if kind == "link" then
      links[#links + 1] = rest
    elseif kind == "page" then
      pages[#pages + 1] = rest
    end
  end
  acks = io.open(args[2] .. "/acks." .. number, "w")
  respondents = tonumber(args[3])
  begin()
end

local function cookie_header()
  local parts = {}
  for name, value in pairs(cookies) do
    parts[#parts + 1] = name .. "=" .. value
  end
  return table.concat(parts, "; ")
end

local function send(method, path, body)
  local headers = { ["Accept-Language"] = "en", ["Cookie"] = cookie_header() }
  if body then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format(method, path, headers, body)
end

function request()
  if step == "welcome" then
    return send("GET", entry)
  elseif step == "start" then
    return send("POST", entry, "csrfmiddlewaretoken=" .. csrf .. "&lang=en")
  elseif step == "show" then
    return send("GET", entry .. "p/" .. at .. "/")
  elseif step == "save" then
    local body = "csrfmiddlewaretoken=" .. csrf .. "&" .. pages[at] .. "&action=next"
    return send("POST", entry .. "p/" .. at .. "/", body)
  else -- send
    local body = "csrfmiddlewaretoken=" .. csrf .. "&" .. pages[at]
      .. "&client_id=" .. client_id .. "&action=submit"
    return send("POST", entry .. "submit/", body)
  end
end

local function fail()
  failures = failures + 1
  begin()
end

function response(status, headers, body)
  local named = {}
  for name, value in pairs(headers) do
    named[name:lower()] = value
  end
  local set = named["set-cookie"]
  if set then
    local name, value = set:match("^%s*([^=]+)=([^;]*)")
    if name then
      cookies[name] = value
    end
  end
  local location = named["location"]
  if step == "welcome" then
    csrf = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
    if status ~= 200 or not csrf then return fail() end
    step = "start"
  elseif step == "start" then
    if status ~= 302 or location ~= entry .. "p/1/" then return fail() end
    step = "show"
  elseif step == "show" then
    if status ~= 200 then return fail() end
    if at == #pages then
      client_id = body:match('name="client_id" value="([^"]+)"')
      if not client_id then return fail() end
      step = "send"
    else
      step = "save"
    end
  elseif step == "save" then
    if status ~= 302 or location ~= entry .. "p/" .. (at + 1) .. "/" then return fail() end
    at = at + 1
    step = "show"
  else
    if status ~= 302 or location ~= entry .. "done/" then return fail() end
    acks:write(client_id, "\n")
    acks:flush()
    journeys = journeys + 1
    begin()
  end
end

-- Beside this script, wherever wrk is started from.
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk_report.lua")

function done(summary, latency, requests)
  report(threads, { "journeys", "failures" }, summary, latency)
end
