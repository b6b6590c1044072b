package dev.awkplayground.clusterlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awkplayground.clusterlab.Manifests.Rendered;
import dev.awkplayground.clusterlab.Options.Side;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests as {@code kubectl kustomize} renders them, and the NetworkPolicy control derived from the hardened
 * ones.
 */
class ManifestsTest {
    private static KubernetesClient client;

    @BeforeAll
    static void client() {
        client = new KubernetesClientBuilder().build(); // parsing only: no cluster is asked anything
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void eachSideHasItsDeploymentInItsOwnNamespace() {
        Rendered fat = Manifests.render(client, PlaygroundService.REPOSITORY, Side.FAT);
        Rendered hardened = Manifests.render(client, PlaygroundService.REPOSITORY, Side.HARDENED);
        assertEquals("awk-playground-insecure", fat.namespace());
        assertEquals("awk-playground", hardened.namespace());
        assertEquals("awk-playground-fat", fat.imageName(), "the name Skaffold builds the fat image under");
        assertEquals("awk-playground", hardened.imageName());
        assertTrue(fat.all(NetworkPolicy.class).isEmpty());
        assertEquals(1, hardened.all(NetworkPolicy.class).size());
        assertInstanceOf(Namespace.class, Manifests.inCreationOrder(hardened.objects()).getFirst());
    }

    @Test
    void theControlIsTheHardenedPodWithTheFatImageUnderACopyOfTheHardenedPolicy() {
        Rendered hardened = Manifests.render(client, PlaygroundService.REPOSITORY, Side.HARDENED);
        List<HasMetadata> control = Manifests.policyControl(hardened, "awk-playground-fat:t");
        NetworkPolicy policy = (NetworkPolicy) control.get(0);
        Deployment deployment = (Deployment) control.get(1);
        Map<String, String> labels = Map.of(Manifests.NAME_LABEL, Manifests.CONTROL);

        assertEquals(labels, deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals(labels, deployment.getSpec().getSelector().getMatchLabels());
        assertEquals("awk-playground-fat:t", deployment.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage());
        assertEquals(hardened.deployment().getSpec().getTemplate().getSpec().getSecurityContext(),
                deployment.getSpec().getTemplate().getSpec().getSecurityContext(), "restricted, like the hardened pod");
        assertEquals(hardened.namespace(), deployment.getMetadata().getNamespace());
        NetworkPolicy original = hardened.all(NetworkPolicy.class).getFirst();
        assertEquals(original.getSpec().getPolicyTypes(), policy.getSpec().getPolicyTypes());
        assertEquals(original.getSpec().getEgress(), policy.getSpec().getEgress());
        assertEquals(original.getSpec().getIngress(), policy.getSpec().getIngress());
        assertEquals(labels, policy.getSpec().getPodSelector().getMatchLabels());

        // Neither the hardened Service nor the hardened policy takes the control for the hardened pod.
        Service service = hardened.all(Service.class).getFirst();
        assertFalse(labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertFalse(labels.entrySet().containsAll(original.getSpec().getPodSelector().getMatchLabels().entrySet()));
        // The hardened objects themselves are untouched.
        assertEquals("awk-playground", hardened.imageName());
        assertEquals("awk-playground",
                hardened.deployment().getSpec().getTemplate().getMetadata().getLabels().get(Manifests.NAME_LABEL));
    }

    @Test
    void skaffoldsBuildOutputNamesTheImages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("build.json");
        Files.writeString(file, "{\"builds\":[{\"imageName\":\"awk-playground\",\"tag\":\"awk-playground:v1\"},"
                + "{\"imageName\":\"awk-playground-fat\",\"tag\":\"awk-playground-fat:v1\"}]}");
        assertEquals(Map.of("awk-playground", "awk-playground:v1", "awk-playground-fat", "awk-playground-fat:v1"),
                Manifests.builtImages(client, file));
        assertEquals(Map.of(), Manifests.builtImages(client, dir.resolve("missing.json")));
        Files.writeString(file, "{\"tags\": 1}");
        assertTrue(assertThrows(LabFailure.class, () -> Manifests.builtImages(client, file)).getMessage()
                .contains("is not what `skaffold build --file-output` writes"));
    }
}
