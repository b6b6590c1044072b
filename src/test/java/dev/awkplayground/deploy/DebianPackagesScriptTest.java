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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * scripts/lib/debian-packages.sh, the one "install what is missing" step of scripts/test.sh and scripts/bench.sh, run
 * for real with stand-ins for dpkg-query, id and apt-get that answer from the environment and write down how apt-get
 * was called.
 */
class DebianPackagesScriptTest {
    private static final Map<String, String> STAND_INS = Map.of(
            "dpkg-query", """
                    #!/bin/sh
                    # dpkg-query -W -f='${Status}' PACKAGE
                    case " $INSTALLED " in
                        *" $3 "*) printf 'install ok installed' ;;
                        *) echo "dpkg-query: no packages found matching $3" >&2; exit 1 ;;
                    esac
                    """,
            "id", """
                    #!/bin/sh
                    echo "$USER_ID"
                    """,
            "apt-get", """
                    #!/bin/sh
                    echo "apt-get $*" >> "$CALLS"
                    [ "$1" != install ] || [ -z "$APT_FAILS" ]
                    """);

    @TempDir
    Path work;
    private Path bin;
    private Path calls;

    @BeforeEach
    void standIns() throws IOException {
        bin = Project.binWith(work.resolve("bin"), List.of("bash"));
        for (Map.Entry<String, String> standIn : STAND_INS.entrySet()) {
            Path program = Files.writeString(bin.resolve(standIn.getKey()), standIn.getValue());
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        calls = Files.createFile(work.resolve("calls.log"));
    }

    @Test
    void asRootItInstallsOnlyWhatIsMissing() throws IOException {
        Project.Result result = install(Map.of("USER_ID", "0"), "gawk", "wrk", "shellcheck");
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("Installing wrk shellcheck"));
        assertThat(Files.readAllLines(calls), is(List.of("apt-get update -qq", "apt-get install -y -qq wrk shellcheck")));
    }

    @Test
    void withNothingMissingItDoesNothing() throws IOException {
        Project.Result result = install(Map.of("USER_ID", "0"), "gawk", "mawk");
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), is(""));
        assertThat(Files.readAllLines(calls), is(empty()));
    }

    @Test
    void notAsRootItNamesWhatIsMissingAndFails() throws IOException {
        Project.Result result = install(Map.of("USER_ID", "1000"), "gawk", "wrk");
        assertThat(result.exitCode(), is(1));
        assertThat(result.output(), containsString("Not installed: wrk"));
        assertThat(Files.readAllLines(calls), is(empty()));
    }

    @Test
    void aFailedInstallFails() {
        Project.Result result = install(Map.of("USER_ID", "0", "APT_FAILS", "yes"), "wrk");
        assertThat(result.output(), result.exitCode(), is(not(0)));
    }

    /** Both scripts install through the helper, and the tests' list has every tool they drive, shellcheck too. */
    @Test
    void testShAndBenchShUseTheHelper() {
        for (String script : List.of("scripts/test.sh", "scripts/bench.sh")) {
            String text = Project.read(script);
            assertThat(script, text, containsString(". scripts/lib/debian-packages.sh"));
            assertThat(script, text, containsString("install_missing_debian_packages "));
            assertThat(script + " has no install step of its own", text, not(containsString("dpkg-query")));
        }
        String call = Project.read("scripts/test.sh").replace("\\\n", " ")
                .lines().filter(line -> line.startsWith("install_missing_debian_packages ")).findFirst().orElseThrow();
        for (String tool : List.of("shellcheck", "podman", "chromium", "gawk", "hyperfine")) {
            assertThat(call, containsString(" " + tool + " "));
        }
    }

    /** The helper sourced by bash, as the scripts source it, called with the packages; PATH holds only the stand-ins. */
    private Project.Result install(Map<String, String> environment, String... packages) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("APT_FAILS", "");
        env.put("INSTALLED", "gawk mawk");
        env.put("CALLS", calls.toString());
        env.put("PATH", bin.toString());
        List<String> command = new ArrayList<>(List.of(bin.resolve("bash").toString(), "-c",
                ". scripts/lib/debian-packages.sh && install_missing_debian_packages \"$@\"", "install"));
        command.addAll(List.of(packages));
        return Project.run(Project.ROOT, env, Duration.ofSeconds(30), command);
    }
}
