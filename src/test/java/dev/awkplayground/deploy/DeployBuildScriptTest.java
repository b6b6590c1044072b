package dev.awkplayground.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * scripts/build-image.sh run for real, with stand-ins for melange, apko and docker that only write down how they were
 * called (none of the three exists here): what Skaffold's variables turn into.
 */
class DeployBuildScriptTest {
    private static final String IMAGE = "awk-playground:dev";
    /** The host programs the script uses besides the three tools. */
    private static final List<String> HOST_PROGRAMS = List.of("bash", "env", "sed", "head", "mktemp", "rm", "id",
            "touch");
    private static final String STAND_IN = """
            #!/usr/bin/env bash
            echo "${0##*/} $*" >> "$STUB_LOG"
            case "${0##*/} $1" in
                "melange keygen") touch "$2" "$2.pub" ;;
                "docker info") [ -z "${DOCKER_DOWN:-}" ] ;;
                "docker version") echo "$DOCKER_ARCH" ;;
                "docker load") echo "Loaded image: $IMAGE-$DOCKER_ARCH" ;;
            esac
            """;

    @TempDir
    Path work;
    private Path bin;
    private Path context;
    private Path log;

    @BeforeEach
    void isolate() throws IOException {
        bin = Project.binWith(work.resolve("bin"), HOST_PROGRAMS);
        context = Files.createDirectories(work.resolve("repo"));
        log = Files.createFile(work.resolve("calls.log"));
    }

    @Test
    void pushBuildsAndPublishesEveryPlatformWithLocalTools() throws IOException {
        standIns("melange", "apko");
        Project.Result result = build(Map.of("PUSH_IMAGE", "true", "PLATFORMS", "linux/amd64,linux/arm64"));

        assertThat(result.output(), result.exitCode(), is(0));
        List<String> calls = calls();
        assertThat(calls.getFirst(), is("melange keygen melange.rsa"));
        assertThat(calls, hasItem("melange build melange.yaml --arch x86_64,aarch64 --signing-key melange.rsa "
                + "--out-dir ./packages --cache-dir ./melange-cache"));
        assertThat(calls, hasItem("melange test melange.yaml awk-playground --arch x86_64,aarch64 --source-dir scripts "
                + "--repository-append ./packages --keyring-append melange.rsa.pub"));
        assertThat(calls.getLast(), startsWith("apko publish apko.yaml " + IMAGE + " --arch x86_64,aarch64 "));
    }

    @Test
    void localBuildLoadsTheDaemonsPlatformUnderExactlyImage() throws IOException {
        standIns("melange", "apko", "docker");
        Files.createFile(context.resolve("melange.rsa"));
        Project.Result result = build(Map.of("PUSH_IMAGE", "false", "PLATFORMS", "linux/amd64,linux/arm64",
                "DOCKER_ARCH", "arm64", "SKIP_TEST", "true"));

        assertThat(result.output(), result.exitCode(), is(0));
        List<String> calls = calls().stream().filter(call -> !call.startsWith("docker info")).toList();
        assertThat("the key exists: no new one", calls, not(hasItem("melange keygen melange.rsa")));
        assertThat(calls.get(1), startsWith("melange build melange.yaml --arch aarch64 "));
        assertThat("SKIP_TEST=true", String.join("\n", calls), not(containsString("melange test")));
        assertThat(calls.get(2), startsWith("apko build apko.yaml " + IMAGE + " "));
        assertThat(calls.get(2), containsString("/image.tar --arch aarch64"));
        assertThat(calls.get(3), startsWith("docker load -i "));
        // apko tagged the tarball's image with an architecture suffix; Skaffold looks for $IMAGE itself.
        assertThat(calls.get(4), is("docker tag " + IMAGE + "-arm64 " + IMAGE));
    }

    @Test
    void withoutLocalToolsTheOfficialImagesRunInDocker() throws IOException {
        standIns("docker");
        Project.Result result = build(Map.of("PLATFORMS", "", "DOCKER_ARCH", "amd64", "SKIP_TEST", "true"));

        assertThat(result.output(), result.exitCode(), is(0));
        String calls = String.join("\n", calls());
        assertThat(calls, containsString("--privileged"));
        assertThat(calls, containsString("cgr.dev/chainguard/melange:latest build melange.yaml --arch x86_64 "));
        assertThat(calls, containsString("cgr.dev/chainguard/apko:latest build apko.yaml " + IMAGE + " "));
    }

    @Test
    void failsEarlyWhenNeitherToolsNorDockerAreThere() throws IOException {
        Project.Result result = build(Map.of("PUSH_IMAGE", "true"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("melange is not installed and there is no Docker daemon"));
        assertThat(calls(), empty());
    }

    @Test
    void failsEarlyWhenTheImageCannotBeLoadedLocally() throws IOException {
        standIns("melange", "apko", "docker");
        Project.Result result = build(Map.of("PUSH_IMAGE", "false", "DOCKER_DOWN", "yes"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("there is none"));
        assertThat(calls(), is(List.of("docker info")));
    }

    @Test
    void refusesAPlatformTheImageIsNotBuiltFor() throws IOException {
        standIns("melange", "apko");
        Project.Result result = build(Map.of("PUSH_IMAGE", "true", "PLATFORMS", "linux/amd64,linux/s390x"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("platform 'linux/s390x' is not built"));
        assertThat(calls(), empty());
    }

    private void standIns(String... names) throws IOException {
        for (String name : names) {
            Path stub = bin.resolve(name);
            Files.writeString(stub, STAND_IN);
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private Project.Result build(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>();
        // Empty is unset for the script: nothing from the test JVM's own environment leaks in.
        for (String name : List.of("PUSH_IMAGE", "PLATFORMS", "SKIP_TEST", "MELANGE_IMAGE", "APKO_IMAGE",
                "DOCKER_CONFIG", "DOCKER_DOWN")) {
            environment.put(name, "");
        }
        environment.putAll(Map.of("PATH", bin.toString(), "HOME", work.toString(), "IMAGE", IMAGE,
                "BUILD_CONTEXT", context.toString(), "STUB_LOG", log.toString(), "DOCKER_ARCH", "amd64"));
        environment.putAll(variables);
        return Project.run(context, environment, Duration.ofSeconds(60),
                List.of(bin.resolve("bash").toString(), Project.file("scripts/build-image.sh").toString()));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(log);
    }
}
