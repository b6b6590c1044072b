#!/usr/bin/env bash
# Runs every test (see README.md): the service's build, then the cluster lab's. On Debian, as root, first installs
# the tools the tests drive for real.
# With CI=true a tool that is still missing fails the tests instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real: curl (the original README's commands), Chromium and its driver (the
# page), podman, runc, slirp4netns and debootstrap (the hardening lab), the AWKs, wrk and hyperfine (the benchmarks'
# smoke run), shellcheck (every shell script). kubectl is not a Debian package: it comes with this machine image.
. scripts/lib/debian-packages.sh
install_missing_debian_packages curl chromium chromium-driver podman runc slirp4netns debootstrap \
    gawk mawk original-awk busybox wrk hyperfine shellcheck ||
    echo "The tests that need them will fail under CI=true." >&2

# The OpenAPI linters (OpenApiLintTest), from npm at the versions tools/openapi/package-lock.json pins; promtool
# (MetricsPromtoolTest) from Debian's prometheus package, unpacked into target/ without installing or starting the
# server.
if command -v npm >/dev/null; then
    npm ci --prefix tools/openapi --no-audit --no-fund >/dev/null ||
        echo "npm ci --prefix tools/openapi failed; the OpenAPI lint tests will fail under CI=true." >&2
else
    echo "npm is missing; the OpenAPI lint tests will fail under CI=true." >&2
fi
if [ ! -x target/promtool/usr/bin/promtool ] && command -v apt-get >/dev/null; then
    (mkdir -p target/promtool && cd target/promtool && apt-get download prometheus >/dev/null 2>&1 &&
        dpkg-deb -x prometheus_*.deb . && rm -f prometheus_*.deb) ||
        echo "Could not unpack promtool; the metrics format test will fail under CI=true." >&2
fi
# One-true-awk's test programs (OneTrueAwkProgramsTest), from Debian's original-awk source package into
# target/onetrue-awk/testdir.
. scripts/lib/onetrue-awk-tests.sh
fetch_onetrue_awk_testdir target/onetrue-awk ||
    echo "Could not unpack one-true-awk's test programs; OneTrueAwkProgramsTest will fail under CI=true." >&2

. scripts/java-home.sh
echo "Using JDK at $JAVA_HOME"
mvn -B verify "$@"
# The cluster lab is a build of its own (cluster-lab/pom.xml, docs/cluster-lab.md); its tests drive the service's jar
# that the build above made.
mvn -B -f cluster-lab/pom.xml verify
