package dev.awkplayground.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static dev.awkplayground.deploy.ApkoImage.list;
import static dev.awkplayground.deploy.ApkoImage.map;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The deployment files' side of the cluster lab (cluster-lab/, docs/cluster-lab.md): Skaffold's lab profile builds
 * exactly the images the lab deploys, and the lab never reaches the service's image.
 */
class DeployClusterLabTest {
    private final Map<String, Object> skaffold = Project.yaml("skaffold.yaml");

    @Test
    void theLabProfileBuildsTheImagesOfBothKustomizations() {
        List<Object> patches = list(profile("lab").get("patches"), "lab patches");
        assertThat(patches.size(), is(1));
        Map<String, Object> add = map(patches.getFirst(), "lab patch");
        assertThat(add.get("op"), is("add"));
        assertThat(add.get("path"), is("/build/artifacts/-"));
        // The same artifact as `skaffold run -p insecure` builds (a YAML alias of it).
        Map<String, Object> insecure = map(list(profile("insecure").get("patches"), "insecure patches").getFirst(),
                "insecure patch");
        assertThat(insecure.get("path"), is("/build/artifacts/0"));
        assertThat(add.get("value"), is(insecure.get("value")));

        List<Object> artifacts = new ArrayList<>(list(map(skaffold.get("build"), "build").get("artifacts"),
                "artifacts"));
        artifacts.add(add.get("value"));
        List<Object> images = artifacts.stream().map(a -> map(a, "artifact").get("image")).toList();
        // Skaffold matches the manifests' images by name, whatever their tag.
        assertThat(images, is(List.of(Manifests.one(Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage().replaceFirst(":[^:/]+$", ""), insecureImage())));
    }

    @Test
    void theClusterLabStaysOutOfTheImagesBuilds() {
        assertThat("melange does not copy it into the image's build", Project.read(".melangeignore").lines().toList(),
                hasItem("cluster-lab/**"));
        assertThat("docker build does not send it", Project.read(".dockerignore").lines().toList(),
                hasItem("cluster-lab"));
        assertThat("the service's pom has no modules", Project.read("pom.xml").contains("<modules>"), is(false));
        for (String line : Project.read("dockerfiles/Dockerfile.fat").lines().filter(l -> l.startsWith("COPY"))
                .toList()) {
            assertThat(line, line.contains("cluster-lab"), is(false));
            assertThat(line, line, not(is("COPY . .")));
        }
    }

    /** The image name k8s/insecure gives the Deployment (its kustomize images transformer). */
    private static Object insecureImage() {
        Map<String, Object> kustomization = Project.yaml("k8s/insecure/kustomization.yaml");
        return map(list(kustomization.get("images"), "images").getFirst(), "image").get("newName");
    }

    private Map<String, Object> profile(String name) {
        return list(skaffold.get("profiles"), "profiles").stream().map(p -> map(p, "profile"))
                .filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no profile " + name));
    }
}
