-- HAProxy (Lua 5.3) service `static_gz`: Streamlit's bundle as gzip -9 bodies, compressed once at deployment
-- (scripts/deploy/static_gz.py, `python3 scripts/cluster.py precompress DIR`). Loaded by config/haproxy.cfg.in
-- with `lua-load` when the config is rendered with a precompressed folder; that folder is named by the
-- environment variable PORTAL_STATIC_GZ (`setenv` in the global section).
--
-- Every file listed in DIR/static.map ("/static/js/x.js content-type") is read into memory once, when
-- HAProxy starts (no disk reads while it serves; about 7 MB). The proxy sends a request here only for a
-- path in that map from a client that accepts gzip; everything else goes to the app servers.

local dir = os.getenv("PORTAL_STATIC_GZ")
local files = {}
local count, bytes = 0, 0

if dir == nil or dir == "" then
    error("static_gz.lua: PORTAL_STATIC_GZ is not set")
end

local map = io.open(dir .. "/static.map", "r")
if map == nil then
    error("static_gz.lua: cannot read " .. dir .. "/static.map")
end
for line in map:lines() do
    local path, kind = line:match("^(/%S+)%s+(.+)$")
    if path ~= nil then
        local fh = io.open(dir .. path .. ".gz", "rb")
        if fh == nil then
            error("static_gz.lua: cannot read " .. dir .. path .. ".gz")
        end
        local body = fh:read("a")
        fh:close()
        files[path] = { body = body, kind = kind, length = tostring(#body) }
        count, bytes = count + 1, bytes + #body
    end
end
map:close()
core.Info(string.format("static_gz: %d files, %d KiB, from %s", count, bytes // 1024, dir))

core.register_service("static_gz", "http", function(applet)
    local file = files[applet.path]
    if file == nil then  -- the map said yes but the file was not loaded: cannot happen, but never 200 it
        applet:set_status(404)
        applet:add_header("content-length", "0")
        applet:start_response()
        return
    end
    applet:set_status(200)
    applet:add_header("content-type", file.kind)
    applet:add_header("content-encoding", "gzip")
    applet:add_header("vary", "Accept-Encoding")
    applet:add_header("cache-control", "public, max-age=31536000, immutable")
    applet:add_header("content-length", file.length)
    applet:start_response()
    if applet.method ~= "HEAD" then
        applet:send(file.body)
    end
end)
