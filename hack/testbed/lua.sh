# shellcheck shell=bash
# Lua 5.1 and lua-cjson: not a server, a tool. tests/Operator.Tests/ArgoCd runs the Argo CD health
# check and resource action under config/argocd with them (Argo CD runs such scripts with gopher-lua,
# a Lua 5.1). `hack/testbed.sh install` installs it with the servers; there is nothing to start.
#
#   lua_install   apt-get install lua5.1 lua-cjson unless lua5.1 can already load cjson
#
# Needs common.sh (tb_*) to be sourced first.

lua_install() {
    if command -v lua5.1 >/dev/null 2>&1 && lua5.1 -e "require('cjson')" >/dev/null 2>&1; then
        return 0
    fi
    tb_apt_install lua5.1 lua-cjson || return
    lua5.1 -e "require('cjson')" >/dev/null 2>&1 || tb_fail "lua5.1 is installed but cannot load cjson"
}
