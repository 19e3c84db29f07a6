-- Extend a site pause to now + ARGV[1] µs, never shortening one already in force.
-- KEYS[1] pause deadline (µs since the epoch, server time). Returns the µs the pause still lasts.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local deadline = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= deadline then
  return math.ceil(current - now)
end
-- The key outlives the deadline by a second only; after that an absent key means "not paused".
redis.call('SET', KEYS[1], string.format('%.17g', deadline), 'PX', math.ceil((deadline - now) / 1000) + 1000)
return math.ceil(deadline - now)
