#!/usr/bin/env bash
# The hardening demo on a Kubernetes cluster, in one command (docs/cluster-lab.md). After
#   skaffold build -p lab --file-output target/skaffold-build.json
# it deploys k8s/insecure (the fat image) and k8s/ (the apko image) to the current kube context, waits for both,
# port-forwards to each on 127.0.0.1, attacks both with demo/Probe.java's catalogue, scores what only a cluster shows,
# writes target/cluster-lab/scorecard.md and .json, and removes what it created (also after a failure or Ctrl-C).
# Options: scripts/cluster-lab.sh --help. Needs a JDK 25+, Maven and kubectl (its built-in kustomize renders k8s/).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
mvn -B -q -f cluster-lab/pom.xml package -DskipTests
exec java -jar cluster-lab/target/cluster-lab.jar "$@"
