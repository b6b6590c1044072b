#!/usr/bin/env bash
# The hardening lab, without a cluster: the same vulnerable service, attacked by the same probe (demo/Probe.java),
#   - in a fat image (a Debian root filesystem with a full JDK, running as root), deployed with k8s/insecure, and
#   - in a STAND-IN for the apko image (scripts/install.sh's output in an otherwise empty root filesystem, with the
#     shared libraries the runtime needs and the user, entrypoint, environment and work dir of apko.yaml), deployed
#     with k8s/ (the hardened Deployment),
# both started from the Deployments by `podman kube play` and published on 127.0.0.1 only. It prints the two
# scorecards side by side and writes them to target/lab/scorecard.md and scorecard.json, then removes the pods,
# also on failure (the images stay, for a faster next run).
#
# Needs root, podman, runc, slirp4netns, debootstrap, kubectl and a JDK 21+; scripts/test.sh installs them on Debian.
# Environment: LAB_FAT_PORT (18081), LAB_HARDENED_PORT (18082), LAB_SKIP_BUILD=1 to use target/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

LAB=$PWD/target/lab
FAT_PORT=${LAB_FAT_PORT:-18081}
HARDENED_PORT=${LAB_HARDENED_PORT:-18082}
FAT_IMAGE=localhost/awk-playground-fat:lab
STANDIN_IMAGE=localhost/awk-playground-standin:lab
JAR=vulnerable-awk-playground.jar

die() {
    echo "lab.sh: $*" >&2
    exit 1
}
step() {
    echo "== $*"
}

[ "$(id -u)" = 0 ] || die "run as root: debootstrap and podman need it here"
for tool in podman runc slirp4netns debootstrap kubectl; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/test.sh installs it on Debian)"
done

mkdir -p "$LAB"
# The podman settings this machine needs: runc rather than crun, and lower default limits.
cat > "$LAB/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF=$LAB/containers.conf

if [ -z "${LAB_SKIP_BUILD:-}" ]; then
    step "build the service"
    mvn -B -q package -DskipTests
fi
[ -f "target/$JAR" ] || die "no target/$JAR: run 'mvn -B package -DskipTests' first"
snakeyaml=$(ls target/libs/snakeyaml-*.jar | head -n 1)
labfiles() {
    java -cp "$snakeyaml" scripts/lab/LabFiles.java "$@"
}

# --- The fat image ---------------------------------------------------------------------------------------------
debian=$LAB/cache/debian-bookworm
if [ ! -f "$debian/.complete" ]; then
    step "debootstrap a Debian root filesystem (once: it stays in $debian)"
    mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
    [ -n "$mirror" ] || die "no Debian mirror configured in /etc/apt"
    rm -rf "$debian"
    # minbase is Debian's smallest system; curl stands for the tools a general-purpose base image brings.
    debootstrap --variant=minbase --include=curl bookworm "$debian" "$mirror" > "$LAB/debootstrap.log" 2>&1 ||
        die "debootstrap failed, see $LAB/debootstrap.log"
    touch "$debian/.complete"
fi
step "fat image: Debian, a full JDK ($JAVA_HOME) and the service, as root -> $FAT_IMAGE"
fat=$LAB/fat-rootfs
rm -rf "$fat"
cp -a "$debian" "$fat"
rm "$fat/.complete"
cp -a "$JAVA_HOME/." "$fat/opt/java"
mkdir -p "$fat/app"
cp "target/$JAR" "$fat/app/"
cp -r target/libs "$fat/app/"
tar -C "$fat" -cf "$LAB/fat.tar" .
podman import -q \
    --change 'ENTRYPOINT=["/opt/java/bin/java","-XX:-DontCompileHugeMethods","-jar","/app/'"$JAR"'"]' \
    --change 'ENV=SERVER_HOST=0.0.0.0' --change 'WORKDIR=/app' \
    "$LAB/fat.tar" "$FAT_IMAGE" > /dev/null
rm -rf "$fat" "$LAB/fat.tar"

# --- The stand-in for the apko image ---------------------------------------------------------------------------
step "stand-in for the apko image: scripts/install.sh + shared libraries + apko.yaml's configuration -> $STANDIN_IMAGE"
standin=$LAB/standin-rootfs
rm -rf "$standin"
mkdir -p "$standin"
sh scripts/install.sh "$standin" > /dev/null
# The C libraries the jlinked runtime links, from this machine (Wolfi's glibc in the real image).
runtime=$standin/usr/lib/awk-playground/runtime
find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u |
    while read -r library; do
        case "$library" in "$PWD"/*) continue ;; esac
        mkdir -p "$standin$(dirname "$library")"
        cp -L "$library" "$standin$library"
    done
changes=()
modes=()
while read -r line; do
    case "$line" in
        MODE=*) modes+=("${line#MODE=}") ;;
        *) changes+=(--change "$line") ;;
    esac
done < <(labfiles standin apko.yaml "$standin")
# Every directory readable by the non-root user, then the modes apko.yaml asks for.
find "$standin" -type d -exec chmod 755 {} +
for mode in "${modes[@]}"; do
    chmod "${mode%% *}" "$standin${mode#* }"
done
tar -C "$standin" -cf "$LAB/standin.tar" .
podman import -q "${changes[@]}" "$LAB/standin.tar" "$STANDIN_IMAGE" > /dev/null
rm -rf "$standin" "$LAB/standin.tar"

# --- The Deployments, as podman plays them ---------------------------------------------------------------------
step "Deployments: k8s/insecure for the fat image, k8s/ for the stand-in"
kubectl kustomize k8s/insecure > "$LAB/insecure.rendered.yaml"
kubectl kustomize k8s > "$LAB/hardened.rendered.yaml"
labfiles deployment "$LAB/insecure.rendered.yaml" "$LAB/fat.yaml" awk-lab-fat "$FAT_IMAGE" "$FAT_PORT"
labfiles deployment "$LAB/hardened.rendered.yaml" "$LAB/hardened.yaml" awk-lab-hardened "$STANDIN_IMAGE" "$HARDENED_PORT"

teardown() {
    podman kube down "$LAB/fat.yaml" > /dev/null 2>&1 || true
    podman kube down "$LAB/hardened.yaml" > /dev/null 2>&1 || true
}
trap teardown EXIT
teardown

wait_ready() {
    local name=$1 port=$2
    for _ in $(seq 1 120); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/observe/health/ready")" = 204 ]; then
            return 0
        fi
        sleep 0.5
    done
    podman logs --tail 40 "$name-pod-0-awk-playground" >&2 || true
    die "$name did not become ready on 127.0.0.1:$port"
}

step "start both with podman kube play, on 127.0.0.1 only"
podman kube play --network slirp4netns "$LAB/fat.yaml" > /dev/null
podman kube play --network slirp4netns "$LAB/hardened.yaml" > /dev/null
wait_ready awk-lab-fat "$FAT_PORT"
wait_ready awk-lab-hardened "$HARDENED_PORT"

step "attack both with demo/Probe.java"
java demo/Probe.java --markdown --json-file "$LAB/scorecard.json" \
    fat="http://127.0.0.1:$FAT_PORT" hardened="http://127.0.0.1:$HARDENED_PORT" > "$LAB/table.md"
{
    echo "Scorecard of \`scripts/lab.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), on $(uname -sm), podman $(podman version --format '{{.Client.Version}}' 2>/dev/null)."
    echo "**fat**: Debian bookworm (minbase + curl) with a full JDK, as root, deployed with \`k8s/insecure\`."
    echo "**hardened**: a stand-in for the apko image, built without apko (\`scripts/install.sh\` in an empty root"
    echo "filesystem, configured from \`apko.yaml\`), deployed with \`k8s/\`. Rows about the service-account token,"
    echo "service links and the API server can only show a difference on a real cluster."
    echo
    cat "$LAB/table.md"
} > "$LAB/scorecard.md"
rm "$LAB/table.md"
cat "$LAB/scorecard.md"
