#!/usr/bin/env bash
# Builds the service and runs it on http://127.0.0.1:8080 (see README.md).
# Options after the script name go to the JVM, for example: scripts/run.sh -Dplayground.mode=sandboxed
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
mvn -B -q package -DskipTests
# The options every run of the service wants (the file says why); the image adds its own, src/main/jvm/image.options.
exec java @src/main/jvm/service.options "$@" -jar target/vulnerable-awk-playground.jar
