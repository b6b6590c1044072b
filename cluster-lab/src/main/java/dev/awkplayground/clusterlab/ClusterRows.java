package dev.awkplayground.clusterlab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import dev.awkplayground.clusterlab.ProbeCatalogue.Row;
import dev.awkplayground.clusterlab.ProbeCatalogue.Verdict;

/**
 * The rows the Kubernetes API answers, from the pods and NetworkPolicies as the cluster admitted them: whether a
 * service-account token is mounted, and what the NetworkPolicies let a pod reach, judged by a control when the
 * cluster may not enforce them.
 */
final class ClusterRows {
    static final String TOKEN_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";

    private ClusterRows() {
    }

    /**
     * What the NetworkPolicy control showed: a pod with curl, under the same NetworkPolicy as the hardened pod, tried
     * to open a connection that policy forbids.
     *
     * @param target  what it tried to reach
     * @param verdict whether it got through
     */
    record Control(String target, Verdict verdict) {
        boolean enforced() {
            return !verdict.works();
        }
    }

    /** token-mounted: the Service Account admission plugin adds the token volume unless automounting is off. */
    static Row tokenMounted(Map<String, Pod> pods) {
        Map<String, Verdict> results = new LinkedHashMap<>();
        pods.forEach((column, pod) -> results.put(column, tokenMount(pod)));
        return new Row("token-mounted", "kubernetes",
                "have a service-account token mounted (the pod as the API server admitted it)", results);
    }

    private static Verdict tokenMount(Pod pod) {
        for (Container container : pod.getSpec().getContainers()) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                if (TOKEN_DIRECTORY.equals(mount.getMountPath())) {
                    return new Verdict(true, "volume " + mount.getName() + " at " + TOKEN_DIRECTORY
                            + " (service account " + pod.getSpec().getServiceAccountName() + ")");
                }
            }
        }
        return new Verdict(false, "no token volume in the pod (automountServiceAccountToken: "
                + pod.getSpec().getAutomountServiceAccountToken() + ")");
    }

    /**
     * network-policy: what the NetworkPolicies selecting the pod let it reach. Without a policy the pod reaches
     * anything: that is Kubernetes' model, whatever the network plugin. With one, only the control can tell whether the
     * network plugin enforces it; a policy that is not enforced is scored as what it is: egress works.
     *
     * @param selecting the NetworkPolicies that select each column's pod
     */
    static Row networkPolicy(Map<String, List<NetworkPolicy>> selecting, Control control) {
        Map<String, Verdict> results = new LinkedHashMap<>();
        selecting.forEach((column, policies) -> results.put(column, egress(policies.stream()
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress")
                        || !policy.getSpec().getEgress().isEmpty())
                .toList(), control)));
        return new Row("network-policy", "network",
                "connect out of the pod past its NetworkPolicy (a control pod with curl under the same policy)",
                results);
    }

    private static Verdict egress(List<NetworkPolicy> limiting, Control control) {
        if (limiting.isEmpty()) {
            return new Verdict(true, "no NetworkPolicy limits the pod's egress");
        }
        int rules = limiting.stream().mapToInt(policy -> policy.getSpec().getEgress().size()).sum();
        String policy = String.join(", ", limiting.stream().map(p -> p.getMetadata().getName()).toList()) + ": "
                + (rules == 0 ? "no egress allowed" : rules + " egress rules");
        if (control.enforced()) {
            return new Verdict(false, policy + "; enforced: the control could not reach " + control.target());
        }
        return new Verdict(true, policy + ", but NOT ENFORCED here: the control reached " + control.target() + " ("
                + control.verdict().evidence() + ")");
    }
}
