package dev.awkplayground.clusterlab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hint for an image the cluster cannot pull names the kind cluster, which kind's context names give away. */
class RolloutsTest {
    @Test
    void aKindContextsClusterIsNamedInTheLoadCommand() {
        assertEquals("(kind: kind load docker-image --name awk-lab awk-playground:lab)",
                Rollouts.loadHint("kind-awk-lab", "awk-playground:lab"));
        assertEquals("(kind: kind load docker-image --name kind awk-playground:lab)",
                Rollouts.loadHint("kind-kind", "awk-playground:lab"));
    }

    @Test
    void anotherClusterGetsTheCommandWithAPlaceholder() {
        assertEquals("(on kind: kind load docker-image --name CLUSTER awk-playground:lab)",
                Rollouts.loadHint("gke_project_zone_demo", "awk-playground:lab"));
        assertEquals("(on kind: kind load docker-image --name CLUSTER awk-playground:lab)",
                Rollouts.loadHint(null, "awk-playground:lab"));
    }
}
