-- wrk: a new query string on every request, so the page cache never answers and each
-- request is rendered by Django ("uncached" in the benchmark table).
counter = 0
request = function()
    counter = counter + 1
    local path = wrk.path
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, path .. sep .. "bench=" .. counter .. "-" .. math.random(1, 1000000000))
end
