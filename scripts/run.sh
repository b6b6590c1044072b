#!/usr/bin/env bash
# Builds the service if its sources changed since the last build, and runs it on http://127.0.0.1:8080 (README.md).
# Options after the script name go to the JVM, for example: scripts/run.sh -Dplayground.mode=sandboxed
# A jar newer than every source starts at once (a speaker switching modes waits a second or two, not a build);
# scripts/run.sh --build builds first in any case.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
jar=target/vulnerable-awk-playground.jar
build=false
if [ "${1:-}" = "--build" ]; then
    build=true
    shift
fi
if [ ! -f "$jar" ] || [ ! -d target/libs ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
    build=true
fi
if [ "$build" = true ]; then
    echo "Building $jar (sources changed since the last build)..." >&2
    # Maven on JDK 25 warns about its own use of sun.misc.Unsafe; those lines and colour codes are not the service's.
    MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
        mvn -B -q -Dstyle.color=never package -DskipTests
fi
# The options every run of the service wants (the file says why); the image adds its own, src/main/jvm/image.options.
exec java @src/main/jvm/service.options "$@" -jar "$jar"
