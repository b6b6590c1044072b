#!/bin/sh
# Installs the service into DESTDIR: the one definition of what goes into the image.
#
#   scripts/install.sh DESTDIR
#
# DESTDIR/usr/lib/awk-playground/
#   runtime/   a Java runtime made by jlink with only the modules in scripts/runtime-modules.txt
#   app/       vulnerable-awk-playground.jar and its libs/ (the jar's manifest Class-Path points there),
#              service.options and image.options, the JVM options of apko.yaml's entrypoint (from src/main/jvm/),
#              vulnerable-awk-playground.cdx.json, the CycloneDX SBOM of those jars (Maven writes it as target/bom.json;
#              the .cdx.json name is the one SBOM-aware scanners look for inside an image), and
#              awk-playground.aot, an AOT cache made by a training run of the installed service
#
# Run `mvn -B package -DskipTests` first. melange.yaml's pipeline calls this script; so can anything else that needs
# the image's files (it writes only below DESTDIR, and talks only to the service it trains, on loopback). POSIX sh,
# because Wolfi's build environment has busybox and no bash. The jlink used is $JAVA_HOME/bin/jlink, or jlink on the
# PATH; the runtime it makes is for the architecture of that JDK, whose java also runs the training run's client.
set -eu

PREFIX=/usr/lib/awk-playground
JAR=vulnerable-awk-playground.jar
AOT_CACHE=app/awk-playground.aot
SBOM=app/vulnerable-awk-playground.cdx.json

die() {
    echo "install.sh: $*" >&2
    exit 1
}

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: install.sh DESTDIR"; fi
case "$1" in
    /*) destdir=$1 ;;
    *) destdir=$(pwd)/$1 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/target

if [ ! -f "$target/$JAR" ] || [ ! -d "$target/libs" ] || [ ! -f "$target/bom.json" ]; then
    die "no $target/$JAR, libs/ and bom.json: run 'mvn -B package -DskipTests' first"
fi

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jlink=$JAVA_HOME/bin/jlink
elif command -v jlink >/dev/null 2>&1; then
    jlink=$(command -v jlink)
else
    die "no jlink: set JAVA_HOME to a JDK 25 or newer"
fi

# Modules: the lines of runtime-modules.txt that are neither comments nor "!excluded" notes.
modules=
# shellcheck disable=SC2013 # one module name a word, by design
for module in $(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' -e '/^!/d' "$root/scripts/runtime-modules.txt"); do
    modules=${modules:+$modules,}$module
done
[ -n "$modules" ] || die "no modules in scripts/runtime-modules.txt"

home=$destdir$PREFIX
rm -rf "$home"
mkdir -p "$home/app/libs"

# No debug attributes, man pages or C headers: nothing the service needs at run time. --strip-java-debug-attributes,
# not --strip-debug: on Linux that also strips native symbols with objcopy, which Wolfi's build environment lacks
# (the JDK's native libraries come stripped: with Temurin 25 both made the same runtime). No --compress: the image
# layer is compressed anyway, and an uncompressed module image starts faster. No --generate-cds-archive: measured with
# Temurin 25, it added 28 MB and 25 MB of RSS and did not shorten the start (most classes come from the app's jars).
echo "jlink: $modules"
"$jlink" --add-modules "$modules" \
    --strip-java-debug-attributes --no-man-pages --no-header-files \
    --output "$home/runtime"

cp "$target/$JAR" "$home/app/$JAR"
cp "$target"/libs/*.jar "$home/app/libs/"
cp "$target/bom.json" "$home/$SBOM"
# The JVM options, java @argument files that apko.yaml's entrypoint reads.
cp "$root/src/main/jvm/service.options" "$root/src/main/jvm/image.options" "$home/app/"

# An AOT cache (JDK 25): a training run of the installed service records the classes it loads and links and the
# methods it runs hot, and writes the cache as it exits; the entrypoint maps it with -XX:AOTCache. The cache works only
# with the options it was trained with: the training run reads the same installed files as the entrypoint. Measured
# (BENCHMARKS.md): ready in about half the time (0.4-0.6 s instead of 1.0-1.3 s) and 18 MiB less resident memory,
# for 35 MB on disk (8.5 MB in a gzipped image layer). A cache that does not match the JVM is ignored with a
# warning, never fatal.
# melange gives every file of the package the mtime SOURCE_DATE_EPOCH, which it exports to this script (apko keeps
# those mtimes), and the JVM maps the cache only where each jar's size and mtime are the ones it was trained with:
# the training run must see the mtimes the image will have.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    find "$home" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
fi
# The client of the training run is a Java program run by the build's JDK: Wolfi's build environment has no curl,
# and its busybox has no wget.
"$(dirname "$(readlink -f "$jlink")")/java" "$root/scripts/lib/AotTraining.java" "$home/aot-training.log" \
    "$home/runtime/bin/java" @"$home/app/service.options" @"$home/app/image.options" \
    -XX:AOTCacheOutput="$home/$AOT_CACHE" -jar "$home/app/$JAR"
rm -f "$home/aot-training.log"
[ -s "$home/$AOT_CACHE" ] || die "the AOT training run wrote no cache"

# Read-only for everyone but the owner (root in the image): the service's user cannot change its own code.
chmod -R go-w "$home"
find "$home/app" -type f -exec chmod 0644 {} +

echo "installed $(du -sk "$home" | cut -f1) KiB into $home"
