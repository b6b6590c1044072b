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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * scripts/ladder.sh where it cannot work, as on this project's machines: it must stop early, before building
 * anything, and say why and what to use instead. Its engine is a stand-in that writes down how it was called.
 */
class LadderScriptTest {
    private static final List<String> HOST_PROGRAMS = List.of("bash", "dirname", "rm", "mkdir");
    private static final String ENGINE = """
            #!/usr/bin/env bash
            echo "${0##*/} $*" >> "$STUB_LOG"
            case "$1" in
                info) [ -z "${ENGINE_DOWN:-}" ] ;;
                pull) [ -n "${PULL_WORKS:-}" ] ;;
                *) exit 1 ;;
            esac
            """;

    @TempDir
    Path work;
    private Path bin;
    private Path log;

    @BeforeEach
    void isolate() throws IOException {
        bin = Project.binWith(work.resolve("bin"), HOST_PROGRAMS);
        log = Files.createFile(work.resolve("calls.log"));
    }

    @Test
    void withoutAnEngineItPointsAtTheLocalLab() {
        Project.Result result = ladder(Map.of());
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("neither docker nor podman is installed"));
        assertThat(result.output(), containsString("scripts/lab.sh"));
    }

    @Test
    void itNeedsTheRegistriesAsVariablesNotWrittenInTheFiles() throws IOException {
        engine("docker");
        Project.Result result = ladder(Map.of("DISTROLESS_REGISTRY", "registry.invalid"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("set CHAINGUARD_REGISTRY"));
        assertThat(calls(), not(containsString("pull")));
    }

    /** One message names every variable to set, and says that no subscription is needed. */
    @Test
    void withNeitherRegistryOneMessageNamesBoth() throws IOException {
        engine("docker");
        Project.Result result = ladder(Map.of());
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("set DISTROLESS_REGISTRY CHAINGUARD_REGISTRY:"));
        assertThat(result.output(), containsString("no subscription is needed"));
        assertThat(calls(), not(containsString("pull")));
    }

    /**
     * Chainguard's free tier serves only latest and latest-dev (ToolFacts.CHAINGUARD_FREE_TAGS): the ladder builds
     * with one of them unless told otherwise.
     */
    @Test
    void withoutASubscriptionTheChainguardRungUsesATagTheFreeTierServes() throws IOException {
        engine("docker");
        Project.Result result = ladder(Map.of("PULL_WORKS", "yes", "JAVA_HOME", work.toString(),
                "DISTROLESS_REGISTRY", "registry.invalid", "CHAINGUARD_REGISTRY", "registry.invalid"));
        assertThat("the stand-in engine builds nothing", result.exitCode(), is(not(0)));
        String build = calls().lines().filter(call -> call.startsWith("docker build ")).findFirst().orElseThrow();
        String tag = build.replaceFirst(".*--build-arg CHAINGUARD_JRE_TAG=(\\S+).*", "$1");
        assertThat(build, ToolFacts.CHAINGUARD_FREE_TAGS, hasItem(tag));
    }

    @Test
    void whenNoBaseImageCanBePulledItStopsBeforeBuilding() throws IOException {
        engine("podman");
        Project.Result result = ladder(Map.of("ENGINE_DOWN", "yes", "DISTROLESS_REGISTRY", "registry.invalid",
                "CHAINGUARD_REGISTRY", "registry.invalid"));
        assertThat(result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("cannot pull maven:3.9.16-eclipse-temurin-25 with podman"));
        assertThat(result.output(), containsString("scripts/lab.sh builds and measures the ladder locally"));
        String calls = calls();
        assertThat(calls, containsString("podman pull -q maven:3.9.16-eclipse-temurin-25"));
        assertThat(calls, not(containsString("build")));
    }

    private void engine(String name) throws IOException {
        Path stub = bin.resolve(name);
        Files.writeString(stub, ENGINE);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("env"), Project.tool("env", Path.of("/usr/bin/env")));
    }

    private Project.Result ladder(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("LADDER_ENGINE", "DISTROLESS_REGISTRY", "CHAINGUARD_REGISTRY", "PULL_WORKS",
                "ENGINE_DOWN", "CHAINGUARD_JRE_TAG", "JAVA_HOME")) {
            environment.put(name, "");
        }
        environment.putAll(Map.of("PATH", bin.toString(), "HOME", work.toString(), "STUB_LOG", log.toString()));
        environment.putAll(variables);
        return Project.run(Project.ROOT, environment, Duration.ofSeconds(60),
                List.of(bin.resolve("bash").toString(), Project.file("scripts/ladder.sh").toString()));
    }

    private String calls() throws IOException {
        return Files.readString(log);
    }
}
