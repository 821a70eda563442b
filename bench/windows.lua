-- wrk script: every request asks for a different 20-week window (99 of
-- them in turn, more than the server keeps), so each one is computed from
-- the database rather than served from the overview cache.
local n = 0
request = function()
  n = n + 1
  local k = n % 99
  local year = 2027 + math.floor(k / 33)
  local from = k % 33 + 1
  local path = string.format("/api/v1/places?from=%d-W%02d&to=%d-W%02d",
    year, from, year, from + 19)
  return wrk.format("GET", path)
end
