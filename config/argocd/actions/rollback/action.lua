-- Argo CD action rollback for rotator.io/RotatingSecret: asks for one rollback to the AWSPREVIOUS
-- version by giving the rotator.io/rollback annotation a value the operator has not acted on yet (it
-- acts once per new value, rolled back or refused, and records the value in status.handledRollback).
-- The counterpart of `kubectl rotator rollback`.
--
-- Argo CD runs each action.lua on its own, so this cannot share rotate-now's code: the value scheme is
-- the same on purpose. The sandbox has no string library, but require("os") gives os.date, so the
-- value is the current UTC time; a stamp equal to the current annotation or to the last handled value
-- (two requests within one second) gets a counter ("-1", "-2", ...) until it is new, because a value
-- the operator has seen would ask for nothing.
local os = require("os")

local annotation = "rotator.io/rollback"
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
local previous = obj.metadata.annotations[annotation]
local handled = nil
if obj.status ~= nil then
  handled = obj.status.handledRollback
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
