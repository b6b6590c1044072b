#!/usr/bin/env bash
# Builds the awk-playground image: melange packages the service (melange.yaml), apko assembles the image
# (apko.yaml). Skaffold's custom builder runs it (skaffold.yaml); by hand: IMAGE=awk-playground:dev scripts/build-image.sh
#
# Environment, as Skaffold sets it:
#   IMAGE          the image reference to produce (required)
#   PUSH_IMAGE     true: publish $IMAGE, for every platform, to its registry;
#                  otherwise: load a single-platform $IMAGE into the local Docker daemon (Skaffold then loads it into
#                  kind or k3d itself)
#   PLATFORMS      for example linux/amd64,linux/arm64; empty: the Docker daemon's architecture
#   SKIP_TEST      true: skip melange's package test
#   BUILD_CONTEXT  the repository (default: this script's parent directory)
# melange and apko are used from the PATH when there, otherwise from their official images through Docker
# (override with MELANGE_IMAGE and APKO_IMAGE). melange's signing key is created on first use (melange.rsa, git-ignored).
set -euo pipefail

MELANGE_IMAGE=${MELANGE_IMAGE:-cgr.dev/chainguard/melange:latest}
APKO_IMAGE=${APKO_IMAGE:-cgr.dev/chainguard/apko:latest}

die() {
    echo "build-image.sh: $*" >&2
    exit 1
}
# An executable on the PATH (not the functions of the same name below).
have() { type -P "$1" >/dev/null; }

[ -n "${IMAGE:-}" ] || die "set IMAGE to the image to build, for example IMAGE=awk-playground:dev"
cd "${BUILD_CONTEXT:-$(dirname "$0")/..}"

docker_ok=false
if have docker && docker info >/dev/null 2>&1; then docker_ok=true; fi
for tool in melange apko; do
    have "$tool" || $docker_ok || die "$tool is not installed and there is no Docker daemon to run its image: install $tool, or start Docker"
done
[ "${PUSH_IMAGE:-false}" = true ] || $docker_ok ||
    die "PUSH_IMAGE is not true, so the image goes into the local Docker daemon, and there is none: start Docker, or push to a registry"

# melange and apko: the local binary, or the official image with this repository mounted at the same path.
# melange's build sandbox (bubblewrap) needs a privileged container; apko needs no privilege and runs as the caller.
melange() {
    if have melange; then
        command melange "$@"
    else
        docker run --rm --privileged -v "$PWD:$PWD" -w "$PWD" "$MELANGE_IMAGE" "$@"
    fi
}
apko() {
    if have apko; then
        command apko "$@"
    else
        # --network host: a registry on the host's localhost (a kind registry, for example) is reachable.
        # Registry credentials come from the Docker config file (a credential helper on the host cannot be reached).
        local config=${DOCKER_CONFIG:-$HOME/.docker} mounts=(-v "$PWD:$PWD" -v "$out:$out")
        [ -d "$config" ] && mounts+=(-v "$config:/tmp/.docker:ro")
        docker run --rm --network host --user "$(id -u):$(id -g)" -e HOME=/tmp "${mounts[@]}" -w "$PWD" \
            "$APKO_IMAGE" "$@"
    fi
}

# Platform names as Skaffold gives them (linux/amd64) to apk architecture names (x86_64).
apk_arch() {
    case "$1" in
        linux/amd64 | amd64 | x86_64) echo x86_64 ;;
        linux/arm64 | linux/arm64/v8 | arm64 | aarch64) echo aarch64 ;;
        *) die "platform '$1' is not built: apko.yaml and melange.yaml have linux/amd64 and linux/arm64" ;;
    esac
}
archs=()
case "${PLATFORMS:-}" in
    "") ;;
    all) archs=(x86_64 aarch64) ;;
    *)
        IFS=, read -r -a platforms <<<"$PLATFORMS"
        for platform in "${platforms[@]}"; do archs+=("$(apk_arch "$platform")"); done
        ;;
esac

if [ "${PUSH_IMAGE:-false}" != true ]; then
    # The local daemon holds one platform per tag: the daemon's own if it was asked for (or nothing was asked).
    daemon=$(apk_arch "$(docker version --format '{{.Server.Arch}}')")
    if [ ${#archs[@]} -eq 0 ] || [[ " ${archs[*]} " == *" $daemon "* ]]; then
        archs=("$daemon")
    else
        echo "build-image.sh: the Docker daemon is $daemon; loading ${archs[0]} only" >&2
        archs=("${archs[0]}")
    fi
elif [ ${#archs[@]} -eq 0 ]; then
    archs=(x86_64 aarch64)
fi
arch_list=$(IFS=,; echo "${archs[*]}")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -f melange.rsa ] || melange keygen melange.rsa

echo "==> melange build ($arch_list)"
melange build melange.yaml --arch "$arch_list" --signing-key melange.rsa \
    --out-dir ./packages --cache-dir ./melange-cache

if [ "${SKIP_TEST:-false}" != true ]; then
    echo "==> melange test ($arch_list)"
    melange test melange.yaml awk-playground --arch "$arch_list" --source-dir scripts \
        --repository-append ./packages --keyring-append melange.rsa.pub
fi

if [ "${PUSH_IMAGE:-false}" = true ]; then
    echo "==> apko publish $IMAGE ($arch_list)"
    apko publish apko.yaml "$IMAGE" --arch "$arch_list" --sbom-path "$out"
else
    echo "==> apko build $IMAGE ($arch_list), docker load"
    apko build apko.yaml "$IMAGE" "$out/image.tar" --arch "$arch_list" --sbom-path "$out"
    # apko tags the image in a tarball with an architecture suffix ($IMAGE-amd64): tag it as Skaffold expects.
    loaded=$(docker load -i "$out/image.tar" | sed -n 's/^Loaded image: //p' | head -n 1)
    [ -n "$loaded" ] || die "docker load reported no image"
    docker tag "$loaded" "$IMAGE"
    echo "loaded $IMAGE"
fi
