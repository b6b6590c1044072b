# shellcheck shell=bash
# Sourced by scripts/test.sh and scripts/bench.sh, which need Debian packages for the tools they drive.

# install_missing_debian_packages PACKAGE...: installs those of the packages that are not installed yet, with apt-get,
# as root on a machine that has it; returns apt-get's status. Elsewhere it names the missing ones on stderr and
# returns 1. Either way the caller decides what a missing tool means (the tests fail under CI=true, the benchmarks
# exit 3).
install_missing_debian_packages() {
    local package missing=()
    for package in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ] || missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Not installed: ${missing[*]}" >&2
        return 1
    fi
}
