package dev.awkplayground.clusterlab;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Waits for Deployments to have a ready pod, and when one cannot get there says why in the words the cluster used:
 * an image that cannot be pulled, a pod that Pod Security Admission refuses, a container that keeps crashing (with its
 * last log lines). Those fail at once; anything else fails at the timeout with the pods' state.
 */
final class Rollouts {
    private static final Set<String> CANNOT_PULL = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");
    private static final Set<String> CANNOT_START = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int LOG_LINES = 20;

    private final KubernetesClient client;
    private final PrintStream log;

    Rollouts(KubernetesClient client, PrintStream log) {
        this.client = client;
        this.log = log;
    }

    /**
     * Waits until each Deployment (by scorecard column) has a ready pod, for at most {@code timeout} in all.
     *
     * @return the ready pod of each column
     * @throws LabFailure naming the column and why its rollout cannot finish
     */
    Map<String, Pod> await(Map<String, Deployment> deployments, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Pod> ready = new LinkedHashMap<>();
        while (true) {
            for (Map.Entry<String, Deployment> entry : deployments.entrySet()) {
                String column = entry.getKey();
                if (ready.containsKey(column)) {
                    continue;
                }
                Deployment deployment = entry.getValue();
                List<Pod> pods = pods(deployment);
                Optional<Pod> readyPod = pods.stream().filter(Rollouts::isReady).findFirst();
                if (readyPod.isPresent()) {
                    ready.put(column, readyPod.get());
                    log.println(column + ": pod " + readyPod.get().getMetadata().getName() + " is ready");
                    continue;
                }
                Optional<String> problem = problem(current(deployment), pods);
                if (problem.isPresent()) {
                    throw new LabFailure(column + ": " + problem.get());
                }
            }
            if (ready.size() == deployments.size()) {
                return ready;
            }
            if (System.nanoTime() > deadline) {
                String column = deployments.keySet().stream().filter(c -> !ready.containsKey(c)).findFirst()
                        .orElseThrow();
                throw new LabFailure(column + ": not ready after " + timeout.toSeconds() + " s (--timeout): "
                        + state(deployments.get(column)));
            }
            Thread.sleep(POLL);
        }
    }

    private List<Pod> pods(Deployment deployment) {
        return client.pods().inNamespace(deployment.getMetadata().getNamespace())
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .toList();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** How a local image gets into a kind cluster, for the current context. */
    private String loadHint(String image) {
        NamedContext current = client.getConfiguration().getCurrentContext();
        return loadHint(current == null || current.getContext() == null ? null : current.getContext().getCluster(),
                image);
    }

    /**
     * How a local image gets into a kind cluster: named after the context's cluster where kind named it (kind-NAME
     * for kind cluster NAME). scripts/cluster-lab.sh loads Skaffold's images itself; this is for an image given by hand.
     */
    static String loadHint(String cluster, String image) {
        return cluster != null && cluster.startsWith("kind-")
                ? "(kind: kind load docker-image --name " + cluster.substring("kind-".length()) + " " + image + ")"
                : "(on kind: kind load docker-image --name CLUSTER " + image + ")";
    }

    /** A reason the rollout will not finish by waiting longer, if the cluster shows one. */
    private Optional<String> problem(Deployment deployment, List<Pod> pods) {
        for (Pod pod : pods) {
            for (ContainerStatus container : containers(pod)) {
                ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
                if (waiting == null || waiting.getReason() == null) {
                    continue;
                }
                String reason = waiting.getReason();
                String message = Objects.requireNonNullElse(waiting.getMessage(), "");
                if (CANNOT_PULL.contains(reason)) {
                    return Optional.of("pod " + name(pod) + " cannot pull its image " + container.getImage() + ": "
                            + reason + (message.isEmpty() ? "" : ": " + message)
                            + ". Is the image where the cluster can pull it? " + loadHint(container.getImage()));
                }
                if ("CrashLoopBackOff".equals(reason)) {
                    ContainerStateTerminated last = container.getLastState() == null ? null
                            : container.getLastState().getTerminated();
                    return Optional.of("pod " + name(pod) + " keeps crashing (CrashLoopBackOff, "
                            + container.getRestartCount() + " restarts"
                            + (last == null ? "" : ", last exit code " + last.getExitCode()
                            + (last.getReason() == null ? "" : " " + last.getReason()))
                            + "); the last lines it logged:\n" + lastLogLines(pod, container.getName()));
                }
                if (CANNOT_START.contains(reason)) {
                    return Optional.of("pod " + name(pod) + " cannot start container " + container.getName() + ": "
                            + reason + (message.isEmpty() ? "" : ": " + message));
                }
            }
        }
        for (DeploymentCondition condition : deploymentConditions(deployment)) {
            if ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                return Optional.of(refused(condition.getMessage()));
            }
            if ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                return Optional.of("the Deployment stopped progressing: " + condition.getReason() + ": "
                        + condition.getMessage());
            }
        }
        if (pods.isEmpty()) {
            return failedCreates(deployment).findFirst().map(event -> refused(event.getMessage()));
        }
        return Optional.empty();
    }

    /** The ReplicaSet could not create the pod: Pod Security Admission, a quota, a missing service account... */
    private static String refused(String message) {
        return (message != null && message.contains("violates PodSecurity")
                ? "Pod Security Admission refused the pod: " : "no pod could be created: ") + message;
    }

    /** FailedCreate events of the Deployment's ReplicaSets, newest first. */
    private Stream<Event> failedCreates(Deployment deployment) {
        String prefix = deployment.getMetadata().getName() + "-";
        return client.v1().events().inNamespace(deployment.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> "FailedCreate".equals(e.getReason()) && e.getInvolvedObject() != null
                        && "ReplicaSet".equals(e.getInvolvedObject().getKind())
                        && Objects.requireNonNullElse(e.getInvolvedObject().getName(), "").startsWith(prefix))
                .sorted(Comparator.comparing(Rollouts::when, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed());
    }

    private static String when(Event event) {
        return event.getLastTimestamp() != null ? event.getLastTimestamp() : event.getMetadata().getCreationTimestamp();
    }

    private String lastLogLines(Pod pod, String container) {
        try {
            String lines = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).inContainer(container).terminated().tailingLines(LOG_LINES)
                    .getLog();
            return lines == null || lines.isBlank() ? "  (nothing)" : lines.strip().indent(2).stripTrailing();
        } catch (KubernetesClientException e) {
            return "  (its log could not be read: " + e.getMessage() + ")";
        }
    }

    /** What the pods are doing, for a timeout. */
    private String state(Deployment deployment) {
        List<Pod> pods = pods(deployment);
        List<String> parts = new ArrayList<>();
        if (pods.isEmpty()) {
            parts.add("no pod was created");
        }
        for (Pod pod : pods) {
            StringBuilder part = new StringBuilder("pod " + name(pod) + " is "
                    + (pod.getStatus() == null ? "without status" : pod.getStatus().getPhase()));
            if (pod.getStatus() != null) {
                for (PodCondition condition : pod.getStatus().getConditions()) {
                    if ("False".equals(condition.getStatus()) && condition.getReason() != null) {
                        part.append(", ").append(condition.getType()).append(": ").append(condition.getReason())
                                .append(condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")");
                    }
                }
            }
            for (ContainerStatus container : containers(pod)) {
                if (container.getState() != null && container.getState().getWaiting() != null) {
                    part.append(", container ").append(container.getName()).append(" waiting: ")
                            .append(container.getState().getWaiting().getReason());
                }
            }
            parts.add(part.toString());
        }
        List<String> warnings = client.v1().events().inNamespace(deployment.getMetadata().getNamespace()).list()
                .getItems().stream().filter(e -> "Warning".equals(e.getType()))
                .sorted(Comparator.comparing(Rollouts::when, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .limit(3).map(e -> e.getReason() + ": " + e.getMessage()).toList();
        if (!warnings.isEmpty()) {
            parts.add("recent warnings: " + String.join("; ", warnings));
        }
        return String.join("; ", parts);
    }

    private static List<ContainerStatus> containers(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(pod.getStatus().getInitContainerStatuses().stream(),
                pod.getStatus().getContainerStatuses().stream()).collect(Collectors.toList());
    }

    private Deployment current(Deployment deployment) {
        Deployment current = client.resource(deployment).get();
        if (current == null) {
            throw new LabFailure("Deployment " + deployment.getMetadata().getNamespace() + "/"
                    + deployment.getMetadata().getName() + " is gone: something else deleted it");
        }
        return current;
    }

    private static List<DeploymentCondition> deploymentConditions(Deployment deployment) {
        return deployment.getStatus() == null ? List.of() : deployment.getStatus().getConditions();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
