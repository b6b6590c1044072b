#!/usr/bin/env bash
# The talk's demo (docs/talk.md), step by step: each step prints its command, runs it, and waits for Enter.
#
#   scripts/lab.sh --keep                  # once before the talk: eight pods on 127.0.0.1
#   PLAYGROUND_MODE=sandboxed scripts/run.sh -Dserver.port=8081 &   # the sandboxed service
#   scripts/demo.sh                        # then Enter after each step
#
# The services, as scripts/lab.sh --keep prints them (or port-forwards of a cluster's pods):
#   DEMO_FAT        the fat image on the insecure pod     (default http://127.0.0.1:28080, fat/insecure)
#   DEMO_MINIMAL    the minimal image on the insecure pod (default http://127.0.0.1:28086, minimal/insecure)
#   DEMO_HARDENED   the minimal image on the hardened pod (default http://127.0.0.1:28087, minimal/hardened)
#   DEMO_SANDBOXED  the service in sandboxed mode         (default http://127.0.0.1:8081)
# --no-pause runs every step without waiting (the test does; so can a rehearsal).
set -euo pipefail
cd "$(dirname "$0")/.."

PAUSE=1
case "${1:-}" in
    --no-pause) PAUSE= ;;
    "") ;;
    *) echo "usage: scripts/demo.sh [--no-pause]" >&2; exit 2 ;;
esac
FAT=${DEMO_FAT:-http://127.0.0.1:28080}
MINIMAL=${DEMO_MINIMAL:-http://127.0.0.1:28086}
HARDENED=${DEMO_HARDENED:-http://127.0.0.1:28087}
SANDBOXED=${DEMO_SANDBOXED:-http://127.0.0.1:8081}

for url in "$FAT" "$MINIMAL" "$HARDENED" "$SANDBOXED"; do
    curl -s -o /dev/null "$url/observe/health/ready" ||
        { echo "demo.sh: nothing answers at $url (scripts/lab.sh --keep starts the pods; see the top of this file)" >&2; exit 1; }
done

number=0
# step TITLE COMMAND: shows the command as the audience would type it, then runs it.
step() {
    number=$((number + 1))
    printf '\n== %d. %s\n$ %s\n' "$number" "$1" "$2"
    bash -c "$2" || true
    if [ -n "$PAUSE" ]; then
        read -r -p "[Enter] " _ < /dev/tty
    fi
}
# The run endpoint of one service, with a script: the same curl a person types.
run() { # URL SCRIPT
    printf "curl -sS --form-string 'text=' --form-string 'awkScript=%s' %s/test" "$2" "$1"
}

step "The ladder: four images of one service, and what each holds" \
    "sed -n '/<!-- lab:ladder -->/,/<!-- \\/lab:ladder -->/p' docs/hardening-lab.md | grep '^| [a-z]' | cut -d'|' -f2,4,9,10"
step "The exploit on the fat image: AWK runs a command, as root" "$(run "$FAT" 'BEGIN { system("id") }')"
step "It reads the password hashes" "$(run "$FAT" 'BEGIN { getline line < "/etc/shadow"; print line }')"
step "The same exploit on the minimal image: there is no shell to run it" \
    "$(run "$MINIMAL" 'BEGIN { system("id") }')"
step "On the hardened pod: not root, and the root filesystem is read-only" \
    "$(run "$HARDENED" 'BEGIN { while ((getline l < "/proc/self/status") > 0) if (l ~ /^Uid/) print l; print "x" > "/pwned" }')"
step "What is left on the hardened pod: it reads what the image holds, and writes /tmp" \
    "$(run "$HARDENED" 'BEGIN { while ((getline l < "/etc/passwd") > 0) n++; print n " accounts in /etc/passwd"; print "x" > "/tmp/f"; print "wrote /tmp/f" }')"
step "Sandboxed mode refuses the exploit before it runs" "$(run "$SANDBOXED" 'BEGIN { system("id") }')"
step "Every attack, fat against hardened, side by side" \
    "java demo/Probe.java fat=$FAT hardened=$HARDENED"
step "The cluster rows (a real cluster only: scripts/cluster-lab.sh)" \
    "grep -E '^\\| .(sa-token|service-links|api-server|api-server-reachable|network-policy)\\b' docs/cluster-lab.md | cut -d'|' -f2,3"
printf '\n== done\n'
