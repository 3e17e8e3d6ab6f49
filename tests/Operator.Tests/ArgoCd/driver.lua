-- Runs one Argo CD Lua script (health check, action discovery or action) the way Argo CD does, with
-- the real Lua 5.1 interpreter, and prints the result as JSON on stdout.
--
--   lua5.1 driver.lua SCRIPT [NOW] < object.json
--
-- SCRIPT is the file to run; the object (JSON) arrives on stdin and becomes the global `obj`.
-- NOW (seconds since the epoch), when given, pins the clock that os.time() and os.date() read, so
-- an action that stamps the time has a fixed, comparable output (Argo CD's own action tests
-- normalise such fields instead).
--
-- Output: {"result": <what the script returned>, "lines": [lines of SCRIPT that ran]}. The lines let
-- the tests prove that the sample objects reach every branch.
--
-- The sandbox mirrors Argo CD's (util/lua in Argo CD): a script registered in argocd-cm runs without
-- Lua's standard libraries, with only the base functions, `table`, and an `os` reduced to time and
-- date (also reachable as require("os")). In particular there is no `string` library and strings
-- have no methods, so a script that would fail in Argo CD fails here too.

local cjson = require("cjson")

local script_path = arg[1]
local now = tonumber(arg[2])
if script_path == nil then
  io.stderr:write("usage: lua5.1 driver.lua SCRIPT [NOW] < object.json\n")
  os.exit(2)
end

-- Argo CD hands the script JSON nulls as nil; lua-cjson decodes them as a sentinel instead.
local function without_nulls(value)
  if value == cjson.null then
    return nil
  end
  if type(value) == "table" then
    for k, v in pairs(value) do
      value[k] = without_nulls(v)
    end
  end
  return value
end

local object = without_nulls(cjson.decode(io.read("*a")))

local real_time, real_date = os.time, os.date
local safe_os = {
  time = function(t)
    if t == nil and now ~= nil then
      return now
    end
    return real_time(t)
  end,
  date = function(format, t)
    if t == nil then
      t = now
    end
    if t == nil then
      return real_date(format)
    end
    return real_date(format, t)
  end,
}

local env = {
  obj = object,
  os = safe_os,
  table = table,
  require = function(name)
    if name == "os" then
      return safe_os
    end
    error("module '" .. tostring(name) .. "' not found (Argo CD preloads only os)")
  end,
}
for _, name in ipairs({
  "assert", "error", "ipairs", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawset",
  "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
}) do
  env[name] = _G[name]
end
env._G = env

local chunk, load_error = loadfile(script_path)
if chunk == nil then
  io.stderr:write(load_error .. "\n")
  os.exit(1)
end
setfenv(chunk, env)

-- Record the lines of the script that run (the chunk's source is "@" .. script_path).
local lines = {}
local source = "@" .. script_path
debug.sethook(function(_, line)
  if debug.getinfo(2, "S").source == source then
    lines[line] = true
  end
end, "l")

-- Without the string library strings have no methods in Argo CD: hide them for the script's run.
local string_meta = getmetatable("")
local string_index = string_meta.__index
string_meta.__index = nil
local ok, result = pcall(chunk)
string_meta.__index = string_index
debug.sethook()

if not ok then
  io.stderr:write(tostring(result) .. "\n")
  os.exit(1)
end
if type(result) ~= "table" then
  -- Argo CD's own wording for a script that returns anything but a table.
  io.stderr:write("expect table output from Lua script, not " .. type(result) .. "\n")
  os.exit(1)
end

local ran = {}
for line in pairs(lines) do
  ran[#ran + 1] = line
end
table.sort(ran)
io.write(cjson.encode({ result = result, lines = ran }), "\n")
