#!/bin/sh
# Installs the service into DESTDIR: the one definition of what goes into the image.
#
#   scripts/install.sh DESTDIR
#
# DESTDIR/usr/lib/awk-playground/
#   runtime/   a Java runtime made by jlink with only the modules in scripts/runtime-modules.txt
#   app/       vulnerable-awk-playground.jar and its libs/ (the jar's manifest Class-Path points there)
#
# Run `mvn -B package -DskipTests` first. melange.yaml's pipeline calls this script; so can anything else that needs
# the image's files (it only writes below DESTDIR and uses no network). POSIX sh, because Wolfi's build environment
# has busybox and no bash. The jlink used is $JAVA_HOME/bin/jlink, or jlink on the PATH; the runtime it makes is for
# the architecture of that JDK.
set -eu

PREFIX=/usr/lib/awk-playground
JAR=vulnerable-awk-playground.jar

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

if [ ! -f "$target/$JAR" ] || [ ! -d "$target/libs" ]; then
    die "no $target/$JAR and libs/: run 'mvn -B package -DskipTests' first"
fi

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jlink=$JAVA_HOME/bin/jlink
elif command -v jlink >/dev/null 2>&1; then
    jlink=$(command -v jlink)
else
    die "no jlink: set JAVA_HOME to a JDK 21 or newer"
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

# No debug symbols, man pages or C headers: nothing the service needs at run time. No --compress: the image layer
# is compressed anyway, and an uncompressed module image starts faster. No --generate-cds-archive: measured with
# Temurin 25, it added 28 MB and 25 MB of RSS and did not shorten the start (most classes come from the app's jars).
echo "jlink: $modules"
"$jlink" --add-modules "$modules" \
    --strip-debug --no-man-pages --no-header-files \
    --output "$home/runtime"

cp "$target/$JAR" "$home/app/$JAR"
cp "$target"/libs/*.jar "$home/app/libs/"

# Read-only for everyone but the owner (root in the image): the service's user cannot change its own code.
chmod -R go-w "$home"
find "$home/app" -type f -exec chmod 0644 {} +

echo "installed $(du -sk "$home" | cut -f1) KiB into $home"
