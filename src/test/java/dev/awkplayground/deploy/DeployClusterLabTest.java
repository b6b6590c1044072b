package dev.awkplayground.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.awkplayground.deploy.ApkoImage.list;
import static dev.awkplayground.deploy.ApkoImage.map;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The deployment files' side of the cluster lab (cluster-lab/, docs/cluster-lab.md): Skaffold's lab profile builds
 * exactly the images the lab deploys, the lab never reaches the service's image, the two documented commands work on
 * a fresh clone, and scripts/cluster-lab.sh puts Skaffold's images into a kind cluster (run with stand-ins for
 * kubectl, kind, mvn and java that write down how they were called).
 */
class DeployClusterLabTest {
    private static final Pattern FILE_OUTPUT = Pattern.compile("skaffold build [^\\n`]*--file-output (\\S+)");
    /** Skaffold's build output: two local builds (NAME:IMAGE_ID) and a pushed one (NAME:TAG@DIGEST). */
    private static final String BUILDS = """
            {"builds":[{"imageName":"awk-playground","tag":"awk-playground:3f2a"},\
            {"imageName":"awk-playground-fat","tag":"awk-playground-fat:9c1b"},\
            {"imageName":"other","tag":"registry.invalid/other:v1@sha256:0123"}]}""";
    private static final String STAND_IN = """
            #!/usr/bin/env bash
            echo "${0##*/} $*" >> "$STUB_LOG"
            case "${0##*/} $*" in
                "kubectl config current-context") echo "$CONTEXT" ;;
                "java -XshowSettings:properties -version") echo "    java.specification.version = 25" ;;
            esac
            """;

    private final Map<String, Object> skaffold = Project.yaml("skaffold.yaml");
    @TempDir
    Path work;

    /**
     * Skaffold writes --file-output without creating its folder (ToolFacts.SKAFFOLD_FILE_OUTPUT): every command that
     * tells a reader to run {@code skaffold build --file-output} creates the folder first, on the same line.
     */
    @Test
    void everyDocumentedFileOutputHasItsFolderCreatedFirst() {
        int commands = 0;
        for (String file : List.of("README.md", "docs/cluster-lab.md", "skaffold.yaml", "scripts/cluster-lab.sh")) {
            for (String line : Project.read(file).lines().toList()) {
                Matcher output = FILE_OUTPUT.matcher(line);
                if (output.find()) {
                    commands++;
                    String folder = Path.of(output.group(1)).getParent().toString();
                    assertThat(file + ": " + line, line.substring(0, output.start()),
                            containsString("mkdir -p " + folder + " && "));
                }
            }
        }
        assertThat("commands found", commands, greaterThanOrEqualTo(4));
    }

    /** `skaffold build` does not load images into kind (ToolFacts.KIND_CONTEXT_PREFIX): the script does. */
    @Test
    void onAKindContextTheScriptLoadsTheLocallyBuiltImagesIntoThatCluster() throws IOException {
        Path bin = standIns("kubectl", "kind", "mvn", "java");
        Project.Result result = clusterLab(bin, "kind-awk-lab");

        assertThat(result.output(), result.exitCode(), is(0));
        List<String> calls = calls();
        assertThat(calls, hasItem("kind load docker-image --name awk-lab awk-playground:3f2a awk-playground-fat:9c1b"));
        assertThat("the lab runs after the images are in", calls.getLast(),
                is("java -jar cluster-lab/target/cluster-lab.jar --build-artifacts "
                        + work.resolve("skaffold-build.json") + " --timeout 5m"));
        assertThat(calls.indexOf("mvn -B -q -f cluster-lab/pom.xml package -DskipTests"),
                greaterThan(calls.indexOf("kind load docker-image --name awk-lab awk-playground:3f2a "
                        + "awk-playground-fat:9c1b")));
    }

    @Test
    void withoutKindItSaysWhichCommandLoadsTheImages() throws IOException {
        Path bin = standIns("kubectl", "mvn", "java");
        Project.Result result = clusterLab(bin, "kind-demo");

        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString(
                "kind load docker-image --name demo awk-playground:3f2a awk-playground-fat:9c1b"));
        assertThat("nothing ran", calls().stream().filter(c -> !c.startsWith("kubectl")).toList(), empty());
    }

    @Test
    void anotherClusterIsLeftToPullItsImages() throws IOException {
        Path bin = standIns("kubectl", "kind", "mvn", "java");
        Project.Result result = clusterLab(bin, "gke_project_zone_demo");

        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(calls().stream().filter(call -> call.startsWith("kind")).toList(), empty());
    }

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

    private Path standIns(String... names) throws IOException {
        Path bin = Project.binWith(work.resolve("bin"), List.of("bash", "env", "dirname", "grep", "sed"));
        for (String name : names) {
            Path stub = bin.resolve(name);
            Files.writeString(stub, STAND_IN);
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createFile(work.resolve("calls.log"));
        return bin;
    }

    /** scripts/cluster-lab.sh with the build output above, a JDK of stand-ins and kubectl's current context. */
    private Project.Result clusterLab(Path bin, String context) throws IOException {
        Path jdk = Files.createDirectories(work.resolve("jdk/bin"));
        for (String tool : List.of("java", "javac")) {
            Files.createSymbolicLink(jdk.resolve(tool), bin.resolve("java"));
        }
        Path builds = Files.writeString(work.resolve("skaffold-build.json"), BUILDS);
        Map<String, String> environment = new HashMap<>(Map.of("PATH", bin.toString(), "HOME", work.toString(),
                "JAVA_HOME", jdk.getParent().toString(), "STUB_LOG", work.resolve("calls.log").toString(),
                "CONTEXT", context));
        return Project.run(Project.ROOT, environment, Duration.ofSeconds(60), List.of(bin.resolve("bash").toString(),
                Project.file("scripts/cluster-lab.sh").toString(), "--build-artifacts", builds.toString(),
                "--timeout", "5m"));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(work.resolve("calls.log"));
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
