-- Argo CD action rotate-now for rotator.io/RotatingSecret: requests one rotation by giving the
-- rotator.io/rotate-now annotation a value the operator has not acted on yet (it rotates once per
-- new value and records the value in status.handledRotateNow).
--
-- Argo CD's sandbox has no string library, but require("os") gives os.time and os.date, so the
-- value is the current UTC time. Two requests within the same second would get the same stamp and
-- the second would do nothing, so a stamp equal to the current annotation or to the last handled
-- value gets a counter ("-1", "-2", ...) until it is new.
local os = require("os")

local annotation = "rotator.io/rotate-now"
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
local previous = obj.metadata.annotations[annotation]
local handled = nil
if obj.status ~= nil then
  handled = obj.status.handledRotateNow
end

local stamp = os.date("!%Y-%m-%dT%H:%M:%SZ")
local value = stamp
local n = 0
while value == previous or value == handled do
  n = n + 1
  value = stamp .. "-" .. n
end

obj.metadata.annotations[annotation] = value
return obj
