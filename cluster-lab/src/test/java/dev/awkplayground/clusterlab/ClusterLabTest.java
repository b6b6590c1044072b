package dev.awkplayground.clusterlab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awkplayground.clusterlab.FakeKubelet.Outcome;
import dev.awkplayground.clusterlab.Options.Side;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab against fabric8's Kubernetes mock server in CRUD mode, with the manifests {@code kubectl kustomize} renders
 * from k8s/ and k8s/insecure: what it creates and where, how it reports a rollout that cannot finish or a port-forward
 * that does not work, and that it removes exactly what it created, after success, failure and Ctrl-C.
 */
class ClusterLabTest {
    static final String FAT_IMAGE = "awk-playground-fat:lab-test";
    static final String HARDENED_IMAGE = "awk-playground:lab-test";
    /** The address the mock cluster gives every pod (loopback: no test sends traffic anywhere else). */
    static final String POD_IP = "127.0.86.1";

    private static final Map<Side, List<HasMetadata>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    Path dir;
    private MockCluster cluster;
    private FakeKubelet kubelet;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
        KubernetesClient client = cluster.client();
        // Someone else's objects: the lab must leave them alone.
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bystander").endMetadata()
                .build()).create();
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("keep-me").endMetadata().addToData("k", "v").build()).create();
        kubelet = new FakeKubelet(cluster, POD_IP);
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        kubelet.close();
        cluster.close();
    }

    @Test
    void bothDeploymentsRunInTheirNamespacesAreProbedScoredAndRemoved() throws Exception {
        try (PlaygroundService pods = PlaygroundService.start(POD_IP, 8080)) {
            cluster.podsListenAt(pods.address());
            LabRun run = run("--fat-image", FAT_IMAGE, "--hardened-image", HARDENED_IMAGE);
            assertEquals(0, run.status(), run.log());

            Map<String, Deployment> seen = deployments();
            assertEquals(List.of("awk-playground-insecure/awk-playground", "awk-playground/awk-playground",
                    "awk-playground/" + Manifests.CONTROL), List.copyOf(seen.keySet()));
            assertEquals(FAT_IMAGE, image(seen.get("awk-playground-insecure/awk-playground")));
            assertEquals(HARDENED_IMAGE, image(seen.get("awk-playground/awk-playground")));
            // The control runs the fat image (it has curl) under the hardened pod's settings.
            Deployment control = seen.get("awk-playground/" + Manifests.CONTROL);
            assertEquals(FAT_IMAGE, image(control));
            assertEquals(Boolean.TRUE,
                    control.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());

            ScorecardJson scorecard = new ScorecardJson(dir.resolve("scorecard.json"));
            // Through the port-forwards, the real service answered.
            assertTrue(scorecard.evidence("run-command", "fat").startsWith("uid="), run.log());
            assertEquals("works", scorecard.result("run-command", "hardened"));
            // The rows only a cluster answers.
            assertEquals("works", scorecard.result("token-mounted", "fat"));
            assertTrue(scorecard.evidence("token-mounted", "fat").startsWith("volume kube-api-access-"));
            assertEquals("blocked", scorecard.result("token-mounted", "hardened"));
            assertEquals("no token volume in the pod (automountServiceAccountToken: false)",
                    scorecard.evidence("token-mounted", "hardened"));
            assertEquals("blocked", scorecard.result("api-server-reachable", "fat"));
            assertEquals("no API server address in ENVIRON", scorecard.evidence("api-server-reachable", "fat"));
            assertEquals("works", scorecard.result("network-policy", "fat"));
            assertEquals("no NetworkPolicy limits the pod's egress", scorecard.evidence("network-policy", "fat"));
            // The mock cluster enforces nothing: the control reached the hardened pod, and the scorecard says so.
            assertEquals("works", scorecard.result("network-policy", "hardened"));
            assertTrue(scorecard.evidence("network-policy", "hardened").startsWith(
                    "awk-playground: no egress allowed, but NOT ENFORCED here: the control reached the hardened pod at "
                            + POD_IP + ":8080 (curl: HTTP 204)"), scorecard.evidence("network-policy", "hardened"));
            String markdown = Files.readString(dir.resolve("scorecard.md"));
            assertTrue(markdown.contains("\n| attack | tries | fat | hardened |\n"), markdown);
            assertTrue(markdown.contains("NetworkPolicy: NOT ENFORCED by this cluster's network plugin"), markdown);
            assertTrue(run.out().equals(markdown), "the scorecard is printed too");
        }
        assertEverythingRemoved();
    }

    @Test
    void anImageThatCannotBePulledEndsTheRunWithTheClustersReason() throws Exception {
        kubelet.when(HARDENED_IMAGE, Outcome.CANNOT_PULL);
        assertLogged(failure(), "cluster-lab: hardened: pod awk-playground/awk-playground-5d8f7c9b4-",
                " cannot pull its image " + HARDENED_IMAGE + ": ImagePullBackOff: Back-off pulling image \""
                        + HARDENED_IMAGE + "\". Is the image where the cluster can pull it? (on kind: kind load "
                        + "docker-image --name CLUSTER " + HARDENED_IMAGE + ")");
    }

    @Test
    void aCrashingContainerEndsTheRunWithItsLastLogLines() throws Exception {
        kubelet.when(FAT_IMAGE, Outcome.CRASH_LOOP);
        assertLogged(failure(), "cluster-lab: fat: pod awk-playground-insecure/",
                "keeps crashing (CrashLoopBackOff, 3 restarts, last exit code 1 Error); the last lines it logged:\n"
                        + "  Exception in thread \"main\" java.lang.UnsupportedClassVersionError\n"
                        + "  \tat java.base/java.lang.ClassLoader.defineClass1(Native Method)\n");
    }

    @Test
    void aControlThatCannotStartSaysWhatItIsAndHowToSkipIt() throws Exception {
        String image = "awk-playground-fat:no-curl-here";
        kubelet.when(image, Outcome.CANNOT_PULL);
        List<String> arguments = List.of("--only", "hardened", "--hardened-image", HARDENED_IMAGE, "--fat-image", image);
        LabRun run = run(arguments.toArray(String[]::new));
        assertEquals(1, run.status(), run.log());
        assertLogged(run.log(), "cluster-lab: " + Manifests.CONTROL + ": pod awk-playground/" + Manifests.CONTROL,
                "\n(" + Manifests.CONTROL + " is the NetworkPolicy control: the fat image as user 65532 under the "
                        + "hardened pod's settings; --no-policy-control skips it)");
        assertEverythingRemoved();
    }

    @Test
    void aPodThatPodSecurityAdmissionRefusesIsNamedWithTheRuleItBreaks() throws Exception {
        kubelet.when(HARDENED_IMAGE, Outcome.REFUSED_BY_POD_SECURITY);
        assertLogged(failure(), "cluster-lab: hardened: Pod Security Admission refused the pod: Error creating: pods "
                + "\"awk-playground-5d8f7c9b4-x2x7q\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "runAsNonRoot != true");
    }

    @Test
    void aRolloutThatNeverFinishesTimesOutWithThePodsState() throws Exception {
        kubelet.when(HARDENED_IMAGE, Outcome.UNSCHEDULABLE);
        assertLogged(failure("--timeout", "3s"),
                "cluster-lab: hardened: not ready after 3 s (--timeout): pod awk-playground/",
                " is Pending, PodScheduled: Unschedulable (0/1 nodes are available: 1 Insufficient memory.)");
    }

    @Test
    void aPortForwardThatDoesNotWorkIsReportedWithTheKubeletsWords() throws Exception {
        cluster.podsListenAt(null);
        assertLogged(failure(), "cluster-lab: fat: the port-forward to pod awk-playground-insecure/"
                + "awk-playground-5d8f7c9b4-", " port 8080 does not work (5 attempts): Received an error from the "
                + "remote socket error forwarding port 8080 to pod awk-playground-insecure/");
    }

    @Test
    void objectsThatExistAlreadyAreNeverTakenOver() throws Exception {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("awk-playground")
                .endMetadata().build()).create();
        LabRun run = run("--fat-image", FAT_IMAGE, "--hardened-image", HARDENED_IMAGE);
        assertEquals(1, run.status());
        assertTrue(run.log().contains("cluster-lab: these exist already, and the lab only removes what it created "
                + "itself: Namespace awk-playground. Remove them first"), run.log());
        assertNotNull(cluster.client().namespaces().withName("awk-playground").get(), "not removed");
        assertNull(cluster.client().namespaces().withName("awk-playground-insecure").get(), "nothing created");
        assertTrue(kubelet.seen().isEmpty());
    }

    @Test
    void imagesComeFromSkaffoldsBuildOutputAndKeepLeavesEverything() throws Exception {
        Path builds = dir.resolve("skaffold-build.json");
        Files.writeString(builds, """
                {"builds":[{"imageName":"awk-playground","tag":"awk-playground:0a1b2c@sha256:%s"},\
                {"imageName":"awk-playground-fat","tag":"awk-playground-fat:3d4e5f"}]}""".formatted("9".repeat(64)));
        kubelet.when("awk-playground-fat:3d4e5f", Outcome.CANNOT_PULL);
        LabRun run = run("--build-artifacts", builds.toString(), "--keep");
        assertEquals(1, run.status());
        KubernetesClient client = cluster.client();
        assertEquals("awk-playground-fat:3d4e5f", image(client.apps().deployments()
                .inNamespace("awk-playground-insecure").withName("awk-playground").get()));
        assertEquals("awk-playground:0a1b2c@sha256:" + "9".repeat(64), image(client.apps().deployments()
                .inNamespace("awk-playground").withName("awk-playground").get()));
        for (HasMetadata object : rendered(List.of(Side.FAT, Side.HARDENED))) {
            assertNotNull(client.resource(object).get(), Created.describe(object) + " kept");
        }
        assertTrue(run.log().contains("kept Namespace awk-playground-insecure"), run.log());
    }

    @Test
    void withoutImagesNothingIsCreated() throws Exception {
        LabRun run = run("--build-artifacts", dir.resolve("none.json").toString(), "--hardened-image", HARDENED_IMAGE);
        assertEquals(1, run.status());
        assertTrue(run.log().contains("cluster-lab: no image for fat: build both with `skaffold build -p lab "
                + "--file-output target/skaffold-build.json` (there is no " + dir.resolve("none.json")
                + "), or give --fat-image REF"), run.log());
        assertTrue(kubelet.seen().isEmpty());
        assertEverythingRemoved();
    }

    @Test
    void onlyOneSideCreatesOnlyThatSide() throws Exception {
        kubelet.when(FAT_IMAGE, Outcome.CANNOT_PULL);
        LabRun run = run("--only", "fat", "--fat-image", FAT_IMAGE);
        assertEquals(1, run.status());
        assertTrue(run.log().contains("created Namespace awk-playground-insecure"), run.log());
        assertTrue(!run.log().contains("created Namespace awk-playground\n"), run.log());
        assertTrue(kubelet.seen().stream().allMatch(d -> d.getMetadata().getNamespace().equals(
                "awk-playground-insecure")));
        assertEverythingRemoved();
    }

    @Test
    void ctrlCRemovesWhatTheLabCreated() throws Exception {
        kubelet.when(HARDENED_IMAGE, Outcome.UNSCHEDULABLE);
        Path log = dir.resolve("lab.log");
        // env resets SIGINT to its default: a JVM started with SIGINT ignored (a background job) never sees Ctrl-C.
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClusterLab.class.getName(),
                "--context", "mock", "--fat-image", FAT_IMAGE, "--hardened-image", HARDENED_IMAGE,
                "--timeout", "10m", "--out", dir.toString())
                .directory(PlaygroundService.REPOSITORY.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", cluster.kubeconfig(dir).toString());
        Process lab = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(log).contains("waiting for")) {
                assertTrue(lab.isAlive() && System.nanoTime() < deadline, () -> "the lab did not get to waiting:\n"
                        + read(log));
                Thread.sleep(100);
            }
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(lab.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(lab.waitFor(2, TimeUnit.MINUTES), "the lab did not stop after SIGINT");
            assertEquals(130, lab.exitValue(), read(log));
        } finally {
            lab.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("interrupted: removing what the lab created"), output);
        assertTrue(output.contains("deleted Namespace awk-playground-insecure"), output);
        assertTrue(!output.contains("cluster-lab: hardened"), "no failure reported for what the hook removed");
        assertEverythingRemoved();
    }

    /** Runs the lab on both sides, which must fail and leave nothing behind; returns what it logged. */
    private String failure(String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--fat-image", FAT_IMAGE, "--hardened-image",
                HARDENED_IMAGE));
        arguments.addAll(List.of(args));
        LabRun run = run(arguments.toArray(String[]::new));
        assertEquals(1, run.status(), run.log());
        assertEverythingRemoved();
        return run.log();
    }

    private static void assertLogged(String log, String... parts) {
        for (String part : parts) {
            assertTrue(log.contains(part), () -> "no \"" + part + "\" in:\n" + log);
        }
    }

    /** What a run printed, and how it ended. */
    record LabRun(int status, String out, String log) {
    }

    private LabRun run(String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.addAll(List.of("--out", dir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            status = new ClusterLab(cluster.client(), PlaygroundService.REPOSITORY, outStream, logStream)
                    .run(Options.parse(arguments.toArray(String[]::new), PlaygroundService.REPOSITORY));
        }
        return new LabRun(status, out.toString(StandardCharsets.UTF_8), log.toString(StandardCharsets.UTF_8));
    }

    /** Every object of the rendered manifests and the control is gone; the bystanders are still there. */
    private void assertEverythingRemoved() {
        KubernetesClient client = cluster.client();
        for (HasMetadata object : rendered(List.of(Side.FAT, Side.HARDENED))) {
            assertNull(client.resource(object).get(), Created.describe(object) + " left behind");
        }
        assertNull(client.apps().deployments().inNamespace("awk-playground").withName(Manifests.CONTROL).get());
        assertNull(client.network().v1().networkPolicies().inNamespace("awk-playground").withName(Manifests.CONTROL)
                .get());
        assertNotNull(client.namespaces().withName("bystander").get(), "someone else's namespace");
        assertNotNull(client.configMaps().inNamespace("default").withName("keep-me").get(), "someone else's object");
    }

    /** The objects of the rendered manifests (kubectl runs once per side and test JVM). */
    private List<HasMetadata> rendered(List<Side> sides) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Side side : sides) {
            objects.addAll(RENDERED.computeIfAbsent(side, s -> Manifests.render(cluster.client(),
                    PlaygroundService.REPOSITORY, s).objects()));
        }
        return objects;
    }

    private Map<String, Deployment> deployments() {
        Map<String, Deployment> byName = new java.util.LinkedHashMap<>();
        kubelet.seen().forEach(d -> byName.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d));
        return byName;
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
