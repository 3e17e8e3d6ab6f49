-- Argo CD action discovery for rotator.io/RotatingSecret: which actions the UI offers on a resource.
-- Runs in Argo CD's Lua sandbox (no string library); `obj` is the live object.
--
-- Each action is offered but disabled where the operator would do nothing with the request.
local actions = {}
local rotation = obj.spec.rotation or {}
local status = obj.status or {}

-- rotate-now: strategy None mirrors only, and spec.rotation.suspend stops requested rotations as
-- well as scheduled ones.
local rotateDisabled = rotation.strategy == "None" or rotation.suspend == true
actions["rotate-now"] = { disabled = rotateDisabled, displayName = "Rotate now", iconClass = "fa fa-fw fa-sync" }

-- rollback: the operator refuses at once for None (it does not manage the credential) and AwsManaged
-- (only AWS's rotation function can change the target back), while a rotation is in flight, and before
-- it has mirrored a version. A rollback in flight would not refuse the new value but act on it after
-- the current one, rolling back the rollback. Suspend does not disable it: suspend stops rotations, not
-- rollbacks, and going back while rotations are paused is a reason to pause them.
local rollbackDisabled = rotation.strategy == "None" or rotation.strategy == "AwsManaged"
  or status.currentVersionId == nil or status.rotation ~= nil or status.rollback ~= nil
actions["rollback"] = { disabled = rollbackDisabled, displayName = "Roll back to previous version", iconClass = "fa fa-fw fa-undo" }
return actions
