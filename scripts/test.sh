#!/usr/bin/env bash
# Runs every test (see README.md): the service's build, then the cluster lab's. On Debian, as root, first installs
# the tools the tests drive for real.
# With CI=true a tool that is still missing fails the tests instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real: curl (the original README's commands), Chromium and its driver (the
# page), podman, runc, slirp4netns and debootstrap (the hardening lab), the AWKs, wrk and hyperfine (the benchmarks'
# smoke run). kubectl is not a Debian package: it comes with this machine image.
packages=(curl chromium chromium-driver podman runc slirp4netns debootstrap
    gawk mawk original-awk busybox wrk hyperfine)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Not installed (the tests that need them will fail under CI=true): ${missing[*]}" >&2
    fi
fi

. scripts/java-home.sh
echo "Using JDK at $JAVA_HOME"
mvn -B verify "$@"
# The cluster lab is a build of its own (cluster-lab/pom.xml, docs/cluster-lab.md); its tests drive the service's jar
# that the build above made.
mvn -B -f cluster-lab/pom.xml verify
