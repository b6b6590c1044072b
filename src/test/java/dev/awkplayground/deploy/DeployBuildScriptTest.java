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
import static org.hamcrest.Matchers.endsWith;
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
            "touch", "mkdir", "chmod");
    private static final String STAND_IN = """
            #!/usr/bin/env bash
            echo "${0##*/} $*" >> "$STUB_LOG"
            case "${0##*/} $1" in
                "melange keygen") touch "$2" "$2.pub" ;;
                "melange build")
                    echo "dirs melange-cache=$([ -d melange-cache ] && echo yes) apk-cache=$([ -d "${APK_CACHE:-/none}" ] && echo yes)" >> "$STUB_LOG" ;;
                "docker info") [ -z "${DOCKER_DOWN:-}" ] ;;
                "docker run") [[ " $* " != *" keygen "* ]] || touch melange.rsa melange.rsa.pub ;;
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
        String apkCache = work.resolve(".cache/awk-playground/apk").toString();
        assertThat(calls, hasItem("melange build melange.yaml --arch x86_64,aarch64 --signing-key melange.rsa "
                + "--out-dir ./packages --cache-dir ./melange-cache --apk-cache-dir " + apkCache));
        assertThat(calls, hasItem("melange test melange.yaml awk-playground --arch x86_64,aarch64 --source-dir scripts "
                + "--repository-append ./packages --keyring-append melange.rsa.pub --apk-cache-dir " + apkCache));
        assertThat(calls.getLast(), startsWith("apko publish apko.yaml " + IMAGE + " --arch x86_64,aarch64 "));
        assertThat(calls.getLast(), endsWith(" --cache-dir " + apkCache));
    }

    /**
     * melange mounts --cache-dir only if it is a directory already (ToolFacts.MELANGE_CACHE_MOUNT): the script creates
     * it and the apk cache before melange runs, so the second build reuses both.
     */
    @Test
    void bothCachesExistBeforeMelangeRuns() throws IOException {
        standIns("melange", "apko");
        Path apkCache = work.resolve("apk-cache");
        Project.Result result = build(Map.of("PUSH_IMAGE", "true", "APK_CACHE", apkCache.toString()));

        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(calls(), hasItem("dirs melange-cache=yes apk-cache=yes"));
        assertThat(String.join("\n", calls()), containsString("--apk-cache-dir " + apkCache + "\n"));
    }

    /** The private key is the caller's alone, whoever created it. */
    @Test
    void theNewSigningKeyIsReadableByItsOwnerOnly() throws IOException {
        standIns("melange", "apko");
        Project.Result result = build(Map.of("PUSH_IMAGE", "true", "SKIP_TEST", "true"));

        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(context.resolve("melange.rsa"))),
                is("rw-------"));
    }

    /** BUILD_RUNNER chooses: melange and apko on the PATH are not used when docker is asked for. */
    @Test
    void buildRunnerDockerUsesTheImagesEvenWhereTheToolsAreInstalled() throws IOException {
        standIns("melange", "apko", "docker");
        Project.Result result = build(Map.of("BUILD_RUNNER", "docker", "SKIP_TEST", "true", "MELANGE_RUNNER", "qemu"));

        assertThat(result.output(), result.exitCode(), is(0));
        String calls = String.join("\n", calls());
        assertThat(calls, not(containsString("\nmelange build")));
        assertThat(calls, containsString("sh build melange.yaml --arch x86_64 "));
        assertThat("MELANGE_RUNNER is melange's --runner", calls, containsString(" --runner qemu"));
        assertThat(calls, containsString(" build apko.yaml " + IMAGE + " "));
    }

    @Test
    void buildRunnerNativeWithoutTheToolsSaysWhatToDo() throws IOException {
        standIns("docker", "apko");
        Project.Result result = build(Map.of("BUILD_RUNNER", "native"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("BUILD_RUNNER=native but melange is not on the PATH"));
        assertThat(result.output(), containsString("BUILD_RUNNER=docker"));

        Project.Result unknown = build(Map.of("BUILD_RUNNER", "podman"));
        assertThat(unknown.exitCode(), is(not(0)));
        assertThat(unknown.output(), containsString("BUILD_RUNNER=podman: use native"));
        assertThat(calls().stream().filter(call -> !call.startsWith("docker info")).toList(), empty());
    }

    @Test
    void helpNamesTheRunnersAndTheCaches() throws IOException {
        Project.Result result = Project.run(context, Map.of("PATH", bin.toString()), Duration.ofSeconds(30),
                List.of(bin.resolve("bash").toString(), Project.file("scripts/build-image.sh").toString(), "--help"));
        assertThat(result.output(), result.exitCode(), is(0));
        for (String named : List.of("BUILD_RUNNER", "native", "docker", "auto", "MELANGE_RUNNER", "melange-cache",
                "/var/cache/melange", "APK_CACHE", "IMAGE", "PUSH_IMAGE")) {
            assertThat(result.output(), containsString(named));
        }
        assertThat(result.output(), not(containsString("set -euo")));
        assertThat(calls(), empty());
    }

    @Test
    void localBuildLoadsTheDaemonsPlatformUnderExactlyImage() throws IOException {
        standIns("melange", "apko", "docker");
        Files.createFile(context.resolve("melange.rsa"));
        Project.Result result = build(Map.of("PUSH_IMAGE", "false", "PLATFORMS", "linux/amd64,linux/arm64",
                "DOCKER_ARCH", "arm64", "SKIP_TEST", "true"));

        assertThat(result.output(), result.exitCode(), is(0));
        List<String> calls = calls().stream()
                .filter(call -> !call.startsWith("docker info") && !call.startsWith("dirs ")).toList();
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
        assertThat(calls, containsString(" --entrypoint /bin/sh cgr.dev/chainguard/melange:latest -c "));
        assertThat(calls, containsString("sh build melange.yaml --arch x86_64 "));
        assertThat(calls, containsString("cgr.dev/chainguard/apko:latest build apko.yaml " + IMAGE + " "));
        String apkCache = work.resolve(".cache/awk-playground/apk").toString();
        assertThat("the apk cache outlives the containers", calls, containsString("-v " + apkCache + ":" + apkCache));
    }

    /**
     * melange's container runs as root: what it writes into the checkout and the apk cache is given to the caller
     * before it ends, whatever melange's exit status. The stand-in docker runs the container's script with stand-ins
     * for melange and chown.
     */
    @Test
    void melangeInDockerHandsWhatItWroteBackToTheCaller() throws IOException {
        standIns("docker");
        Files.writeString(bin.resolve("docker"), STAND_IN + """
                if [ "$1" = run ] && [[ " $* " == *" --entrypoint /bin/sh "* ]]; then
                    while [ "$1" != -c ]; do
                        case "$1" in -e) export "${2?}"; shift ;; esac
                        shift
                    done
                    PATH="$CONTAINER_BIN:$PATH" bash -c "$2" "${@:3}"
                fi
                """);
        Path container = Files.createDirectories(work.resolve("container-bin"));
        Files.writeString(container.resolve("melange"), """
                #!/usr/bin/env bash
                mkdir -p packages && touch melange.rsa melange.rsa.pub
                [ "$1" != build ] || exit 3
                """);
        Files.writeString(container.resolve("chown"), """
                #!/usr/bin/env bash
                echo "chown $*" >> "$STUB_LOG"
                """);
        for (Path stub : List.of(container.resolve("melange"), container.resolve("chown"))) {
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Project.Result result = build(Map.of("PLATFORMS", "", "SKIP_TEST", "true", "CONTAINER_BIN",
                container.toString()));

        assertThat("melange build's status is the script's", result.exitCode(), is(not(0)));
        String owner = Project.runOk(work, Map.of(), Duration.ofSeconds(10), "id", "-u").trim() + ":"
                + Project.runOk(work, Map.of(), Duration.ofSeconds(10), "id", "-g").trim();
        String apkCache = work.resolve(".cache/awk-playground/apk").toString();
        List<String> chowns = calls().stream().filter(call -> call.startsWith("chown ")).toList();
        assertThat("after keygen and after the failed build", chowns.size(), is(2 * 5));
        for (String written : List.of("packages", "melange-cache", "melange.rsa", "melange.rsa.pub", apkCache)) {
            assertThat(chowns, hasItem("chown -R " + owner + " " + written));
        }
    }

    @Test
    void failsEarlyWhenNeitherToolsNorDockerAreThere() throws IOException {
        Project.Result result = build(Map.of("PUSH_IMAGE", "true"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(),
                containsString("melange and apko are not both installed and there is no Docker daemon"));
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
                "DOCKER_CONFIG", "DOCKER_DOWN", "BUILD_RUNNER", "MELANGE_RUNNER", "APK_CACHE", "XDG_CACHE_HOME")) {
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
