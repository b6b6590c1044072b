# shellcheck shell=sh
# Sourced by the other scripts: makes JAVA_HOME point at a JDK 25 or newer (the engine uses the FFM API; the image,
# CI and the AOT cache run 25).
# Keeps a JAVA_HOME that is already good enough; otherwise takes the newest JDK under /usr/lib/jvm.

java_feature_version() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(java_feature_version "$JAVA_HOME")" -lt 25 ]; then
    best="" best_version=0
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        version=$(java_feature_version "$candidate")
        if [ "${version:-0}" -gt "$best_version" ]; then
            best=$candidate best_version=$version
        fi
    done
    if [ "$best_version" -lt 25 ]; then
        echo "A JDK 25 or newer is needed; set JAVA_HOME to one." >&2
        exit 1
    fi
    export JAVA_HOME="$best"
fi
export PATH="$JAVA_HOME/bin:$PATH"
