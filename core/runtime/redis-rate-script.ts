import { createHash } from 'node:crypto';

/**
 * The one Lua script behind {@link RedisRateLimiterStore}: Redis runs a script to completion
 * before any other command, so each operation sees and changes the budget atomically whatever
 * the number of replicas. Time inside is integer microseconds (exact in Lua's doubles until the
 * year 2255); every instant it returns is relative to the `now` it used, so callers never
 * compare their clock with Redis's.
 *
 * KEYS: the pause hash, then for each window its log (a sorted set of starts scored by time,
 * members `<token>:<cost>`) and the counter of the units in that log.
 * ARGV: operation (`reserve`, `pause`, `snapshot`), now in µs or '' for Redis TIME, then
 * reserve: cost, token, and per window its limit and span in µs;
 * pause: duration in µs, parked flag ('1' or '0').
 */
export const rateLimitScript = String.raw`
local function fmt(n) return string.format('%.0f', n) end
local function costOf(member) return tonumber(string.match(member, ':(%d+)$')) end

local function clock()
  if ARGV[2] ~= '' then return tonumber(ARGV[2]) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- Drops the starts that have left the window (a start at s counts in [s, s + span)) and
-- returns the units still inside, keeping the counter in step with the log (recounting the
-- log should the counter ever be missing).
local function prune(log, counter, span, now)
  local cutoff = fmt(now - span)
  local gone = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff)
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', log, '-inf', cutoff) end
  if redis.call('ZCARD', log) == 0 then
    redis.call('DEL', counter)
    return 0
  end
  local raw = redis.call('GET', counter)
  local used = 0
  if raw then
    used = tonumber(raw)
    for _, member in ipairs(gone) do used = used - costOf(member) end
  else
    for _, member in ipairs(redis.call('ZRANGE', log, 0, -1)) do used = used + costOf(member) end
  end
  if #gone > 0 or not raw then
    redis.call('SET', counter, used, 'PX', math.max(1, redis.call('PTTL', log)))
  end
  return used
end

-- The instant enough of the oldest starts have left for excess units to fit.
local function freeAt(log, span, excess)
  local offset = 0
  while true do
    local batch = redis.call('ZRANGE', log, offset, offset + 31, 'WITHSCORES')
    if #batch == 0 then return nil end
    for j = 1, #batch, 2 do
      excess = excess - costOf(batch[j])
      if excess <= 0 then return tonumber(batch[j + 1]) + span end
    end
    offset = offset + 32
  end
end

local function pausedFor(now)
  local untilAt = tonumber(redis.call('HGET', KEYS[1], 'until'))
  if untilAt ~= nil and now < untilAt then return untilAt - now end
  return nil
end

local function reserve(now)
  local paused = pausedFor(now)
  if paused ~= nil then return {0, fmt(paused)} end
  local cost = tonumber(ARGV[3])
  local windows = (#KEYS - 1) / 2
  local retryAt = now
  for i = 1, windows do
    local limit, span = tonumber(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
    local used = prune(KEYS[2 * i], KEYS[2 * i + 1], span, now)
    if used + cost > limit then
      local free = freeAt(KEYS[2 * i], span, used + cost - limit)
      if free == nil then return redis.error_reply('cost exceeds the limit of a window') end
      if free > retryAt then retryAt = free end
    end
  end
  if retryAt > now then return {0, fmt(retryAt - now)} end
  local member = ARGV[4] .. ':' .. cost
  for i = 1, windows do
    local ttl = math.ceil(tonumber(ARGV[4 + 2 * i]) / 1000)
    redis.call('ZADD', KEYS[2 * i], fmt(now), member)
    redis.call('INCRBY', KEYS[2 * i + 1], cost)
    redis.call('PEXPIRE', KEYS[2 * i], ttl)
    redis.call('PEXPIRE', KEYS[2 * i + 1], ttl)
  end
  return {1, '0'}
end

-- An earlier end never shortens a pause in force; an equal one can only add the parked flag.
local function pause(now)
  local untilAt = now + tonumber(ARGV[3])
  local current = tonumber(redis.call('HGET', KEYS[1], 'until'))
  if current == nil or untilAt > current then
    redis.call('HSET', KEYS[1], 'until', fmt(untilAt), 'parked', ARGV[4])
  elseif untilAt == current and ARGV[4] == '1' then
    redis.call('HSET', KEYS[1], 'parked', '1')
  else
    return 0
  end
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((untilAt - now) / 1000)))
  return 1
end

local function snapshot(now)
  local result = {}
  for i = 1, (#KEYS - 1) / 2 do
    local span = tonumber(ARGV[2 + i])
    local used = prune(KEYS[2 * i], KEYS[2 * i + 1], span, now)
    local oldest = redis.call('ZRANGE', KEYS[2 * i], 0, 0, 'WITHSCORES')
    local resets = 0
    if #oldest > 0 then resets = tonumber(oldest[2]) + span - now end
    table.insert(result, tostring(used))
    table.insert(result, fmt(resets))
  end
  local paused = pausedFor(now)
  if paused == nil then
    table.insert(result, '')
    table.insert(result, '0')
  else
    table.insert(result, fmt(paused))
    table.insert(result, redis.call('HGET', KEYS[1], 'parked') or '0')
  end
  return result
end

local now = clock()
if ARGV[1] == 'reserve' then return reserve(now) end
if ARGV[1] == 'pause' then return pause(now) end
return snapshot(now)
`;

/** SHA-1 of {@link rateLimitScript}, for EVALSHA. */
export const rateLimitScriptSha1 = createHash('sha1').update(rateLimitScript).digest('hex');
