#!/usr/bin/env bash
# Builds the awk-playground image: melange packages the service (melange.yaml), apko assembles the image
# (apko.yaml). Skaffold's custom builder runs it (skaffold.yaml); by hand: IMAGE=awk-playground:dev scripts/build-image.sh
# (--help prints this).
#
# Environment, as Skaffold sets it:
#   IMAGE          the image reference to produce (required)
#   PUSH_IMAGE     true: publish $IMAGE, for every platform, to its registry;
#                  otherwise: load a single-platform $IMAGE into the local Docker daemon (`skaffold dev` and
#                  `skaffold run` then load it into kind or k3d; `skaffold build` does not: scripts/cluster-lab.sh does)
#   PLATFORMS      for example linux/amd64,linux/arm64; empty: the Docker daemon's architecture
#   SKIP_TEST      true: skip melange's package test
#   BUILD_CONTEXT  the repository (default: this script's parent directory)
# Runners, chosen with BUILD_RUNNER:
#   auto           (default) native where melange and apko are both on the PATH, else docker
#   native         the melange and apko on the PATH; melange builds in bubblewrap, which needs unprivileged user
#                  namespaces (Ubuntu 23.10 and later block them with AppArmor: use docker there)
#   docker         their official images through Docker (MELANGE_IMAGE, APKO_IMAGE); melange's runs privileged, as
#                  root, and what it writes is handed back to you
#   MELANGE_RUNNER, when set, is passed to melange as --runner (bubblewrap, docker or qemu).
# Caches, created on first use and reused by every rebuild:
#   ./melange-cache    melange's --cache-dir, mounted in the build at /var/cache/melange: Maven's downloads
#   APK_CACHE          the apk packages melange and apko install (default ${XDG_CACHE_HOME:-~/.cache}/awk-playground/apk)
# melange's signing key is created on first use (melange.rsa, mode 0600, git-ignored).
set -euo pipefail

# The official images. Their free tier serves only :latest; to pin one, set the digest you pulled:
# MELANGE_IMAGE=$(docker inspect --format '{{index .RepoDigests 0}}' IMAGE:latest).
MELANGE_IMAGE=${MELANGE_IMAGE:-cgr.dev/chainguard/melange:latest}
APKO_IMAGE=${APKO_IMAGE:-cgr.dev/chainguard/apko:latest}

die() {
    echo "build-image.sh: $*" >&2
    exit 1
}
case "${1:-}" in
    -h | --help)
        sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
        exit 0
        ;;
    "") ;;
    *) die "no arguments, only environment variables: see scripts/build-image.sh --help" ;;
esac
# An executable on the PATH (not the functions of the same name below).
have() { type -P "$1" >/dev/null; }

[ -n "${IMAGE:-}" ] || die "set IMAGE to the image to build, for example IMAGE=awk-playground:dev"
cd "${BUILD_CONTEXT:-$(dirname "$0")/..}"

docker_ok=false
if have docker && docker info >/dev/null 2>&1; then docker_ok=true; fi
runner=${BUILD_RUNNER:-auto}
case "$runner" in
    auto) if have melange && have apko; then runner=native; else runner=docker; fi ;;
    native | docker) ;;
    *) die "BUILD_RUNNER=$runner: use native (melange and apko on the PATH), docker (their images) or auto" ;;
esac
if [ "$runner" = native ]; then
    for tool in melange apko; do
        have "$tool" || die "BUILD_RUNNER=native but $tool is not on the PATH: install it, or use BUILD_RUNNER=docker"
    done
else
    $docker_ok || die "melange and apko are not both installed and there is no Docker daemon to run their images: install them (BUILD_RUNNER=native), or start Docker"
fi
[ "${PUSH_IMAGE:-false}" = true ] || $docker_ok ||
    die "PUSH_IMAGE is not true, so the image goes into the local Docker daemon, and there is none: start Docker, or push to a registry"

APK_CACHE=${APK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/awk-playground/apk}
# melange mounts its --cache-dir only if the directory exists.
mkdir -p melange-cache "$APK_CACHE"

# melange and apko: the local binary, or the official image with this repository and the apk cache mounted at the
# same paths. melange's build sandbox (bubblewrap) needs a privileged container, as root: the files it writes are
# given back to the caller before the container ends. apko needs no privilege and runs as the caller.
melange() {
    if [ "$runner" = native ]; then
        command melange "$@"
    else
        # shellcheck disable=SC2016 # expanded by the container's shell
        docker run --rm --privileged -v "$PWD:$PWD" -v "$APK_CACHE:$APK_CACHE" -w "$PWD" \
            -e OWNER="$(id -u):$(id -g)" -e APK_CACHE="$APK_CACHE" --entrypoint /bin/sh "$MELANGE_IMAGE" -c '
                melange "$@"; status=$?
                for written in packages melange-cache melange.rsa melange.rsa.pub "$APK_CACHE"; do
                    [ ! -e "$written" ] || chown -R "$OWNER" "$written"
                done
                exit $status' sh "$@"
    fi
}
apko() {
    if [ "$runner" = native ]; then
        command apko "$@"
    else
        # --network host: a registry on the host's localhost (a kind registry, for example) is reachable.
        # Registry credentials come from the Docker config file (a credential helper on the host cannot be reached).
        local config=${DOCKER_CONFIG:-$HOME/.docker} mounts=(-v "$PWD:$PWD" -v "$out:$out" -v "$APK_CACHE:$APK_CACHE")
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

if [ ! -f melange.rsa ]; then
    melange keygen melange.rsa
    chmod 0600 melange.rsa # the private key: the caller's alone
fi
runner_flag=()
[ -z "${MELANGE_RUNNER:-}" ] || runner_flag=(--runner "$MELANGE_RUNNER")

echo "==> melange build ($arch_list, $runner)"
melange build melange.yaml --arch "$arch_list" --signing-key melange.rsa \
    --out-dir ./packages --cache-dir ./melange-cache --apk-cache-dir "$APK_CACHE" "${runner_flag[@]}"

if [ "${SKIP_TEST:-false}" != true ]; then
    echo "==> melange test ($arch_list)"
    melange test melange.yaml awk-playground --arch "$arch_list" --source-dir scripts \
        --repository-append ./packages --keyring-append melange.rsa.pub --apk-cache-dir "$APK_CACHE" "${runner_flag[@]}"
fi

if [ "${PUSH_IMAGE:-false}" = true ]; then
    echo "==> apko publish $IMAGE ($arch_list)"
    apko publish apko.yaml "$IMAGE" --arch "$arch_list" --sbom-path "$out" --cache-dir "$APK_CACHE"
else
    echo "==> apko build $IMAGE ($arch_list), docker load"
    apko build apko.yaml "$IMAGE" "$out/image.tar" --arch "$arch_list" --sbom-path "$out" --cache-dir "$APK_CACHE"
    # apko tags the image in a tarball with an architecture suffix ($IMAGE-amd64): tag it as Skaffold expects.
    loaded=$(docker load -i "$out/image.tar" | sed -n 's/^Loaded image: //p' | head -n 1)
    [ -n "$loaded" ] || die "docker load reported no image"
    docker tag "$loaded" "$IMAGE"
    echo "loaded $IMAGE"
fi
