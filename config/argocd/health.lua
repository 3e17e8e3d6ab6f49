-- Argo CD health check for rotator.io/RotatingSecret.
--
-- Argo CD runs this with gopher-lua (Lua 5.1) and, for a check registered in argocd-cm, without Lua's
-- standard libraries: only the base functions, `table` and a reduced `os` are there. So this script
-- uses no `string.*` (nor method calls on strings): plain comparisons and `..` only.
-- `obj` is the live RotatingSecret; the result is {status = ..., message = ...}.

-- The condition of the given type from status.conditions, or nil.
local function condition(conditions, wanted)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == wanted then
      return c
    end
  end
  return nil
end

-- The given health, explained by condition c as "Reason: message". The CRD requires both on every
-- condition; `or ""` keeps a hand-written status from breaking the script.
local function health(status, c)
  return { status = status, message = (c.reason or "") .. ": " .. (c.message or "") }
end

local status = obj.status
if status == nil then
  return { status = "Progressing", message = "waiting for the operator to report status" }
end

-- A status written for an older spec says nothing about the current one: the operator copies
-- metadata.generation into status.observedGeneration whenever it writes status.
local generation = tonumber(obj.metadata.generation)
local observed = tonumber(status.observedGeneration)
if generation ~= nil and (observed == nil or observed < generation) then
  local message = "waiting for the operator to observe generation " .. generation
  if observed ~= nil then
    message = message .. " (status is for " .. observed .. ")"
  end
  return { status = "Progressing", message = message }
end

local conditions = status.conditions
local ready = condition(conditions, "Ready")
local rotating = condition(conditions, "Rotating")
local rollout = condition(conditions, "RolloutComplete")

-- A rotation in flight (status.rotation, keyed by its versionId as the operator keys it) or one
-- waiting to be retried (Rotating=True) is progress, even while Ready is False because the last
-- attempt failed: the operator retries it with backoff. An abandoned rotation clears
-- status.rotation and sets Rotating=False and Ready=False, so it falls through to Degraded.
local inFlight = status.rotation
if inFlight ~= nil and inFlight.versionId ~= nil then
  local message = "rotating to version " .. inFlight.versionId
  if inFlight.step ~= nil then
    message = message .. " (step " .. inFlight.step
    local attempts = tonumber(inFlight.attempts)
    if attempts ~= nil and attempts > 1 then
      message = message .. ", attempt " .. attempts
    end
    message = message .. ")"
  end
  if inFlight.lastError ~= nil and inFlight.lastError ~= "" then
    message = message .. "; last error: " .. inFlight.lastError
  end
  return { status = "Progressing", message = message }
end

if rotating ~= nil and rotating.status == "True" then
  return health("Progressing", rotating)
end

if ready ~= nil and ready.status == "False" then
  return health("Degraded", ready)
end

-- Restarted consumers that cannot roll out (a Deployment past its progress deadline, a StatefulSet or
-- DaemonSet that stopped progressing) leave the workloads on the previous credentials.
if rollout ~= nil and rollout.status == "False" and rollout.reason == "RolloutDegraded" then
  return health("Degraded", rollout)
end

-- Consumers still restarting onto the current version: the rotation is not done for them yet.
if rollout ~= nil and rollout.status == "False" then
  return health("Progressing", rollout)
end

if ready ~= nil and ready.status == "True" then
  local version = status.currentVersionId
  if version == nil then
    return health("Healthy", ready)
  end
  local message = "Secret holds version " .. version
  if status.currentUsername ~= nil then
    message = message .. " for user " .. status.currentUsername
  end
  return { status = "Healthy", message = message }
end

-- Ready missing or Unknown: the operator has not finished its first pass.
if ready ~= nil then
  return health("Progressing", ready)
end
return { status = "Progressing", message = "waiting for the operator to report readiness" }
