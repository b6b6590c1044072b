#!/usr/bin/env bash
# The hardening demo on a Kubernetes cluster, in one command (docs/cluster-lab.md). After
#   mkdir -p target && skaffold build -p lab --file-output target/skaffold-build.json
# it deploys k8s/insecure (the fat image) and k8s/ (the apko image) to the current kube context, waits for both,
# port-forwards to each on 127.0.0.1, attacks both with demo/Probe.java's catalogue, scores what only a cluster shows,
# writes target/cluster-lab/scorecard.md and .json, and removes what it created (also after a failure or Ctrl-C).
# On a kind cluster (a context named kind-NAME) it first loads the images Skaffold built into it: `skaffold build`
# leaves them in the local Docker daemon, and only Skaffold's deploy phase loads images into kind.
# Options: scripts/cluster-lab.sh --help. Needs a JDK 25+, Maven and kubectl (its built-in kustomize renders k8s/);
# kind for a kind cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
    echo "cluster-lab.sh: $*" >&2
    exit 1
}

# The images of Skaffold's build output that were built locally: NAME:IMAGE_ID. A pushed one is NAME:TAG@DIGEST,
# and the cluster pulls it itself.
load_into_kind() { # CONTEXT BUILD_ARTIFACTS
    local context=$1 artifacts=$2 tags images
    [[ "$context" == kind-* ]] && [ -f "$artifacts" ] || return 0
    tags=$(grep -o '"tag":"[^"]*"' "$artifacts" | sed -e 's/^"tag":"//' -e 's/"$//' | grep -v '@' || true)
    [ -n "$tags" ] || return 0
    mapfile -t images <<< "$tags"
    command -v kind > /dev/null || die "$context is a kind cluster, and the images Skaffold built are in the local" \
        "Docker daemon only: install kind, or load them yourself with" \
        "kind load docker-image --name ${context#kind-} ${images[*]}"
    echo "cluster-lab.sh: loading into kind cluster ${context#kind-}: ${images[*]}"
    kind load docker-image --name "${context#kind-}" "${images[@]}"
}

context='' artifacts=target/skaffold-build.json help=false
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --context) context=${args[i + 1]:-} ;;
        --build-artifacts) artifacts=${args[i + 1]:-} ;;
        -h | --help) help=true ;;
    esac
done
if ! $help; then
    [ -n "$context" ] || context=$(kubectl config current-context 2> /dev/null || true)
    load_into_kind "$context" "$artifacts"
fi

. scripts/java-home.sh
mvn -B -q -f cluster-lab/pom.xml package -DskipTests
exec java -jar cluster-lab/target/cluster-lab.jar "$@"
