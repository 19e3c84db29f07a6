-- One attempt to take a token from a site's GCRA bucket, honouring the site pause.
-- KEYS[1] theoretical arrival time (µs), KEYS[2] pause deadline (µs), KEYS[3] rate hash {rate, burst}
-- ARGV[1] caller's rate if the hash is gone ("" unknown, "0" unlimited), ARGV[2] its burst,
-- ARGV[3] idle lifetime of the rate hash (ms)
-- Returns 0 when a token was taken, else the microseconds to wait before trying again (>= 1).
-- Server time, so the clocks of the machines running workers never matter.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local paused_until = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused_until > now then
  return math.ceil(paused_until - now)
end

local conf = redis.call('HMGET', KEYS[3], 'rate', 'burst')
local rate, burst = tonumber(conf[1]), tonumber(conf[2])
if rate == nil and ARGV[1] ~= '' then
  -- The hash expired while idle; the caller still knows the rate it was given, so restore it.
  rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
  redis.call('HSET', KEYS[3], 'rate', ARGV[1], 'burst', ARGV[2])
end
if rate ~= nil then
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
if rate == nil or rate <= 0 then
  return 0
end

local interval = 1000000 / rate
-- A waiter woken a little late (timer, network, other processes) keeps its turn instead of losing
-- the lateness: up to a quarter interval, at most 20 ms, is credited. That adds at most one request
-- to any one-second window; without it a busy site runs measurably below its rate.
local earliest = now - math.min(interval / 4, 20000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < earliest then
  tat = earliest
end
local allowed_at = tat - interval * ((burst or 1) - 1)
if allowed_at > now then
  return math.max(1, math.ceil(allowed_at - now))
end
tat = tat + interval
-- The state means nothing once the schedule has caught up with the clock, so it expires then.
redis.call('SET', KEYS[1], string.format('%.17g', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
return 0
