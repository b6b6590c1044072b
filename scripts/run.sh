#!/usr/bin/env bash
# Builds the service and runs it on http://127.0.0.1:8080 (see README.md).
# Options after the script name go to the JVM, for example: scripts/run.sh -Dplayground.mode=sandboxed
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
mvn -B -q package -DskipTests
# jawk's interpreter loop is one huge method; HotSpot compiles it only with this flag (3 to 10 times faster).
exec java -XX:-DontCompileHugeMethods "$@" -jar target/vulnerable-awk-playground.jar
