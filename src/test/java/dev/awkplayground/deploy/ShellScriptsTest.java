package dev.awkplayground.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.awkplayground.deploy.ApkoImage.list;
import static dev.awkplayground.deploy.ApkoImage.map;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Every shell script of the repository passes shellcheck with no finding of any severity, style included: the
 * scripts under scripts/, .ci/run, and the `runs:` steps of melange.yaml; and none feeds a loop from a process
 * substitution. A script is found by its name (*.sh) or by a
 * shell's #! line, so a new one is checked without being listed here. shellcheck reads the repository's .shellcheckrc,
 * which has it follow the helpers the scripts source. scripts/test.sh installs shellcheck (a Debian package); under
 * CI=true a missing one fails these tests.
 */
class ShellScriptsTest {
    private static final Pattern SHELL_LINE = Pattern.compile("#!\\s*(/usr)?/bin/(env\\s+)?(sh|bash|dash)(\\s.*)?");
    /** What melange replaces before it runs a step, such as ${{targets.destdir}}. */
    private static final Pattern MELANGE_SUBSTITUTION = Pattern.compile("\\$\\{\\{[^}]+}}");
    private static final Pattern LOOP_FROM_SUBSTITUTION = Pattern.compile("(?m)^\\s*done\\s*<\\s*<\\(");

    @Test
    void everyShellScriptHasNoShellcheckFinding() throws IOException {
        List<String> scripts = shellScripts();
        assertThat(scripts, hasItems(".ci/run", "scripts/java-home.sh", "scripts/lib/debian-packages.sh",
                "scripts/test.sh", "scripts/lab.sh", "scripts/install.sh", "scripts/cluster-lab.sh"));
        Project.Result result = shellcheck(scripts);
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), is(""));
    }

    /**
     * Under set -e, bash ignores the exit status of a process substitution: a loop fed by {@code done < <(helper)} runs
     * on nothing when the helper fails, and the script goes on. The scripts capture such output in a variable first.
     */
    @Test
    void noScriptFeedsALoopFromAProcessSubstitution() throws IOException {
        List<String> fed = new ArrayList<>();
        for (String script : shellScripts()) {
            if (LOOP_FROM_SUBSTITUTION.matcher(Files.readString(Project.ROOT.resolve(script))).find()) {
                fed.add(script);
            }
        }
        assertThat(fed, is(List.of()));
    }

    /** melange runs each step with /bin/sh (busybox in Wolfi's build environment): POSIX sh. */
    @Test
    void melangesStepsHaveNoShellcheckFinding(@TempDir Path work) throws IOException {
        Map<String, Object> melange = Project.yaml("melange.yaml");
        List<String> steps = new ArrayList<>(DeployToolConfigsTest.runScripts(list(melange.get("pipeline"),
                "pipeline")));
        steps.addAll(DeployToolConfigsTest.runScripts(list(map(melange.get("test"), "test").get("pipeline"),
                "test pipeline")));
        assertThat("build and test steps", steps.size() >= 4, is(true));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String script = MELANGE_SUBSTITUTION.matcher(steps.get(i)).replaceAll("/melange-substitution");
            files.add(Files.writeString(work.resolve("melange-step-" + (i + 1) + ".sh"), "#!/bin/sh\n" + script)
                    .toString());
        }
        Project.Result result = shellcheck(files);
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), is(""));
    }

    /** The check above would fail on a finding: here, a sourced helper with no shell directive. */
    @Test
    void aFindingFailsTheCheck(@TempDir Path work) throws IOException {
        Path helper = Files.writeString(work.resolve("helper.sh"), "# Sourced by the others.\nexport FOUND=yes\n");
        Project.Result result = shellcheck(List.of(helper.toString()));
        assertThat(result.output(), result.exitCode(), is(not(0)));
        assertThat(result.output(), containsString("SC2148"));
    }

    private static Project.Result shellcheck(List<String> scripts) {
        Path shellcheck = Project.tool("shellcheck", Path.of("/usr/bin/shellcheck"));
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--format=gcc"));
        command.addAll(scripts);
        return Project.run(Project.ROOT, Map.of(), Duration.ofMinutes(2), command);
    }

    /** The repository's shell scripts, by name or by #! line, relative to it. */
    private static List<String> shellScripts() throws IOException {
        List<String> scripts = new ArrayList<>();
        for (Path file : Project.files()) {
            if (file.getFileName().toString().endsWith(".sh") || startsWithAShellLine(Project.ROOT.resolve(file))) {
                scripts.add(file.toString());
            }
        }
        return scripts.stream().sorted().toList();
    }

    private static boolean startsWithAShellLine(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            return first != null && SHELL_LINE.matcher(first).matches();
        }
    }
}
