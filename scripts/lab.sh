#!/usr/bin/env bash
# The hardening lab, without a cluster or a registry: the image ladder, measured, and the defence-in-depth matrix.
#
# 1. The ladder: four images of the same service, each built here by copying (no image is pulled):
#      fat         Debian with a full JDK, Maven, the sources, their build and the Maven repository the build used,
#                  built in place (dockerfiles/Dockerfile.fat's rung), as root
#      debian-jre  Debian with a full JRE (every runtime module, no development tools) and the jars
#      slim-jlink  Debian slimmed (no curl, no docs) with scripts/install.sh's output: the jlinked runtime, the jars
#      minimal     a STAND-IN for the apko image: scripts/install.sh's output in an otherwise empty root filesystem,
#                  with the C libraries the runtime links and the user, entrypoint, environment and accounts of
#                  apko.yaml (apko itself cannot run here)
#    Each is measured (scripts/lab/Ladder.java: size, compressed size, files, ELF executables, setuid files, shells,
#    package managers, interpreters, downloaders, packages) into target/lab/ladder.md and ladder.json.
# 2. The matrix: every image started under both pod specs, k8s/insecure and k8s/, by `podman kube play`, published
#    on 127.0.0.1 only, and attacked with the one catalogue, demo/Probe.java. scripts/lab/Matrix.java writes the
#    scorecard with a column per image and pod spec, what stopped each attack (derived from the results), and the
#    attacks that worked per column: target/lab/scorecard.md and scorecard.json.
# 3. The pictures: scripts/lab/Chart.java (Java2D, headless) draws target/lab/ladder.png and matrix.png, and an
#    .svg of each. With --update-docs the lab copies them to docs/ and the tables into docs/hardening-lab.md.
# The pods are removed at the end, also on failure; the images stay, for a look with podman.
#
# Needs root, podman, runc, slirp4netns, debootstrap, kubectl and a JDK 25+; scripts/test.sh installs them on Debian.
# Environment: LAB_PORT_BASE (28080: the first host port tried), LAB_SKIP_BUILD=1 to use target/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

LAB=$PWD/target/lab
# Kept across `mvn clean` (target/ is not): the Debian download, and the podman settings for use by hand.
CACHE=${LAB_CACHE:-/var/cache/awk-playground-lab}
RUNGS=(fat debian-jre slim-jlink minimal)
SPECS=(insecure hardened)
JAR=vulnerable-awk-playground.jar
PREFIX=/usr/lib/awk-playground

usage() {
    cat <<EOF_USAGE
usage: scripts/lab.sh [--update-docs] [--keep]
       scripts/lab.sh --stop | --help

Builds four images of the service (the ladder), starts each under both pod specs with podman kube play on
127.0.0.1, attacks all eight pods with demo/Probe.java and writes target/lab/ladder.md, scorecard.md, their JSON
and the charts (PNG and SVG).

  --update-docs  copy the tables and charts into docs/
  --keep         leave the eight pods running afterwards, for a live demo; their addresses are printed
  --stop         stop the pods a --keep left running (and their volumes)
  --help         this text

Needs: root; podman, runc and slirp4netns (apt-get install -y podman runc slirp4netns); debootstrap
(apt-get install -y debootstrap); kubectl, for 'kubectl kustomize' only (not a Debian package: install it as the
Kubernetes documentation's "Install Tools" page says); a JDK 25 or newer (JAVA_HOME, or one under /usr/lib/jvm);
Maven 3.8+; curl and gzip.

Time: a run takes about 4 minutes on 2 cores, most of it building the service and the rungs. The first run also
downloads a minimal Debian with debootstrap (about 200 MB, a minute) and keeps it outside target/, so that
'mvn clean' leaves it, in
  $CACHE  (LAB_CACHE=DIR names another folder)

By hand: the podman settings this machine needs (runc, lower default limits; without them a container fails
with 'error setting rlimit type 7') are in $CACHE/containers.conf:
  CONTAINERS_CONF=$CACHE/containers.conf podman run --rm --network none --entrypoint id localhost/awk-playground-fat:lab
One lab runs at a time on a machine: a second one says so and stops.
Environment: LAB_PORT_BASE (28080: the first host port tried), LAB_SKIP_BUILD=1 to use target/ as it is.
EOF_USAGE
}

UPDATE_DOCS=
KEEP=
STOP=
for argument in "$@"; do
    case "$argument" in
        --update-docs) UPDATE_DOCS=1 ;;
        --keep) KEEP=1 ;;
        --stop) STOP=1 ;;
        --help|-h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

die() {
    echo "lab.sh: $*" >&2
    exit 1
}
started=$SECONDS
step() {
    echo "== [$((SECONDS - started)) s] $*"
}

[ "$(id -u)" = 0 ] || die "run as root: debootstrap, chroot and podman need it here"
for tool in podman runc slirp4netns debootstrap gzip curl flock; do
    command -v "$tool" >/dev/null || die "$tool is not installed: apt-get install -y $tool"
done
command -v kubectl >/dev/null || die "kubectl is not installed; it is not a Debian package: install it as the \
Kubernetes documentation's \"Install Tools\" page says (the lab uses only 'kubectl kustomize')"

. scripts/java-home.sh

mkdir -p "$LAB" "$CACHE"
# The podman settings this machine needs: runc rather than crun, and lower default limits.
cat > "$CACHE/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF=$CACHE/containers.conf

teardown() { # the pods, and their volumes (podman keeps an emptyDir's volume after the pod)
    local pod volume
    for pod in "$LAB"/pods/*.yaml; do
        [ -f "$pod" ] || continue
        podman kube down "$pod" > /dev/null 2>&1 || true
    done
    if [ -f "$LAB/pods/volumes" ]; then
        while read -r volume; do
            podman volume rm -f "$volume" > /dev/null 2>&1 || true
        done < "$LAB/pods/volumes"
    fi
}
if [ -n "$STOP" ]; then
    teardown
    echo "lab.sh: the lab's pods are stopped"
    exit 0
fi

# One lab at a time: the images and pods have fixed names.
exec 9> "$CACHE/lab.lock"
flock -n 9 || die "another scripts/lab.sh is running on this machine (it holds $CACHE/lab.lock); wait for it"
if podman pod ls --format '{{.Name}}' 2>/dev/null | grep -q '^awk-lab-'; then
    die "the pods of an earlier 'scripts/lab.sh --keep' are still running: stop them with scripts/lab.sh --stop"
fi
rm -f "$LAB"/*.rung "$LAB"/*.size

if [ -z "${LAB_SKIP_BUILD:-}" ]; then
    step "build the service"
    mvn -B -q package -DskipTests
fi
if [ ! -f "target/$JAR" ] || [ ! -f target/bom.json ]; then
    die "no target/$JAR and bom.json: run 'mvn -B package -DskipTests' first"
fi
snakeyaml=(target/libs/snakeyaml-*.jar)
[ -f "${snakeyaml[0]}" ] || die "no snakeyaml jar in target/libs"
labfiles() {
    java -cp "${snakeyaml[0]}" scripts/lab/LabFiles.java "$@"
}

# --- The rungs --------------------------------------------------------------------------------------------------
debian=$CACHE/debian-bookworm
# An earlier lab kept its download under target/: move it rather than download it again.
if [ ! -f "$debian/.complete" ] && [ -f "$LAB/cache/debian-bookworm/.complete" ]; then
    rm -rf "$debian"
    mv "$LAB/cache/debian-bookworm" "$debian"
fi
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
from_debian() { # ROOTFS: a copy of the Debian cache, the rung's starting point
    rm -rf "$1"
    cp -a "$debian" "$1"
    rm "$1/.complete"
}

# scripts/install.sh once, for the two rungs that ship its output (its AOT training run takes a while).
installed=$LAB/installed
rm -rf "$installed"
step "scripts/install.sh: the jlinked runtime, the jars, the SBOM and the AOT cache"
sh scripts/install.sh "$installed" > "$LAB/install.log" 2>&1 || die "install.sh failed, see $LAB/install.log"

# The image configurations, as `podman import --change` values. The fat rung runs as root, like its Dockerfile;
# the runtime rungs set a non-root user, like theirs. The pod specs set the user either way. Like their Dockerfiles,
# the Debian rungs start java with the options every run of the service wants, src/main/jvm/service.options; the
# apko rungs with apko.yaml's entrypoint.
config_fat=(--change 'WORKDIR=/app' --change 'ENV=SERVER_HOST=0.0.0.0'
    --change 'ENTRYPOINT=["/opt/java/bin/java","@src/main/jvm/service.options","-jar","target/'"$JAR"'"]')
config_debian_jre=(--change 'USER=65532' --change 'WORKDIR=/app' --change 'ENV=SERVER_HOST=0.0.0.0'
    --change 'ENTRYPOINT=["/opt/java/bin/java","@/app/service.options","-jar","/app/'"$JAR"'"]')
config_apko=()
standin_modes=()
rm -rf "$LAB/apko-accounts"
# Captured first: a failure of LabFiles stops the lab here (bash ignores the status of a `< <(...)` substitution).
standin=$(labfiles standin apko.yaml "$LAB/apko-accounts") || die "LabFiles could not read apko.yaml"
while read -r line; do
    case "$line" in
        MODE=*) standin_modes+=("${line#MODE=}") ;;
        *) config_apko+=(--change "$line") ;;
    esac
done <<< "$standin"
[ ${#config_apko[@]} -gt 0 ] || die "LabFiles printed no image configuration for apko.yaml"

build_fat() { # a full JDK, Maven, the sources and the Maven repository, built in place
    local rootfs=$1
    from_debian "$rootfs"
    cp -a "$JAVA_HOME/." "$rootfs/opt/java"
    cp -rL "$(dirname "$(dirname "$(readlink -f "$(command -v mvn)")")")" "$rootfs/opt/maven"
    ln -s /opt/maven/bin/mvn "$rootfs/usr/local/bin/mvn"
    ln -s /opt/java/bin/java "$rootfs/usr/local/bin/java"
    mkdir -p "$rootfs/app"
    cp -r pom.xml src "$rootfs/app/"
    # The build fills a repository of its own, inside the image, with exactly what `mvn package` needs: plugins and
    # dependencies, copied from this machine's repository (a file:// mirror), so nothing is downloaded.
    cat > "$LAB/mirror-settings.xml" <<EOF
<settings><mirrors><mirror><id>this-machine</id><mirrorOf>*</mirrorOf>
<url>file://${MAVEN_REPOSITORY:-$HOME/.m2/repository}</url></mirror></mirrors></settings>
EOF
    mvn -B -q -s "$LAB/mirror-settings.xml" -Dmaven.repo.local="$rootfs/root/.m2/repository" \
        -f "$rootfs/app/pom.xml" package -DskipTests > "$LAB/fat-build.log" 2>&1 ||
        die "the fat rung's Maven build failed, see $LAB/fat-build.log"
}

build_debian_jre() { # a full JRE: every module of the JDK but the development tools', as a JRE package has
    local rootfs=$1
    from_debian "$rootfs"
    local tools=" jdk.compiler jdk.javadoc jdk.jshell jdk.jdeps jdk.jlink jdk.jartool jdk.jpackage jdk.jconsole "
    tools+=" jdk.hotspot.agent jdk.jstatd jdk.jcmd jdk.jdi jdk.editpad jdk.internal.ed jdk.internal.le "
    tools+=" jdk.internal.opt jdk.jdwp.agent jdk.javadoc jdk.jsobject jdk.graal.compiler jdk.graal.compiler.management "
    local modules=() module all
    all=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//') || die "java --list-modules failed"
    for module in $all; do
        case "$tools" in *" $module "*) ;; *) modules+=("$module") ;; esac
    done
    "$JAVA_HOME/bin/jlink" --add-modules "$(IFS=,; echo "${modules[*]}")" --strip-debug --no-man-pages \
        --no-header-files --output "$rootfs/opt/java"
    mkdir -p "$rootfs/app"
    cp "target/$JAR" src/main/jvm/service.options "$rootfs/app/"
    cp -r target/libs "$rootfs/app/"
}

build_slim_jlink() { # Debian without curl, documentation and package lists, with install.sh's output
    local rootfs=$1
    from_debian "$rootfs"
    chroot "$rootfs" dpkg --purge curl libcurl4 > /dev/null
    rm -rf "$rootfs"/usr/share/{doc,man,info,locale}/* "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/*
    cp -a "$installed/." "$rootfs/"
}

build_minimal() { # the stand-in for the apko image
    local rootfs=$1
    rm -rf "$rootfs"
    mkdir -p "$rootfs"
    cp -a "$installed/." "$rootfs/"
    cp -a "$LAB/apko-accounts/." "$rootfs/"
    # The C libraries the jlinked runtime links, from this machine (Wolfi's glibc in the real image).
    find "$rootfs$PREFIX/runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null |
        awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u |
        while read -r library; do
            case "$library" in "$PWD"/*) continue ;; esac
            mkdir -p "$rootfs$(dirname "$library")"
            cp -L "$library" "$rootfs$library"
        done
    # Every directory readable by the non-root user, then the modes apko.yaml asks for.
    find "$rootfs" -type d -exec chmod 755 {} +
    local mode
    for mode in "${standin_modes[@]}"; do
        chmod "${mode%% *}" "$rootfs${mode#* }"
    done
}

image_of() { # RUNG: its local image (the stand-in keeps the name bench/Report.java reads)
    case "$1" in
        minimal) echo localhost/awk-playground-standin:lab ;;
        *) echo "localhost/awk-playground-$1:lab" ;;
    esac
}

describe() {
    case "$1" in
        fat) echo "Debian bookworm minbase + curl, Temurin JDK, Maven, sources, build output and Maven repository; root" ;;
        debian-jre) echo "Debian bookworm minbase + curl, a full JRE (jlink of every non-tool module), the jars" ;;
        slim-jlink) echo "Debian bookworm minbase without curl and docs, scripts/install.sh (jlinked runtime, jars, SBOM, AOT cache)" ;;
        minimal) echo "stand-in for the apko image: scripts/install.sh, glibc and zlib, apko.yaml's accounts; user 65532" ;;
    esac
}

for rung in "${RUNGS[@]}"; do
    step "rung $rung: $(describe "$rung")"
    rootfs=$LAB/rootfs-$rung
    "build_${rung//-/_}" "$rootfs"
    case "$rung" in
        fat) config=("${config_fat[@]}") ;;
        debian-jre) config=("${config_debian_jre[@]}") ;;
        *) config=("${config_apko[@]}") ;;
    esac
    tar -C "$rootfs" -cf "$LAB/$rung.tar" .
    podman import -q "${config[@]}" "$LAB/$rung.tar" "$(image_of "$rung")" > /dev/null
    # What a pull transfers: the layer, gzipped as registries serve it (in the background; read back below).
    (gzip -6 -c "$LAB/$rung.tar" | wc -c > "$LAB/$rung.size.part" && mv "$LAB/$rung.size.part" "$LAB/$rung.size") &
    podman image inspect --format '{{.Size}}' "$(image_of "$rung")" > "$LAB/$rung.image-size"
done
step "measure the rungs"
wait
for rung in "${RUNGS[@]}"; do
    java scripts/lab/Ladder.java measure "$LAB" "$rung" "$(describe "$rung")" "$LAB/rootfs-$rung" \
        "$(cat "$LAB/$rung.image-size")" "$(cat "$LAB/$rung.size")"
    rm -rf "$LAB/rootfs-$rung" "$LAB/$rung.tar" "$LAB/$rung.image-size"
done
rm -rf "$installed"
java scripts/lab/Ladder.java table "$LAB" "The ladder as \`scripts/lab.sh\` built and measured it on $(date -u '+%Y-%m-%d'), $(uname -m), podman $(podman version --format '{{.Client.Version}}' 2>/dev/null)." \
    "${RUNGS[@]}" > /dev/null

# --- The matrix: every rung under both pod specs -----------------------------------------------------------------
step "pod specs: k8s/insecure and k8s/, one Deployment per image and spec"
kubectl kustomize k8s/insecure > "$LAB/insecure.rendered.yaml"
kubectl kustomize k8s > "$LAB/hardened.rendered.yaml"
rm -rf "$LAB/pods"
mkdir -p "$LAB/pods"
touch "$LAB/pods/volumes"
port_free() { # nothing answers on 127.0.0.1:PORT
    ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port=${LAB_PORT_BASE:-28080}
targets=()
for rung in "${RUNGS[@]}"; do
    for spec in "${SPECS[@]}"; do
        while ! port_free "$port"; do port=$((port + 1)); done
        labfiles deployment "$LAB/$spec.rendered.yaml" "$LAB/pods/$rung-$spec.yaml" "awk-lab-$rung-$spec" \
            "$(image_of "$rung")" "$port" >> "$LAB/pods/volumes"
        targets+=("$rung/$spec=http://127.0.0.1:$port")
        port=$((port + 1))
    done
done

# Without --keep the pods go at the end; with it, only when the lab fails.
if [ -n "$KEEP" ]; then
    trap '[ $? = 0 ] || teardown' EXIT
else
    trap teardown EXIT
fi
teardown

step "start ${#targets[@]} pods with podman kube play, on 127.0.0.1 only"
for pod in "$LAB"/pods/*.yaml; do
    podman kube play --network slirp4netns "$pod" > /dev/null
done
for target in "${targets[@]}"; do
    name=awk-lab-${target%%=*}
    name=${name/\//-}
    url=${target#*=}
    for try in $(seq 1 180); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/observe/health/ready")" = 204 ] && break
        if [ "$try" = 180 ]; then
            podman logs --tail 40 "$name-pod-0-awk-playground" >&2 || true
            die "$name did not become ready on $url"
        fi
        sleep 0.5
    done
done

step "attack every pod with demo/Probe.java"
java demo/Probe.java --json-file "$LAB/probe.json" "${targets[@]}" > "$LAB/probe.txt"
java -cp "${snakeyaml[0]}" scripts/lab/Matrix.java "$LAB/probe.json" "$LAB" \
    "Scorecard of \`scripts/lab.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), on $(uname -sm), podman $(podman version --format '{{.Client.Version}}' 2>/dev/null)."

step "charts: ladder.png and matrix.png (and .svg)"
java -Djava.awt.headless=true -cp "${snakeyaml[0]}" scripts/lab/Chart.java \
    "$LAB/ladder.json" "$LAB/scorecard.json" "$LAB"

if [ -n "$UPDATE_DOCS" ]; then
    step "docs/: the charts and the tables of docs/hardening-lab.md"
    cp "$LAB/ladder.png" "$LAB/matrix.png" "$LAB/ladder.svg" "$LAB/matrix.svg" docs/
    labfiles splice docs/hardening-lab.md ladder "$LAB/ladder.md"
    labfiles splice docs/hardening-lab.md matrix "$LAB/scorecard.md"
fi

cat "$LAB/ladder.md"
echo
cat "$LAB/scorecard.md"
if [ -n "$KEEP" ]; then
    echo
    echo "The pods stay up (--keep), on 127.0.0.1 only:"
    for target in "${targets[@]}"; do
        printf '  %-22s %s\n' "${target%%=*}" "${target#*=}"
    done
    echo "Attack them: java demo/Probe.java ${targets[0]} ${targets[-1]}"
    echo "Stop them:   scripts/lab.sh --stop"
fi
step "done"
