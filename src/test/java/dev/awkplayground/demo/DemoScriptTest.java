package dev.awkplayground.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * scripts/demo.sh, the talk's demo, run without pauses against real services: the service in vulnerable mode stands
 * for the three pods (the lab's pods answer the same commands differently: docs/talk.md shows what they printed),
 * and one in sandboxed mode. docs/talk.md's commands are the script's, step for step.
 */
class DemoScriptTest {
    @Test
    void theDemoRunsEveryStepAndTalkMdShowsTheSameCommands() throws Exception {
        try (ServiceProcess vulnerable = ServiceProcess.start(Map.of(), Map.of());
             ServiceProcess sandboxed = ServiceProcess.start(Map.of("PLAYGROUND_MODE", "sandboxed"), Map.of())) {
            String base = vulnerable.uri().toString().replaceAll("/$", "");
            ProcessBuilder demo = new ProcessBuilder("bash", "scripts/demo.sh", "--no-pause")
                    .redirectErrorStream(true);
            demo.environment().putAll(Map.of("DEMO_FAT", base, "DEMO_MINIMAL", base, "DEMO_HARDENED", base,
                    "DEMO_SANDBOXED", sandboxed.uri().toString().replaceAll("/$", ""),
                    "JAVA_HOME", System.getProperty("java.home"),
                    "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH")));
            Process process = demo.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES), is(true));
            assertThat(output, process.exitValue(), is(0));

            assertThat(output, containsString("\n== 1. The ladder"));
            assertThat(output, containsString("\n minimal | "));
            assertThat("the exploit ran a command", output, containsString("uid="));
            assertThat("sandboxed mode refused it", output, containsString("refused in sandboxed mode"));
            assertThat("the scorecards side by side", output.lines().anyMatch(
                    line -> line.matches("ATTACK +FAT +HARDENED")), is(true));
            assertThat(output, containsString("`sa-token`"));
            assertThat(output, containsString("\n== done"));

            assertThat("docs/talk.md's commands, in order", commands(Files.readString(Path.of("docs/talk.md"))),
                    is(commands(output)));
        }
    }

    /** The "$ command" lines, with the services' addresses made alike. */
    private static List<String> commands(String text) {
        return text.lines().filter(line -> line.startsWith("$ "))
                .map(line -> line.replaceAll("http://127\\.0\\.0\\.1:\\d+", "URL"))
                .toList();
    }
}
