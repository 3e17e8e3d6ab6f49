-- Argo CD action discovery for rotator.io/RotatingSecret: which actions the UI offers on a resource.
-- Runs in Argo CD's Lua sandbox (no string library); `obj` is the live object.
--
-- rotate-now is offered but disabled where the operator would ignore the request: strategy None
-- mirrors only, and spec.rotation.suspend stops requested rotations as well as scheduled ones.
local actions = {}
local rotation = obj.spec.rotation or {}
local disabled = rotation.strategy == "None" or rotation.suspend == true
actions["rotate-now"] = { disabled = disabled, displayName = "Rotate now", iconClass = "fa fa-fw fa-sync" }
return actions
