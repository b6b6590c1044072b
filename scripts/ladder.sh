#!/usr/bin/env bash
# The image ladder, built from dockerfiles/ with Docker or podman where the base images can be pulled, and the apko
# image of apko.yaml (scripts/build-image.sh) where melange and apko, or Docker, are there. Prints one table: the
# size the engine reports, the compressed size (every layer gzipped, about what a pull transfers) and the
# attack-surface inventory of each image's file system, measured by scripts/lab/Ladder.java as scripts/lab.sh
# measures its local rungs. Writes target/ladder/ladder.md and ladder.json.
#
# Environment:
#   LADDER_ENGINE        docker or podman (default: docker if it answers, else podman)
#   DISTROLESS_REGISTRY  required: the registry serving the distroless images (see github.com/GoogleContainerTools/distroless)
#   CHAINGUARD_REGISTRY  required: the registry serving Chainguard's images (see github.com/chainguard-images)
#   CHAINGUARD_JRE_TAG   the jre tag to use (default latest, which the free tier serves; version tags such as
#                        openjdk-25, Dockerfile.chainguard's own default, need a subscription)
# Run it as root (or with rootful Docker) so exported file systems keep their setuid bits and owners.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=$PWD/target/ladder
RUNGS=(fat ubuntu-jre alpine-jre distroless chainguard)
FIRST_BASE=maven:3.9.16-eclipse-temurin-25

die() {
    echo "ladder.sh: $*" >&2
    exit 1
}

engine=${LADDER_ENGINE:-}
if [ -z "$engine" ]; then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
        engine=docker
    elif command -v podman >/dev/null; then
        engine=podman
    else
        die "neither docker nor podman is installed: scripts/lab.sh measures the ladder without either (it needs podman)"
    fi
fi
command -v "$engine" >/dev/null || die "$engine is not installed"
missing=()
for variable in DISTROLESS_REGISTRY CHAINGUARD_REGISTRY; do
    [ -n "${!variable:-}" ] || missing+=("$variable")
done
[ ${#missing[@]} -eq 0 ] || die "set ${missing[*]}: the registries that serve the distroless and Chainguard base images \
(the host names their projects publish: see github.com/GoogleContainerTools/distroless and github.com/chainguard-images); \
no subscription is needed, the Chainguard JRE is pulled as :${CHAINGUARD_JRE_TAG:-latest}"
CHAINGUARD_JRE_TAG=${CHAINGUARD_JRE_TAG:-latest}
# Fail before anything is built when no base image can be pulled (no registry, or no network).
if ! "$engine" pull -q "$FIRST_BASE" > /dev/null 2>&1; then
    die "cannot pull $FIRST_BASE with $engine: this machine reaches no container registry. scripts/lab.sh builds and measures the ladder locally instead, without pulling anything."
fi
command -v java >/dev/null || [ -n "${JAVA_HOME:-}" ] || die "no java: the table is measured by scripts/lab/Ladder.java"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

rm -rf "$OUT"
mkdir -p "$OUT"
measure() { # RUNG DESCRIPTION IMAGE
    local rung=$1 description=$2 image=$3 rootfs=$OUT/rootfs-$1 container
    mkdir -p "$rootfs"
    container=$("$engine" create "$image")
    "$engine" export "$container" | tar -x -p -C "$rootfs"
    "$engine" rm "$container" > /dev/null
    "$java" scripts/lab/Ladder.java measure "$OUT" "$rung" "$description" "$rootfs" \
        "$("$engine" image inspect --format '{{.Size}}' "$image")" \
        "$("$engine" save "$image" | gzip -6 -c | wc -c)"
    rm -rf "$rootfs"
}

built=()
for rung in "${RUNGS[@]}"; do
    file=dockerfiles/Dockerfile.$rung
    image=awk-playground-ladder:$rung
    echo "== $file -> $image"
    "$engine" build -q -f "$file" -t "$image" \
        --build-arg "DISTROLESS_REGISTRY=$DISTROLESS_REGISTRY" --build-arg "CHAINGUARD_REGISTRY=$CHAINGUARD_REGISTRY" \
        --build-arg "CHAINGUARD_JRE_TAG=$CHAINGUARD_JRE_TAG" . > /dev/null
    measure "$rung" "$file: $(sed -n 's/^FROM \([^ ]*\).*/\1/p' "$file" | tail -n 1)" "$image"
    built+=("$rung")
done

# The last rung: apko.yaml's image, where scripts/build-image.sh can build it into Docker.
if [ "$engine" = docker ] && { command -v apko >/dev/null || docker info >/dev/null 2>&1; }; then
    echo "== apko.yaml -> awk-playground-ladder:apko (scripts/build-image.sh)"
    IMAGE=awk-playground-ladder:apko PUSH_IMAGE=false PLATFORMS='' SKIP_TEST=true scripts/build-image.sh
    measure apko "apko.yaml: awk-playground package (jlinked runtime) and the Wolfi packages it needs" \
        awk-playground-ladder:apko
    built+=(apko)
else
    echo "== apko.yaml: skipped (scripts/build-image.sh loads the image into Docker; run with LADDER_ENGINE=docker)"
fi

"$java" scripts/lab/Ladder.java table "$OUT" \
    "The ladder as \`scripts/ladder.sh\` built it with $engine on $(date -u '+%Y-%m-%d'), $(uname -m)." "${built[@]}"
