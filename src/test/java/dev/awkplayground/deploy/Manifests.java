package dev.awkplayground.deploy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Assertions;

/**
 * The objects {@code kubectl kustomize k8s} renders, read by fabric8 into typed Kubernetes objects.
 */
final class Manifests {
    private static List<HasMetadata> rendered;
    private static List<HasMetadata> insecure;

    private Manifests() {
    }

    /** Every rendered object (kubectl runs once per test JVM). */
    static synchronized List<HasMetadata> all() {
        if (rendered == null) {
            rendered = render("k8s");
        }
        return rendered;
    }

    /** Every object of the insecure overlay, {@code kubectl kustomize k8s/insecure}. */
    static synchronized List<HasMetadata> insecure() {
        if (insecure == null) {
            insecure = render("k8s/insecure");
        }
        return insecure;
    }

    private static List<HasMetadata> render(String kustomization) {
        Path kubectl = Project.tool("kubectl", Path.of("/usr/bin/kubectl"));
        String yaml = Project.runOk(Project.ROOT, Map.of(), Duration.ofSeconds(60), kubectl.toString(), "kustomize",
                kustomization);
        // Parsing needs no cluster: the client is only a door to fabric8's Kubernetes serialization.
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            return List.copyOf(client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items());
        }
    }

    /** The one rendered object of a kind. */
    static <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all().stream().filter(kind::isInstance).map(kind::cast).toList();
        Assertions.assertEquals(1, found.size(), "rendered " + kind.getSimpleName() + " objects");
        return found.getFirst();
    }

    /**
     * Fields that fabric8 did not know, anywhere in an object: its model keeps them in "additionalProperties" instead of
     * failing, so an unknown (misspelled, misplaced) field has to be looked for.
     */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        collectUnknown(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void collectUnknown(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknown(item, path + "." + key, found));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> found.add(path + "." + key));
                }
            } else {
                collectUnknown(child, path + "." + name, found);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(getter.toString(), e);
        }
    }

    /** Whether a label selector selects an object with these labels (matchLabels and matchExpressions). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> matchLabels = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        boolean all = matchLabels.entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        for (LabelSelectorRequirement requirement : Objects.requireNonNullElse(selector.getMatchExpressions(),
                List.<LabelSelectorRequirement>of())) {
            String value = labels.get(requirement.getKey());
            all &= switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + requirement.getOperator());
            };
        }
        return all;
    }
}
