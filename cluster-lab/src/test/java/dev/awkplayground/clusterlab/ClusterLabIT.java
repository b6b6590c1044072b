package dev.awkplayground.clusterlab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole lab against a real cluster: the current kube context (or -Dlab.args="--context NAME ..."), with the images
 * {@code skaffold build -p lab --file-output target/skaffold-build.json} built. Runs only in the {@code cluster}
 * profile ({@code mvn -f cluster-lab/pom.xml verify -Pcluster}), which CI never activates; docs/cluster-lab.md says
 * how on kind. Without a cluster it fails: the profile is asked for only where there is one.
 */
class ClusterLabIT {

    @Test
    void theDemoRunsOnTheClusterScoresWhatOnlyItShowsAndLeavesNothing(@TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(System.getProperty("lab.args", "").trim().split("\\s+")));
        args.removeIf(String::isEmpty);
        args.addAll(List.of("--out", out.toString()));
        Options options = Options.parse(args.toArray(String[]::new), PlaygroundService.REPOSITORY);
        Config config = Config.autoConfigure(options.context());
        assertNotNull(config.getCurrentContext(), "no kube context: this test needs a cluster (kind create cluster)");

        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int status;
            try (PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
                status = new ClusterLab(client, PlaygroundService.REPOSITORY, System.out, logStream).run(options);
            }
            String progress = log.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, progress);

            ScorecardJson scorecard = new ScorecardJson(out.resolve("scorecard.json"));
            // The fat image on the default pod: root, a shell, the token, service links, the API server.
            assertTrue(scorecard.evidence("run-command", "fat").startsWith("uid=0(root)"), progress);
            for (String attack : List.of("sa-token", "token-mounted", "service-links", "api-server",
                    "api-server-reachable", "network-policy")) {
                assertEquals("works", scorecard.result(attack, "fat"), attack);
            }
            // The apko image on the hardened pod: no shell, no token, no service links. Kubernetes still puts the API
            // server's address in every pod's environment, but there is nothing to connect to it with.
            assertTrue(scorecard.evidence("run-command", "hardened").contains("/bin/sh"), progress);
            for (String attack : List.of("run-command", "sa-token", "token-mounted", "service-links",
                    "api-server-reachable")) {
                assertEquals("blocked", scorecard.result(attack, "hardened"), attack);
            }
            assertEquals("works", scorecard.result("api-server", "hardened"));
            // The NetworkPolicy: enforced or not, the scorecard says which.
            String policy = scorecard.evidence("network-policy", "hardened");
            assertTrue(scorecard.result("network-policy", "hardened").equals("blocked")
                    ? policy.contains("; enforced: the control could not reach") : policy.contains("NOT ENFORCED"),
                    policy);

            for (String name : List.of("awk-playground", "awk-playground-insecure")) {
                Namespace namespace = client.namespaces().withName(name).get();
                assertTrue(namespace == null || namespace.getMetadata().getDeletionTimestamp() != null,
                        name + " removed");
            }
        }
    }
}
