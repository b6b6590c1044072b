package dev.awkplayground.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.awkplayground.JvmOptionFile;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import static dev.awkplayground.deploy.ApkoImage.list;
import static dev.awkplayground.deploy.ApkoImage.map;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * apko.yaml, melange.yaml and skaffold.yaml, read as the tools read them: only keys the tools accept (see
 * {@link ToolSchemas}), and the rules of this project: nothing in the image an attacker could use, both architectures,
 * one image name from Skaffold to the Deployment, a build script that exists and parses.
 */
class DeployToolConfigsTest {
    /** What may be in the image: the package and files without programs in them. glibc and zlib come as its libraries. */
    private static final Set<String> IMAGE_PACKAGES = Set.of("awk-playground@local", "wolfi-baselayout",
            "ca-certificates-bundle", "glibc", "zlib");
    /** Shells, multi-call binaries, package managers and the like: each would hand an attacker tools. */
    private static final Set<String> ATTACKER_TOOLS = Set.of("busybox", "toybox", "wolfi-base", "apk-tools", "bash",
            "dash", "zsh", "mksh", "coreutils", "curl", "wget", "python3", "perl");

    private final Map<String, Object> apko = Project.yaml("apko.yaml");
    private final Map<String, Object> melange = Project.yaml("melange.yaml");
    private final Map<String, Object> skaffold = Project.yaml("skaffold.yaml");
    private final ApkoImage image = new ApkoImage(apko);
    private static final String AOT_CACHE = "-XX:AOTCache=" + ApkoImage.APP + "awk-playground.aot";

    @Test
    void everyKeyIsOneTheToolsAccept() {
        assertThat("apko.yaml", Keys.problems(apko, ToolSchemas.APKO), empty());
        assertThat("melange.yaml", Keys.problems(melange, ToolSchemas.MELANGE), empty());
        assertThat("skaffold.yaml", Keys.problems(skaffold, ToolSchemas.SKAFFOLD), empty());
    }

    @Test
    void theKeyCheckRefusesWhatTheToolsRefuse() {
        Map<String, Object> misspelt = Map.of("entrypoint", Map.of("comand", "/x"), "archs", "x86_64");
        assertThat(Keys.problems(misspelt, ToolSchemas.APKO), containsInAnyOrder(
                ".entrypoint.comand: not a field of ImageEntrypoint", ".archs: a list expected, found x86_64"));
        Map<String, Object> profile = Map.of("profiles", List.of(Map.of("name", "p", "replacements", List.of())));
        assertThat(Keys.problems(profile, ToolSchemas.SKAFFOLD),
                containsInAnyOrder(".profiles[0].replacements: not a field of Profile"));
        Map<String, Object> floatVersion = Map.of("package", Map.of("name", "p", "version", 1.1));
        assertThat(Keys.problems(floatVersion, ToolSchemas.MELANGE),
                containsInAnyOrder(".package.version: STRING expected, found Double 1.1"));
    }

    @Test
    void theImageHoldsThePackageAndNothingAnAttackerCouldUse() {
        Map<String, Object> contents = image.section("contents");
        List<Object> packages = list(contents.get("packages"), "contents.packages");
        assertThat(packages, hasItem("awk-playground@local"));
        for (Object name : packages) {
            String bare = String.valueOf(name).replaceAll("[@=<>~].*", "");
            assertThat(name + " is on the allow list", IMAGE_PACKAGES.contains(String.valueOf(name))
                    || IMAGE_PACKAGES.contains(bare), is(true));
            assertThat(name + " gives an attacker tools", ATTACKER_TOOLS.contains(bare), is(false));
        }
        // The local repository is tagged, so only packages asked for with @local come from it.
        assertThat(list(contents.get("repositories"), "repositories"), hasItem("@local ./packages"));
        assertThat(list(contents.get("keyring"), "keyring"), hasItem("./melange.rsa.pub"));
        Map<String, Object> pkg = map(melange.get("package"), "melange package");
        assertThat("apko installs the package melange builds", pkg.get("name") + "@local", is("awk-playground@local"));
    }

    /** docs/hardening-lab.md's ladder table says what the apko image holds: every package apko puts in it. */
    @Test
    void theLadderTableNamesEveryPackageOfTheApkoImage() {
        String row = Project.read("docs/hardening-lab.md").lines().filter(line -> line.startsWith("| 6 apko |"))
                .findFirst().orElseThrow(() -> new AssertionError("no apko row in docs/hardening-lab.md"));
        for (String pkg : ToolFacts.APKO_IMAGE_PACKAGES) {
            String named = pkg.equals("awk-playground") ? "our package" : "`" + pkg + "`";
            assertThat(row, containsString(named));
        }
    }

    @Test
    void thePackageBringsNoJavaRuntimeOrShellOfItsOwn() {
        Map<String, Object> pkg = map(melange.get("package"), "melange package");
        Object dependencies = pkg.get("dependencies");
        List<Object> runtime = dependencies == null ? List.of()
                : list(map(dependencies, "dependencies").getOrDefault("runtime", List.of()), "runtime");
        for (Object dependency : runtime) {
            assertThat(String.valueOf(dependency), not(matchesPattern("(?i).*(jre|jdk|java|busybox|bash|sh).*")));
        }
    }

    @Test
    void theImageRunsTheJlinkedJavaDirectlyAsNonRoot() {
        Map<String, Object> entrypoint = image.section("entrypoint");
        assertThat("a shell-fragment needs /bin/sh", entrypoint.get("shell-fragment"), is(nullValue()));
        assertThat("entrypoint.type", entrypoint.get("type"), is(nullValue()));
        assertThat("cmd", apko.get("cmd"), is(nullValue()));
        List<String> command = image.entrypoint();
        assertThat(command.getFirst(), is(ApkoImage.JAVA));
        assertThat(command.subList(command.size() - 2, command.size()), is(List.of("-jar", ApkoImage.JAR)));
        // The options are in src/main/jvm's files alone: every run's first, then the image's; and the AOT cache.
        assertThat(image.optionFiles(), is(List.of(JvmOptionFile.SERVICE, JvmOptionFile.IMAGE)));
        assertThat(image.jvmOptions().stream().filter(option -> !option.startsWith("@")).toList(),
                is(List.of(AOT_CACHE)));
        assertThat(image.maxHeapMiB(), is(192L));

        long[] runAs = image.runAs();
        assertThat(runAs[0], is(65532L));
        assertThat(runAs[1], is(65532L));
        Map<String, Object> accounts = image.section("accounts");
        for (Object user : list(accounts.get("users"), "users")) {
            assertThat("apko refuses uid 0 accounts", map(user, "user").get("uid"), not(is(0)));
        }
        assertThat(list(accounts.get("groups"), "groups").stream().map(g -> map(g, "group").get("gid")).toList(),
                hasItem(65532));
        assertThat(image.section("environment"), org.hamcrest.Matchers.hasEntry("SERVER_HOST", "0.0.0.0"));
    }

    @Test
    void pathsInTheImageHaveExplicitOwners() {
        for (Object entry : list(apko.getOrDefault("paths", List.of()), "paths")) {
            Map<String, Object> path = map(entry, "a paths entry");
            assertThat(path.get("path") + " uid", path, hasKey("uid"));
            assertThat(path.get("path") + " gid", path, hasKey("gid"));
        }
    }

    @Test
    void theImageIsAnnotatedAndBuiltForBothArchitectures() {
        Map<String, Object> annotations = image.section("annotations");
        assertThat(annotations, hasKey("org.opencontainers.image.description"));
        assertThat(annotations, hasKey("org.opencontainers.image.title"));
        // apko maps apk names to OCI names (types.go ParseArchitecture): x86_64 is amd64, aarch64 is arm64.
        assertThat(ociArchitectures(list(apko.get("archs"), "archs")), hasItems("amd64", "arm64"));
        Map<String, Object> pkg = map(melange.get("package"), "melange package");
        assertThat(ociArchitectures(list(pkg.get("target-architecture"), "target-architecture")),
                hasItems("amd64", "arm64"));
    }

    @Test
    void melangeBuildsWithMavenAndInstallsWithTheOneScript() {
        Map<String, Object> pkg = map(melange.get("package"), "melange package");
        assertThat("apk versions are strings", pkg.get("version"), instanceOf(String.class));
        assertThat(String.valueOf(pkg.get("version")), matchesPattern("[0-9]+(\\.[0-9]+)*"));
        List<Object> packages = list(map(map(melange.get("environment"), "environment").get("contents"),
                "environment.contents").get("packages"), "environment packages");
        assertThat("runs: steps need /bin/sh", packages, hasItem("busybox"));
        assertThat(packages, hasItems("openjdk-25", "maven-3.9"));

        String steps = runs(list(melange.get("pipeline"), "pipeline"));
        assertThat(steps, containsString("mvn -B"));
        assertThat(steps, containsString("scripts/install.sh \"${{targets.destdir}}\""));
        assertThat(Files.isExecutable(Project.file("scripts/install.sh")), is(true));
        Project.runOk(Project.ROOT, Map.of(), Duration.ofSeconds(30), shell("sh").toString(), "-n",
                "scripts/install.sh");
    }

    @Test
    void melangeTestsThePackagedServiceWithTheImagesJvmOptions() {
        Map<String, Object> test = map(melange.get("test"), "melange test");
        String steps = runs(list(test.get("pipeline"), "test pipeline"));
        assertThat(steps, containsString("/observe/health/ready"));
        assertThat(steps, containsString("--list-modules"));
        List<String> options = jvmOptions(javaCommand(steps, " -jar "));
        assertThat("the test runs the service as the image does", options, is(image.jvmOptions()));
        // A native melange test shares the host's network, where `skaffold dev` forwards 8080 to the pod: a port
        // the test found free, and a check that the answers came from its own service (DeployInstalledRuntimeIT runs it).
        assertThat(steps, not(containsString(":8080")));
        assertThat(javaCommand(steps, " -jar "), containsString(" -Dserver.port=\"$port\" "));
        assertThat(steps, containsString("netstat -ltn"));
        assertThat(steps, containsString("kill -0 \"$pid\""));
    }

    /** The AOT cache works only with the options it was trained with: install.sh reads the entrypoint's files. */
    @Test
    void installShTrainsTheAotCacheWithTheEntrypointsOptions() {
        String install = Project.read("scripts/install.sh");
        List<String> trained = jvmOptions(javaCommand(install, "-XX:AOTCacheOutput=").replace("\"$home/",
                "\"/usr/lib/awk-playground/").replace("\"", ""));
        List<String> used = image.jvmOptions().stream().filter(o -> !o.equals(AOT_CACHE)).toList();
        assertThat(trained, is(Stream.concat(used.stream(),
                Stream.of("-XX:AOTCacheOutput=/usr/lib/awk-playground/$AOT_CACHE")).toList()));
        assertThat(install, containsString("AOT_CACHE=app/awk-playground.aot"));
        for (JvmOptionFile file : JvmOptionFile.values()) {
            assertThat("install.sh installs " + file.fileName(), install, containsString("src/main/jvm/"
                    + file.fileName()));
        }
    }

    @Test
    void skaffoldBuildsTheDeploymentsImageWithTheBuildScript() {
        assertThat(String.valueOf(skaffold.get("apiVersion")), matchesPattern("skaffold/v4beta(1[3-9]|[2-9][0-9])"));
        assertThat(skaffold.get("kind"), is("Config"));
        List<Object> artifacts = list(map(skaffold.get("build"), "build").get("artifacts"), "artifacts");
        assertThat(artifacts.size(), is(1));
        Map<String, Object> artifact = map(artifacts.getFirst(), "artifact");
        assertThat(artifact.get("image"), is("awk-playground"));
        // Skaffold rewrites an image whose name matches the artifact's, whatever its tag (k8s/ pins one for kubectl).
        assertThat(Manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage().replaceFirst(":[^:/]+$", ""), is(artifact.get("image")));

        Map<String, Object> custom = map(artifact.get("custom"), "custom");
        assertThat(custom.get("buildCommand"), is("./scripts/build-image.sh"));
        Path script = Project.file("scripts/build-image.sh");
        assertThat("executable", Files.isExecutable(script), is(true));
        Project.runOk(Project.ROOT, Map.of(), Duration.ofSeconds(30), shell("bash").toString(), "-n",
                "scripts/build-image.sh");

        // Skaffold refuses a dependency path that matches no file (pkg/skaffold/build/list/list.go).
        List<Object> paths = list(map(custom.get("dependencies"), "dependencies").get("paths"), "paths");
        for (Object path : paths) {
            assertThat("dependency path " + path, Files.exists(Project.ROOT.resolve(String.valueOf(path))), is(true));
        }
        assertThat(paths, hasItems("src", "pom.xml", "melange.yaml", "apko.yaml", "scripts/install.sh",
                "scripts/runtime-modules.txt"));
    }

    @Test
    void skaffoldDeploysK8sWithKubectlAndForwards8080() {
        Map<String, Object> kustomize = map(map(skaffold.get("manifests"), "manifests").get("kustomize"), "kustomize");
        assertThat(kustomize.get("paths"), is(List.of("k8s")));
        assertThat("deploy.kubectl", map(skaffold.get("deploy"), "deploy").get("kubectl"), is(notNullValue()));
        List<Object> forwards = list(skaffold.get("portForward"), "portForward");
        assertThat(forwards, is(List.of(Map.of("resourceType", "service", "resourceName", "awk-playground",
                "namespace", "awk-playground", "port", 8080, "localPort", 8080))));
    }

    @Test
    void theSigningKeyAndBuildOutputsStayOutOfGitAndOutOfTheBuild() {
        Set<String> gitignore = lines(".gitignore");
        assertThat(gitignore, hasItems("melange.rsa", "melange.rsa.pub", "packages/", "melange-cache/"));
        Set<String> melangeignore = lines(".melangeignore");
        assertThat("melange copies the source tree into its workspace, but not the private key", melangeignore,
                hasItems("melange.rsa", "packages/**", "melange-cache/**", "target/**"));
    }

    /** The whole text matches the regular expression (hamcrest 1.3 has no matchesPattern). */
    private static Matcher<String> matchesPattern(String regex) {
        return new CustomTypeSafeMatcher<>("text matching " + regex) {
            @Override
            protected boolean matchesSafely(String text) {
                return text.matches(regex);
            }
        };
    }

    private static Set<String> lines(String file) {
        return Project.read(file).lines().map(String::trim).collect(Collectors.toSet());
    }

    private static Path shell(String name) {
        return Project.tool(name, Path.of("/bin", name), Path.of("/usr/bin", name));
    }

    private static List<String> ociArchitectures(List<Object> names) {
        return names.stream().map(String::valueOf).map(name -> switch (name) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> name;
        }).toList();
    }

    /** The first java command of a shell script that has {@code marker}, its continuation lines joined. */
    private static String javaCommand(String script, String marker) {
        return Arrays.stream(script.replace("\\\n", " ").split("\n"))
                .filter(line -> line.contains("/runtime/bin/java\"") && line.contains(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java command with " + marker));
    }

    /** The JVM options of a java command line: its words that are options or option files, bar system properties. */
    private static List<String> jvmOptions(String command) {
        return Arrays.stream(command.trim().split("\\s+"))
                .filter(word -> word.startsWith("-X") || word.startsWith("@")
                        || word.startsWith("-D") && !word.startsWith("-Dserver.port="))
                .toList();
    }

    /** The runs: scripts of a pipeline and of the pipelines nested in it, one after the other. */
    private static String runs(List<Object> pipeline) {
        return String.join("\n", runScripts(pipeline)) + "\n";
    }

    /** The runs: scripts of a melange pipeline and of the pipelines nested in it, each a script of its own. */
    static List<String> runScripts(List<Object> pipeline) {
        List<String> scripts = new ArrayList<>();
        for (Object entry : pipeline) {
            Map<String, Object> step = map(entry, "a pipeline step");
            assertThat("a step has runs: or uses:, not both (melange's validatePipelines)",
                    step.containsKey("runs") && step.containsKey("uses"), is(false));
            if (step.get("runs") != null) {
                scripts.add(String.valueOf(step.get("runs")));
            }
            if (step.get("pipeline") != null) {
                scripts.addAll(runScripts(list(step.get("pipeline"), "nested pipeline")));
            }
        }
        return scripts;
    }
}
