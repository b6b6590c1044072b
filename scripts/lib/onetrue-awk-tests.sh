# shellcheck shell=bash
# Sourced by scripts/test.sh: one-true-awk's own test programs (t.*, p.*, test.data, test.countries) for
# OneTrueAwkProgramsTest. They are in the testdir of Debian's original-awk SOURCE package, not in the binary one.

# fetch_onetrue_awk_testdir DIR: unpacks that testdir into DIR/testdir unless it is there already. apt-get source needs
# a deb-src entry: when the machine has none, one is derived from its own deb entries (as root), so no archive host is
# named here. Returns non-zero, saying why on stderr, when it cannot.
fetch_onetrue_awk_testdir() {
    local dir=$1
    [ -f "$dir/testdir/test.data" ] && return 0
    if ! command -v apt-get >/dev/null; then
        echo "apt-get is missing: cannot fetch original-awk's source package" >&2
        return 1
    fi
    mkdir -p "$dir/download"
    if ! (cd "$dir/download" && apt-get source --download-only -qq original-awk >/dev/null 2>&1); then
        if [ "$(id -u)" != 0 ]; then
            echo "apt-get source original-awk failed, and only root can add a deb-src entry and update apt's lists" >&2
            return 1
        fi
        add_debian_source_entries || return 1
        apt-get update -qq || { echo "apt-get update failed" >&2; return 1; }
        if ! (cd "$dir/download" && apt-get source --download-only -qq original-awk >/dev/null); then
            echo "apt-get source --download-only original-awk failed" >&2
            return 1
        fi
    fi
    local tarballs=("$dir"/download/original-awk_*.orig.tar.*)
    if [ ! -f "${tarballs[0]}" ]; then
        echo "original-awk's source package has no .orig tarball" >&2
        return 1
    fi
    tar -xf "${tarballs[0]}" -C "$dir" --strip-components=1 --wildcards '*/testdir' ||
        { echo "original-awk's tarball has no testdir" >&2; return 1; }
    rm -rf "$dir/download"
}

# add_debian_source_entries: a deb-src twin of each deb entry of /etc/apt/sources.list.d/debian.sources (deb822) or
# /etc/apt/sources.list (one line each), unless the machine already has deb-src entries.
add_debian_source_entries() {
    local lists=/etc/apt/sources.list.d
    if grep -rqs -e '^Types:.*deb-src' -e '^deb-src ' "$lists" /etc/apt/sources.list; then
        return 0
    fi
    if [ -f "$lists/debian.sources" ]; then
        sed 's/^Types: deb$/Types: deb-src/' "$lists/debian.sources" >"$lists/awk-playground-src.sources"
    elif [ -f /etc/apt/sources.list ]; then
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$lists/awk-playground-src.list"
    else
        echo "no apt sources to derive a deb-src entry from" >&2
        return 1
    fi
}
