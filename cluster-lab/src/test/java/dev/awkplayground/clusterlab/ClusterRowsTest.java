package dev.awkplayground.clusterlab;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.Test;

import dev.awkplayground.clusterlab.ClusterRows.Control;
import dev.awkplayground.clusterlab.ProbeCatalogue.Row;
import dev.awkplayground.clusterlab.ProbeCatalogue.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows scored from the Kubernetes API: the token mount as admitted, and the NetworkPolicy judged by the control.
 */
class ClusterRowsTest {
    private static final Map<String, String> APP = Map.of("app.kubernetes.io/name", "awk-playground");
    private static final Control BLOCKED = new Control("the hardened pod at 10.244.0.7:8080",
            new Verdict(false, "curl: HTTP 000"));
    private static final Control REACHED = new Control("the hardened pod at 10.244.0.7:8080",
            new Verdict(true, "curl: HTTP 204"));

    @Test
    void aPolicyThatAllowsNoEgressBlocksWhereTheControlWasBlocked() {
        Row row = ClusterRows.networkPolicy(Map.of("hardened", List.of(denyAll(APP))), BLOCKED);
        Verdict verdict = row.results().get("hardened");
        assertFalse(verdict.works());
        assertEquals("awk-playground: no egress allowed; enforced: the control could not reach the hardened pod at "
                + "10.244.0.7:8080", verdict.evidence());
    }

    @Test
    void aPolicyTheNetworkPluginIgnoresIsScoredAsOpenAndSaysSo() {
        Verdict verdict = ClusterRows.networkPolicy(Map.of("hardened", List.of(denyAll(APP))), REACHED).results()
                .get("hardened");
        assertTrue(verdict.works());
        assertEquals("awk-playground: no egress allowed, but NOT ENFORCED here: the control reached the hardened pod "
                + "at 10.244.0.7:8080 (curl: HTTP 204)", verdict.evidence());
    }

    @Test
    void withoutAPolicyLimitingEgressItIsOpenWhateverTheControlSaw() {
        NetworkPolicy ingressOnly = new NetworkPolicyBuilder(denyAll(APP)).editSpec().withPolicyTypes("Ingress")
                .endSpec().build();
        for (Control control : List.of(BLOCKED, REACHED)) {
            for (List<NetworkPolicy> selecting : List.of(List.<NetworkPolicy>of(), List.of(ingressOnly))) {
                Verdict verdict = ClusterRows.networkPolicy(Map.of("fat", selecting), control).results().get("fat");
                assertTrue(verdict.works());
                assertEquals("no NetworkPolicy limits the pod's egress", verdict.evidence());
            }
        }
    }

    @Test
    void egressRulesAreCounted() {
        NetworkPolicy dnsOnly = new NetworkPolicyBuilder(denyAll(APP)).editSpec().addNewEgress().addNewPort()
                .withPort(new io.fabric8.kubernetes.api.model.IntOrString(53)).endPort().endEgress().endSpec().build();
        Verdict verdict = ClusterRows.networkPolicy(Map.of("hardened", List.of(dnsOnly)), BLOCKED).results()
                .get("hardened");
        assertTrue(verdict.evidence().startsWith("awk-playground: 1 egress rules; enforced"), verdict.evidence());
    }

    @Test
    void theTokenMountIsReadFromThePodAsAdmitted() {
        Pod mounted = new PodBuilder(pod(APP)).editSpec().withServiceAccountName("awk-playground").editFirstContainer()
                .addNewVolumeMount().withName("kube-api-access-x7k2p").withMountPath(ClusterRows.TOKEN_DIRECTORY)
                .endVolumeMount().endContainer().endSpec().build();
        Pod none = new PodBuilder(pod(APP)).editSpec().withAutomountServiceAccountToken(false).endSpec().build();
        Row row = ClusterRows.tokenMounted(new java.util.LinkedHashMap<>(Map.of("fat", mounted, "hardened", none)));
        assertEquals(new Verdict(true, "volume kube-api-access-x7k2p at /var/run/secrets/kubernetes.io/serviceaccount"
                + " (service account awk-playground)"), row.results().get("fat"));
        assertEquals(new Verdict(false, "no token volume in the pod (automountServiceAccountToken: false)"),
                row.results().get("hardened"));
    }

    private static Pod pod(Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName("p").withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("awk-playground").endContainer().endSpec().build();
    }

    /** The hardened policy's shape: ingress to 8080, egress listed with no rule. */
    private static NetworkPolicy denyAll(Map<String, String> selected) {
        return new NetworkPolicyBuilder().withNewMetadata().withName("awk-playground").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(selected).endPodSelector()
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
    }
}
