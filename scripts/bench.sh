#!/usr/bin/env bash
# Benchmarks (issue 6): engine throughput against gawk, mawk, original-awk and busybox awk; requests per second and
# latency against a fork-per-request baseline; start-up time and memory with and without an AOT cache; sizes.
# Writes BENCHMARKS.md. See bench/Bench.java.
#
#   scripts/bench.sh             build, run everything (about 10 minutes on 2 cores), write BENCHMARKS.md
#   scripts/bench.sh --smoke     the same harness briefly (under a minute): checks it works and the results are
#                                right, writes target/bench-smoke/BENCHMARKS.md
#   --no-build                   use target/ as it is (BenchmarkSmokeIT runs after `mvn package`)
#   --out FILE                   write the report elsewhere
#
# Needs a JDK 25 (for the AOT cache) and the Debian packages gawk mawk original-awk busybox wrk hyperfine; as root on
# Debian it installs the missing ones. Exit 3: a tool is missing (or the JDK is older than 25). All load goes to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
args=()
for arg in "$@"; do
    case "$arg" in
        --no-build) build=false ;;
        *) args+=("$arg") ;;
    esac
done

# A tool still missing after this makes bench/Bench.java exit 3, naming it.
. scripts/lib/debian-packages.sh
install_missing_debian_packages gawk mawk original-awk busybox wrk hyperfine || true

. scripts/java-home.sh
version=$(java_feature_version "$JAVA_HOME")
if [ "${version:-0}" -lt 25 ]; then
    echo "bench.sh: $JAVA_HOME is Java $version; the AOT cache rows need a JDK 25 (set JAVA_HOME)" >&2
    exit 3
fi
if $build; then
    mvn -B -q package -DskipTests
fi
# The engine runs in this JVM: with the options every run of the service wants, and heap enough for a 20 MB input
# and its output.
exec "$JAVA_HOME/bin/java" @src/main/jvm/service.options -Xmx2g -cp "target/classes:target/libs/*" \
    bench/Bench.java "${args[@]+"${args[@]}"}"
