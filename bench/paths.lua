-- wrk: request the paths listed in a file (one per line, given after "--"), each once in
-- turn, so that every request asks for something the server has not rendered before.
local paths = {}
local counter = 0

function init(args)
    for line in io.lines(args[1]) do
        if line ~= "" then
            paths[#paths + 1] = line
        end
    end
end

function request()
    counter = counter + 1
    return wrk.format(nil, paths[(counter - 1) % #paths + 1])
end
