package dev.awkplayground.deploy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awkplayground.JvmOptionFile;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * The service's JVM options have one source, the two java argument files of src/main/jvm: what every run of the
 * service wants, and what the image adds. apko.yaml's entrypoint, install.sh, the scripts, the Dockerfiles, the lab,
 * the benchmarks and the tests read them (the tests of each check that); here: what the files hold, that the JVM reads
 * them as the tests do, and that no other file of the repository writes those options again.
 */
class DeployJvmOptionsTest {
    private static final Path THIS_TEST = Path.of("src/test/java/dev/awkplayground/deploy/DeployJvmOptionsTest.java");

    /** What every run needs, laptop or pod: nothing that sizes the JVM for a machine. */
    @Test
    void everyRunGetsWhatTheServiceNeedsAndNoSizing() {
        assertThat(JvmOptionFile.SERVICE.options(), is(List.of("-XX:-DontCompileHugeMethods",
                "--enable-native-access=ALL-UNNAMED")));
    }

    /** pom.xml gives the test JVMs, which run the service in process, the file: this JVM has its options. */
    @Test
    void theTestJvmsRunWithTheServicesOptions() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                hasItems(JvmOptionFile.SERVICE.options().toArray(String[]::new)));
    }

    /**
     * What the image adds: a read-only root (no perf data file, temporary files on /tmp) and the pod's sizing. Not the
     * AOT cache: install.sh trains it with these files and -XX:AOTCacheOutput, which the JVM refuses next to AOTCache.
     */
    @Test
    void theImageAddsTheReadOnlyRootAndThePodsSizing() {
        assertThat(JvmOptionFile.IMAGE.options(), is(List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp",
                "-XX:+UseSerialGC", "-Xms64m", "-Xmx192m", "-XX:+ExitOnOutOfMemoryError")));
    }

    /**
     * java reads both files, accepts every option in them, and ends up with each -XX flag, heap size and system
     * property that {@link JvmOptionFile#options()} reads there, so the two cannot read the files differently.
     */
    @Test
    void theJvmReadsTheFilesAsTheTestsDo() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String settings = Project.runOk(Project.ROOT, Map.of(), Duration.ofMinutes(1), java,
                JvmOptionFile.SERVICE.argument(), JvmOptionFile.IMAGE.argument(), "-XX:+PrintFlagsFinal",
                "-XshowSettings:properties", "-version");
        List<String> options = new ArrayList<>(JvmOptionFile.SERVICE.options());
        options.addAll(JvmOptionFile.IMAGE.options());
        List<String> unmatched = new ArrayList<>();
        for (String option : options) {
            String expected = expectedSetting(option);
            if (expected != null && !Pattern.compile(expected, Pattern.MULTILINE).matcher(settings).find()) {
                unmatched.add(option + " (no line matching " + expected + ")");
            }
        }
        assertThat(settings, unmatched, is(empty()));
        assertThat("another heap would not match", Pattern.compile(expectedSetting("-Xmx128m"), Pattern.MULTILINE)
                .matcher(settings).find(), is(false));
    }

    /**
     * The options of the two files appear in no other file of the repository: a copy would go on saying the old value
     * after the file changed. Markdown is prose (README explains the options, BENCHMARKS.md records the ones it ran).
     */
    @Test
    void noOtherFileWritesTheOptionsAgain() throws IOException {
        List<String> options = new ArrayList<>(JvmOptionFile.SERVICE.options());
        options.addAll(JvmOptionFile.IMAGE.options());
        List<Path> allowed = List.of(Project.ROOT.relativize(JvmOptionFile.SERVICE.path()),
                Project.ROOT.relativize(JvmOptionFile.IMAGE.path()), THIS_TEST);
        List<String> copies = new ArrayList<>();
        for (Path file : Project.files()) {
            if (allowed.contains(file) || file.toString().endsWith(".md")) {
                continue;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(
                        Files.readAllBytes(Project.ROOT.resolve(file)))).toString();
            } catch (CharacterCodingException binary) { // a picture
                continue;
            }
            for (String option : options) {
                if (text.contains(option)) {
                    copies.add(file + ": " + option);
                }
            }
        }
        assertThat("options written outside src/main/jvm", copies, is(empty()));
        assertThat("the files that held copies are among those read", Project.files(), hasItems(Path.of("apko.yaml"),
                Path.of("melange.yaml"), Path.of("pom.xml"), Path.of("scripts/install.sh"), Path.of(".ci/run")));
    }

    /** The line of -XX:+PrintFlagsFinal or -XshowSettings:properties that an option sets, as a regular expression. */
    private static String expectedSetting(String option) {
        Matcher flag = Pattern.compile("-XX:([+-])(\\w+)").matcher(option);
        if (flag.matches()) {
            return "^\\s*bool " + flag.group(2) + "\\s+= " + (flag.group(1).equals("+") ? "true" : "false")
                    + "\\s.*\\{command line}";
        }
        Matcher heap = Pattern.compile("-X(mx|ms)(\\d+)m").matcher(option);
        if (heap.matches()) {
            long bytes = Long.parseLong(heap.group(2)) * 1024 * 1024;
            return "^\\s*size_t " + (heap.group(1).equals("mx") ? "MaxHeapSize" : "InitialHeapSize") + "\\s+= "
                    + bytes + "\\s.*\\{command line}";
        }
        Matcher property = Pattern.compile("-D([\\w.]+)=(.*)").matcher(option);
        if (property.matches()) {
            return "^\\s*" + Pattern.quote(property.group(1)) + " = " + Pattern.quote(property.group(2)) + "$";
        }
        if (option.startsWith("--enable-native-access=")) {
            return null; // no setting shows it; java refuses a malformed one, and the run above succeeded
        }
        throw new AssertionError("an option this test cannot check yet: " + option + " (teach expectedSetting)");
    }
}
