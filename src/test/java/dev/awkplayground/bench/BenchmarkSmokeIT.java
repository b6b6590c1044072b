package dev.awkplayground.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The benchmarks' smoke mode ({@code scripts/bench.sh --smoke --no-build}, issue 6): every part of the harness runs
 * briefly against the packaged jar, and the run fails if an engine's output differs from gawk's beyond what is
 * explained, a server answers wrongly or not at all, or an AOT cache cannot be made or used. No figure is asserted:
 * speed is for BENCHMARKS.md to report, not for a test to judge. A missing tool (gawk, mawk, original-awk, busybox,
 * wrk, hyperfine, a JDK 25) skips it, and fails it under {@code CI=true}.
 */
class BenchmarkSmokeIT {
    /** bench.sh's exit status when a tool it needs is missing. */
    private static final int TOOL_MISSING = 3;

    @Test
    void smokeModeRunsEveryPartAndChecksTheResults() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        Path log = Files.createDirectories(root.resolve("target")).resolve("bench-smoke.log");
        Process bench = new ProcessBuilder("bash", "scripts/bench.sh", "--smoke", "--no-build")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!bench.waitFor(5, TimeUnit.MINUTES)) {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
            Assertions.fail("the smoke run took over 5 minutes:\n" + tail(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        if (bench.exitValue() == TOOL_MISSING) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("a benchmark tool is missing (CI=true: a missing tool fails the test):\n" + tail(log));
            }
            Assumptions.abort("a benchmark tool is missing:\n" + tail(log));
        }
        Assertions.assertEquals(0, bench.exitValue(), "scripts/bench.sh --smoke failed:\n" + tail(log));

        String report = Files.readString(root.resolve("target/bench-smoke/BENCHMARKS.md"), StandardCharsets.UTF_8);
        assertThat(report, containsString("## Goals"));
        assertThat(report, containsString("geometric mean of the ratio to gawk"));
        assertThat(report, containsString("jlinked + AOT cache"));
        assertThat(report, not(containsString("DIFFERENT")));
        assertThat(report, not(containsString("NaN")));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
