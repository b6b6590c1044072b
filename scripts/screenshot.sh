#!/usr/bin/env bash
# Takes docs/playground.png, README's picture of the page, again: ReadmeScreenshotTest runs the page in Debian's
# Chromium against the service with the settings a user gets, and stores the page's text in the PNG so that the test
# notices when the page changes and the picture does not.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
exec mvn -B -q test -Dtest=ReadmeScreenshotTest -Dpage.update-screenshot=true
