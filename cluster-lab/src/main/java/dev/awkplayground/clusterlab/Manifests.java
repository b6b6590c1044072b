package dev.awkplayground.clusterlab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the lab creates: the manifests of {@code k8s/} and {@code k8s/insecure} as kustomize renders them, with the
 * images that were built, and the NetworkPolicy control.
 */
final class Manifests {
    static final String NAME_LABEL = "app.kubernetes.io/name";
    /** The control pod and its copy of the hardened NetworkPolicy. */
    static final String CONTROL = "awk-playground-policy-control";

    private Manifests() {
    }

    /** One side of the demo as rendered: every object, and the Deployment among them. */
    record Rendered(Options.Side side, List<HasMetadata> objects, Deployment deployment) {
        String namespace() {
            return deployment.getMetadata().getNamespace();
        }

        String image() {
            return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
        }

        /** The image's name without its tag: what Skaffold builds it under and matches it by. */
        String imageName() {
            return image().replaceFirst(":[^:/]+$", "");
        }

        /** Runs this image instead of the manifest's image name. */
        void useImage(String image) {
            deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
        }

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /**
     * Renders a side with {@code kubectl kustomize}. Kustomize is built into kubectl and fabric8 has
     * none: rendering is the one step that runs a program rather than the Kubernetes API, the same program Skaffold
     * renders these manifests with. A second kustomize written here would drift from what {@code skaffold run} deploys.
     */
    static Rendered render(KubernetesClient client, Path repository, Options.Side side) {
        String yaml = kustomize(repository, side.kustomization);
        List<HasMetadata> objects = new ArrayList<>(
                client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items());
        List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).toList();
        if (deployments.size() != 1) {
            throw new LabFailure(side.kustomization + " renders " + deployments.size()
                    + " Deployments; the lab needs one");
        }
        return new Rendered(side, objects, deployments.getFirst());
    }

    /** The images Skaffold built, by name: its {@code --file-output}, {"builds": [{"imageName", "tag"}, ...]}. */
    static Map<String, String> builtImages(KubernetesClient client, Path buildArtifacts) {
        String json;
        try {
            json = Files.readString(buildArtifacts);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new LabFailure("cannot read " + buildArtifacts + ": " + e.getMessage(), e);
        }
        Map<String, String> images = new LinkedHashMap<>();
        try {
            Map<?, ?> document = client.getKubernetesSerialization().unmarshal(json, Map.class);
            for (Object build : (List<?>) document.get("builds")) {
                Map<?, ?> artifact = (Map<?, ?>) build;
                images.put(String.valueOf(artifact.get("imageName")), String.valueOf(artifact.get("tag")));
            }
        } catch (RuntimeException e) {
            throw new LabFailure(buildArtifacts + " is not what `skaffold build --file-output` writes "
                    + "({\"builds\": [{\"imageName\": ..., \"tag\": ...}]}): " + e.getMessage(), e);
        }
        return images;
    }

    /**
     * The control for the NetworkPolicy (docs/cluster-lab.md): the fat image, which has curl, in a copy of the hardened
     * Deployment, under a copy of the hardened NetworkPolicy. Both copies carry their own name label, so the hardened
     * Service and policy do not select the control, and the control's policy selects the control alone.
     */
    static List<HasMetadata> policyControl(Rendered hardened, String fatImage) {
        List<NetworkPolicy> policies = hardened.all(NetworkPolicy.class);
        if (policies.size() != 1) {
            throw new LabFailure(hardened.side().kustomization + " renders " + policies.size()
                    + " NetworkPolicies; the control copies exactly one (or run with --no-policy-control)");
        }
        Map<String, String> labels = Map.of(NAME_LABEL, CONTROL);
        Deployment control = new DeploymentBuilder(hardened.deployment())
                .editMetadata().withName(CONTROL).withLabels(labels).endMetadata()
                .editSpec()
                .withNewSelector().withMatchLabels(labels).endSelector()
                .editTemplate()
                .editMetadata().withLabels(labels).endMetadata()
                .editSpec().editFirstContainer().withImage(fatImage).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
        NetworkPolicy policy = new NetworkPolicyBuilder(policies.getFirst())
                .editMetadata().withName(CONTROL).withLabels(labels).endMetadata()
                .editSpec().withNewPodSelector().withMatchLabels(labels).endPodSelector().endSpec()
                .build();
        return List.of(policy, control);
    }

    /** Namespaces first, so that what lives in them can be created. */
    static List<HasMetadata> inCreationOrder(List<HasMetadata> objects) {
        List<HasMetadata> ordered = new ArrayList<>(objects.stream().filter(Namespace.class::isInstance).toList());
        objects.stream().filter(o -> !(o instanceof Namespace)).forEach(ordered::add);
        return ordered;
    }

    private static String kustomize(Path repository, String kustomization) {
        List<String> command = List.of("kubectl", "kustomize", kustomization);
        try {
            Process kubectl = new ProcessBuilder(command).directory(repository.toFile()).start();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(kubectl.getErrorStream()));
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(2, TimeUnit.MINUTES)) {
                kubectl.destroyForcibly();
                throw new LabFailure(String.join(" ", command) + " did not finish within 2 minutes");
            }
            if (kubectl.exitValue() != 0) {
                throw new LabFailure(String.join(" ", command) + " failed: "
                        + new String(errors.join(), StandardCharsets.UTF_8).strip());
            }
            return yaml;
        } catch (IOException e) {
            throw new LabFailure("cannot run kubectl, which renders " + kustomization
                    + " (kustomize is built into it): " + e.getMessage() + ". Install kubectl.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFailure("interrupted while rendering " + kustomization, e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
