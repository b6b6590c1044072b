package dev.awkplayground.clusterlab;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.awkplayground.clusterlab.Manifests.Rendered;
import dev.awkplayground.clusterlab.Options.Side;
import dev.awkplayground.clusterlab.ProbeCatalogue.Row;

/**
 * The hardening demo on a Kubernetes cluster, in one command (docs/cluster-lab.md): creates the Deployments of
 * {@code k8s/insecure} (fat) and {@code k8s/} (hardened) in their namespaces, waits for them, forwards a loopback port
 * to each, attacks both with demo/Probe.java's catalogue, adds the rows only the cluster can answer, writes the
 * scorecard and removes what it created, also after a failure or Ctrl-C. Everything but rendering goes through the
 * Kubernetes API with the fabric8 client.
 *
 * <p>Exit status: 0 when the scorecard was written, 1 when the lab could not finish (the message says why), 2 for a
 * wrong command line, 130 after Ctrl-C.
 */
public final class ClusterLab {
    private final KubernetesClient client;
    private final Path repository;
    private final PrintStream out;
    private final PrintStream log;
    private final ProbeCatalogue probe = ProbeCatalogue.load();

    /**
     * @param repository where k8s/ is; relative paths of the options are resolved against it
     * @param out        the scorecard
     * @param log        progress and failures
     */
    ClusterLab(KubernetesClient client, Path repository, PrintStream out, PrintStream log) {
        this.client = client;
        this.repository = repository;
        this.out = out;
        this.log = log;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Path repository = Path.of("").toAbsolutePath();
        Options options;
        try {
            options = Options.parse(args, repository);
        } catch (Options.UsageException e) {
            System.err.println("cluster-lab: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Config config = Config.autoConfigure(options.context());
        if (options.context() != null && (config.getCurrentContext() == null
                || !options.context().equals(config.getCurrentContext().getName()))) {
            System.err.println("cluster-lab: no context " + options.context() + " in the kubeconfig");
            System.exit(2);
        }
        if (config.getCurrentContext() == null && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            System.err.println("cluster-lab: no kube context: no kubeconfig at $KUBECONFIG or ~/.kube/config names "
                    + "one. Create a cluster (kind create cluster) or point KUBECONFIG at yours.");
            System.exit(1);
        }
        int status;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            status = new ClusterLab(client, repository, System.out, System.err).run(options);
        }
        System.exit(status);
    }

    /** Runs the lab; returns its exit status. */
    int run(Options options) {
        Created created = new Created(client, log);
        Thread cleanup = new Thread(() -> {
            if (!options.keep() && !created.objects().isEmpty()) {
                log.println("interrupted: removing what the lab created");
                created.removeAll(false);
            }
        }, "cluster-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (PortForwards forwards = new PortForwards(client)) {
            runSteps(options, created, forwards);
            return 0;
        } catch (LabFailure e) {
            if (!created.closed()) { // else the shutdown hook is removing everything: the failure is its doing
                log.println("cluster-lab: " + e.getMessage());
            }
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.println("cluster-lab: interrupted");
            return 130;
        } finally {
            if (options.keep()) {
                created.objects().forEach(o -> log.println("kept " + Created.describe(o)));
            } else {
                created.removeAll(true);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it found nothing left to remove
            }
        }
    }

    /**
     * What a run creates: the rendered sides with their images (both are rendered, since the control needs the fat
     * image), the objects in creation order, the Deployments to wait for by column, and why there is no NetworkPolicy
     * control if there is none.
     */
    private record Plan(Map<Side, Rendered> sides, List<HasMetadata> objects, Map<String, Deployment> deployments,
                        String noControl) {
    }

    private void runSteps(Options options, Created created, PortForwards forwards) throws InterruptedException {
        String cluster = cluster();
        Plan plan = plan(options);
        List<String> existing = created.existing(plan.objects());
        if (!existing.isEmpty()) {
            throw new LabFailure("these exist already, and the lab only removes what it created itself: "
                    + String.join(", ", existing) + ". Remove them first (for example `kubectl delete namespace "
                    + String.join(" ", options.sides().stream().map(s -> plan.sides().get(s).namespace()).toList())
                    + "`), or use another cluster.");
        }
        for (HasMetadata object : plan.objects()) {
            created.create(object);
        }

        log.println("waiting for " + String.join(", ", plan.deployments().keySet()) + " (at most "
                + options.timeout().toSeconds() + " s)");
        Map<String, Pod> pods;
        try {
            pods = new Rollouts(client, log).await(plan.deployments(), options.timeout());
        } catch (LabFailure e) {
            if (e.getMessage().startsWith(Manifests.CONTROL + ":")) {
                throw new LabFailure(e.getMessage() + "\n(" + Manifests.CONTROL + " is the NetworkPolicy control: the "
                        + "fat image as user 65532 under the hardened pod's settings; --no-policy-control skips it)", e);
            }
            throw e;
        }

        int port = port(plan.sides().get(options.sides().iterator().next()));
        Map<String, URI> services = new LinkedHashMap<>();
        Map<String, Pod> sidePods = new LinkedHashMap<>();
        for (Side side : options.sides()) {
            services.put(side.column, forwards.open(side.column, pods.get(side.column), port));
            sidePods.put(side.column, pods.get(side.column));
        }
        log.println("attacking " + String.join(" and ", services.keySet()) + " with demo/Probe.java's catalogue");
        List<Row> rows;
        try {
            rows = new ArrayList<>(probe.attack(services, port, options.egressTarget()));
        } catch (IOException e) {
            throw new LabFailure("the probe lost its connection through a port-forward: " + e.getMessage(), e);
        }
        rows.add(ClusterRows.tokenMounted(sidePods));
        String policyNote = plan.noControl();
        if (policyNote == null) {
            ClusterRows.Control result = policyControl(forwards, pods, port);
            policyNote = result.enforced()
                    ? "enforced: a control pod with curl under the hardened NetworkPolicy could not reach "
                    + result.target() + "."
                    : "NOT ENFORCED by this cluster's network plugin: a control pod with curl under the hardened "
                    + "NetworkPolicy reached " + result.target() + ". The hardened pod's egress is open.";
            rows.add(ClusterRows.networkPolicy(policiesSelecting(sidePods), result));
        }
        writeScorecard(options, plan.sides(), cluster, policyNote, rows);
    }

    private Plan plan(Options options) {
        Map<String, String> built = Manifests.builtImages(client, options.buildArtifacts());
        Map<Side, Rendered> sides = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Rendered rendered = Manifests.render(client, repository, side);
            String image = image(side, rendered.imageName(), options, built);
            if (image != null) {
                rendered.useImage(image);
                sides.put(side, rendered);
            } else if (options.sides().contains(side)) {
                throw new LabFailure("no image for " + side.column + ": build both with `skaffold build -p lab "
                        + "--file-output target/skaffold-build.json` (" + (built.isEmpty() ? "there is no "
                        + options.buildArtifacts() : options.buildArtifacts() + " names only "
                        + String.join(", ", built.keySet())) + "), or give --" + side.column + "-image REF");
            }
        }
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        for (Side side : options.sides()) {
            objects.addAll(sides.get(side).objects());
            deployments.put(side.column, sides.get(side).deployment());
        }
        String noControl = policyControlNote(options, sides);
        if (noControl == null) {
            for (HasMetadata object : Manifests.policyControl(sides.get(Side.HARDENED), sides.get(Side.FAT).image())) {
                objects.add(object);
                if (object instanceof Deployment control) {
                    deployments.put(Manifests.CONTROL, control);
                }
            }
        }
        return new Plan(sides, Manifests.inCreationOrder(objects), deployments, noControl);
    }

    /**
     * Null when the NetworkPolicy control runs; else what the scorecard says instead of a network-policy row, which
     * it cannot score without the control.
     */
    private static String policyControlNote(Options options, Map<Side, Rendered> sides) {
        if (!options.sides().contains(Side.HARDENED)) {
            return "not measured: the control copies the hardened NetworkPolicy (--only fat)";
        }
        if (!options.policyControl()) {
            return "not measured (--no-policy-control)";
        }
        if (!sides.containsKey(Side.FAT)) {
            return "not measured: the control pod runs the fat image, which has curl (give --fat-image)";
        }
        return null;
    }

    /**
     * The control: from a pod that a copy of the hardened NetworkPolicy selects, connect to the hardened pod, which
     * that policy forbids (it allows no egress at all).
     */
    private ClusterRows.Control policyControl(PortForwards forwards, Map<String, Pod> pods, int port)
            throws InterruptedException {
        String podIp = pods.get(Side.HARDENED.column).getStatus().getPodIP();
        if (podIp == null) {
            throw new LabFailure("the hardened pod has no IP address yet, so the NetworkPolicy control has no target");
        }
        String target = podIp + ":" + port;
        URI controlService = forwards.open(Manifests.CONTROL, pods.get(Manifests.CONTROL), port);
        log.println("NetworkPolicy control: can a pod under the hardened policy reach the hardened pod at " + target
                + "?");
        try {
            return new ClusterRows.Control("the hardened pod at " + target,
                    probe.connects(controlService, "http://" + target + "/observe/health/live"));
        } catch (IOException e) {
            throw new LabFailure("the NetworkPolicy control lost its port-forward: " + e.getMessage(), e);
        }
    }

    /** The NetworkPolicies that select each side's pod, as the API server evaluates their pod selectors. */
    private Map<String, List<NetworkPolicy>> policiesSelecting(Map<String, Pod> pods) {
        Map<String, List<NetworkPolicy>> selecting = new LinkedHashMap<>();
        pods.forEach((column, pod) -> {
            String namespace = pod.getMetadata().getNamespace();
            selecting.put(column, client.network().v1().networkPolicies().inNamespace(namespace).list().getItems()
                    .stream()
                    .filter(policy -> client.pods().inNamespace(namespace)
                            .withLabelSelector(policy.getSpec().getPodSelector()).list().getItems().stream()
                            .anyMatch(p -> p.getMetadata().getName().equals(pod.getMetadata().getName())))
                    .toList());
        });
        return selecting;
    }

    /** The image given on the command line, else the one Skaffold built for the manifest's name, else null. */
    private static String image(Side side, String manifestImage, Options options, Map<String, String> built) {
        String given = side == Side.FAT ? options.fatImage() : options.hardenedImage();
        return given != null ? given : built.get(manifestImage);
    }

    private static int port(Rendered side) {
        return side.deployment().getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts().getFirst()
                .getContainerPort();
    }

    /** The context and the server, checked by asking for its version. */
    private String cluster() {
        String context = client.getConfiguration().getCurrentContext() == null ? "(no kubeconfig context)"
                : client.getConfiguration().getCurrentContext().getName();
        try {
            String version = Objects.requireNonNullElse(client.getKubernetesVersion().getGitVersion(), "(unknown)");
            log.println("cluster: context " + context + ", " + client.getMasterUrl() + ", Kubernetes " + version);
            return "context " + context + ", Kubernetes " + version;
        } catch (KubernetesClientException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new LabFailure("cannot reach the cluster of context " + context + " at " + client.getMasterUrl()
                    + ": " + cause.getMessage() + ". Is it running, and is it the context you meant?", e);
        }
    }

    private void writeScorecard(Options options, Map<Side, Rendered> sides, String cluster, String policy,
            List<Row> rows) {
        List<String> columns = options.sides().stream().map(side -> side.column).toList();
        StringBuilder markdown = new StringBuilder("Scorecard of the cluster lab (`scripts/cluster-lab.sh`), ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC, ").append(cluster).append(".\n");
        for (Side side : options.sides()) {
            markdown.append("**").append(side.column).append("**: `").append(sides.get(side).image())
                    .append("`, deployed with `").append(side.kustomization).append("/` into namespace `")
                    .append(sides.get(side).namespace()).append("`.\n");
        }
        markdown.append("NetworkPolicy: ").append(policy).append("\n\n").append(probe.markdown(columns, rows));
        try {
            Files.createDirectories(options.out());
            Files.writeString(options.out().resolve("scorecard.md"), markdown);
            Files.writeString(options.out().resolve("scorecard.json"), probe.json(columns, rows));
        } catch (IOException e) {
            throw new LabFailure("cannot write the scorecard to " + options.out() + ": " + e.getMessage(), e);
        }
        out.print(markdown);
        log.println("wrote " + options.out().resolve("scorecard.md") + " and scorecard.json");
    }
}
