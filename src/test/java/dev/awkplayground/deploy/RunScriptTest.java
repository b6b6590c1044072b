package dev.awkplayground.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * scripts/run.sh starts the jar already built when it is newer than every source, and builds first only when a
 * source changed, with Maven's JDK warnings and colours kept out. Run in a copy of the repository's layout where
 * {@code mvn} and {@code java} are stand-ins that write down how they were called.
 */
class RunScriptTest {
    private static final String JAR = "target/vulnerable-awk-playground.jar";
    @TempDir
    Path copy;
    private Path calls;

    @BeforeEach
    void layout() throws IOException {
        for (String file : List.of("scripts/run.sh", "scripts/java-home.sh", "src/main/jvm/service.options",
                "pom.xml", "src/main/java/dev/awkplayground/Main.java")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(Project.file(file), copy.resolve(file));
        }
        calls = copy.resolve("calls.txt");
        Path bin = Files.createDirectories(copy.resolve("jdk/bin"));
        executable(bin.resolve("javac"), "exit 0");
        // java-home.sh asks the JDK its version; every other call is the service starting.
        executable(bin.resolve("java"), "case \"$*\" in *-XshowSettings*) echo '    java.specification.version = 25';"
                + " exit 0;; esac\necho \"java $*\" >> " + calls);
        executable(bin.resolve("mvn"), "echo \"mvn $* MAVEN_OPTS=$MAVEN_OPTS\" >> " + calls
                + "\nmkdir -p target/libs && touch " + JAR);
    }

    @Test
    void aJarNewerThanTheSourcesStartsWithoutMaven() throws IOException {
        build(Instant.now().plusSeconds(60));
        assertThat(run(), is("java @src/main/jvm/service.options -Dplayground.mode=sandboxed -jar " + JAR + "\n"));
    }

    @Test
    void aSourceChangedSinceTheBuildIsBuiltFirstQuietly() throws IOException {
        build(Instant.now().minusSeconds(60));
        String calls = run();
        assertThat(calls, containsString("mvn -B -q -Dstyle.color=never package -DskipTests"));
        assertThat(calls, containsString("MAVEN_OPTS= --sun-misc-unsafe-memory-access=allow"));
        assertThat(calls.lines().toList().getLast(),
                is("java @src/main/jvm/service.options -Dplayground.mode=sandboxed -jar " + JAR));
    }

    /** A jar and its libraries as a build leaves them, dated as given. */
    private void build(Instant when) throws IOException {
        Files.createDirectories(copy.resolve("target/libs"));
        Path jar = Files.createFile(copy.resolve(JAR));
        Files.setLastModifiedTime(jar, FileTime.from(when));
    }

    private String run() throws IOException {
        Project.runOk(copy, Map.of("JAVA_HOME", copy.resolve("jdk").toString(), "MAVEN_OPTS", ""),
                Duration.ofSeconds(30), "bash", "scripts/run.sh", "-Dplayground.mode=sandboxed");
        return Files.readString(calls);
    }

    private static void executable(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
