package dev.awkplayground.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A newcomer's Maven on the stock JDK 17 stops at the first phase, saying which JDK the build needs and which one it
 * found, rather than failing to compile with "release version 25 not supported". Runs the real Maven on Debian's
 * JDK 17, offline and up to {@code validate} only, so it takes a few seconds.
 */
class JdkRequirementTest {
    /** Debian 12's default JDK; {@code -Dbuild.old-jdk=...} names another one older than 25. */
    private static final Path OLD_JDK = Path.of(System.getProperty("build.old-jdk",
            "/usr/lib/jvm/java-17-openjdk-amd64"));

    @Test
    void mavenOnJdk17StopsAtValidateNamingTheJdkNeededAndTheOneFound() throws Exception {
        if (!Files.isExecutable(OLD_JDK.resolve("bin/java"))) {
            String missing = "No JDK 17 at " + OLD_JDK + " (Debian's openjdk-17-jre-headless, which maven depends on)";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            assumeTrue(false, missing);
        }
        Validation maven = validate(OLD_JDK);

        String output = maven.output();
        assertThat(output, maven.exitCode(), is(1));
        assertThat(output, containsString("This build needs a JDK 25 or newer, but Maven runs on Java 17."));
        assertThat(output, containsString("(" + OLD_JDK + ")"));
        assertThat(output, containsString("Point JAVA_HOME at a JDK 25+"));
        assertThat("it stopped before compiling", output, not(containsString("release version")));
    }

    private record Validation(int exitCode, String output) {
    }

    /** {@code mvn -o -q -B validate} in the project, with JAVA_HOME set to the given JDK. */
    private static Validation validate(Path javaHome) throws IOException, InterruptedException {
        ProcessBuilder maven = new ProcessBuilder("mvn", "-o", "-q", "-B", "validate").redirectErrorStream(true);
        maven.environment().put("JAVA_HOME", javaHome.toString());
        Process process = maven.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn validate did not finish: " + output);
        }
        return new Validation(process.exitValue(), output);
    }
}
