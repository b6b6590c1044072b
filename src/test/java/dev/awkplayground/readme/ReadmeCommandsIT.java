package dev.awkplayground.readme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.awkplayground.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * README's commands, run as a newcomer runs them after {@code mvn package}: the service is started with the command
 * "Run it" gives ({@code "$JAVA_HOME/bin/java" ... -jar target/vulnerable-awk-playground.jar}, JAVA_HOME being this
 * JDK), then every command of each code block
 * README marks {@code <!-- checked: ReadmeCommandsIT ... -->} runs in order with {@code /bin/sh}, the real curl and
 * this JDK's java, and must print what README shows under it. The commands are read from README itself, so README
 * and this test cannot drift apart.
 * <p>
 * Under a command, {@code # text} lines are its output; in them {@code …} stands for any text, and a line holding only
 * {@code …} for any number of lines. {@code # (remark)} describes output too varied to show: the command must then
 * succeed and print something that is not a problem. The service gets a free port instead of README's 8080 (another
 * service may hold that one), and the commands are pointed at it.
 */
class ReadmeCommandsIT {
    private static final Path README = Path.of("README.md");
    private static final String MARK = "<!-- checked: ReadmeCommandsIT";
    private static final Pattern RUN_COMMAND = Pattern.compile(
            "`mvn [^`]*&& (\"\\$JAVA_HOME/bin/java\" [^`]*-jar target/[^`]*\\.jar)`");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    private static ServiceProcess service;

    /** One command of a checked block and the output README shows under it. */
    record Command(String line, List<String> output) {
        boolean described() {
            return output.size() == 1 && output.getFirst().startsWith("(") && output.getFirst().endsWith(")");
        }
    }

    @BeforeAll
    static void startTheServiceAsRunItSays() throws Exception {
        requireCurlUnderCi();
        Matcher run = RUN_COMMAND.matcher(readme());
        if (!run.find()) {
            throw new AssertionError("README's \"Run it\" no longer says "
                    + "`mvn ... && \"$JAVA_HOME/bin/java\" ... -jar target/....jar`");
        }
        List<String> command = new ArrayList<>(List.of(run.group(1).split(" ")));
        command.set(0, JAVA_HOME.resolve("bin/java").toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // Helidon reads SERVER_PORT as server.port; 0 takes a free port, which the service then logs.
        builder.environment().put("SERVER_PORT", "0");
        service = ServiceProcess.start(builder);
    }

    @AfterAll
    static void stopTheService() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    /** What the issue asked README to show stays among the checked commands. */
    @Test
    void theCommandsANewcomerNeedsAreChecked() throws IOException {
        List<String> lines = checkedCommands(readme()).stream().map(Command::line).toList();
        assertThat(lines, hasItems(
                "curl -X POST -F 'text=hello world' -F 'awkScript={print $1}' localhost:8080/test",
                "curl -X POST -F 'text=hello world' -F 'awkScript=BEGIN{system(\"ls\")}' localhost:8080/test",
                "java demo/Probe.java localhost:8080",
                "java demo/Probe.java --help"));
        assertThat("a --form-string command with a ;",
                lines.stream().anyMatch(line -> line.contains("--form-string") && line.contains(";")), is(true));
        assertThat("a --data-urlencode command with a ;",
                lines.stream().anyMatch(line -> line.contains("--data-urlencode") && line.contains(";")), is(true));
        assertThat("the JSON API",
                lines.stream().anyMatch(line -> line.contains("localhost:8080/api/v1/run")), is(true));
    }

    @TestFactory
    Stream<DynamicTest> everyCheckedCommandPrintsWhatReadmeShows() throws IOException {
        return checkedCommands(readme()).stream()
                .map(command -> DynamicTest.dynamicTest(command.line(), () -> check(command)));
    }

    private static void check(Command command) throws IOException, InterruptedException {
        int port = service.uri().getPort();
        String line = command.line().replace("localhost:8080", "localhost:" + port)
                .replace("127.0.0.1:8080", "127.0.0.1:" + port);
        String[] outputs = shell(line);
        String stdout = outputs[0];
        String context = "\n$ " + line + "\n" + stdout + "(stderr: " + outputs[1] + ")";
        if (command.described()) {
            assertThat(context, stdout.isBlank(), is(false));
            assertThat(context, stdout, not(startsWith("{\"type\":")));
        } else {
            assertThat("README shows:\n" + String.join("\n", command.output()) + "\nbut the command printed:" + context,
                    expectation(command.output()).matcher(stdout.endsWith("\n") ? stdout : stdout + "\n").matches(),
                    is(true));
        }
    }

    /** README's output lines as a pattern over whole lines: … is any text, a line of … any lines. */
    static Pattern expectation(List<String> output) {
        StringBuilder regex = new StringBuilder();
        for (String line : output) {
            if (line.equals("…")) {
                regex.append("(?:.*\\n)*?");
                continue;
            }
            String[] literal = line.split("…", -1);
            for (int i = 0; i < literal.length; i++) {
                regex.append(i > 0 ? ".*?" : "").append(Pattern.quote(literal[i]));
            }
            regex.append("\\n");
        }
        return Pattern.compile(regex.toString());
    }

    /** The commands of README's checked blocks, in order; a line ending in a backslash goes on on the next one. */
    static List<Command> checkedCommands(String readme) {
        List<Command> commands = new ArrayList<>();
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(MARK)) {
                continue;
            }
            if (!lines.get(++i).equals("```sh")) {
                throw new AssertionError("a checked mark is not followed by a ```sh block, at README line " + (i + 1));
            }
            String command = null;
            List<String> output = new ArrayList<>();
            for (i++; !lines.get(i).equals("```"); i++) {
                String line = lines.get(i);
                if (line.startsWith("#")) {
                    output.add(line.startsWith("# ") ? line.substring(2) : line.substring(1));
                } else if (command != null && command.endsWith("\\")) {
                    command = command + "\n" + line;
                } else {
                    if (command != null) {
                        commands.add(new Command(command, List.copyOf(output)));
                    }
                    command = line;
                    output.clear();
                }
            }
            if (command != null) {
                commands.add(new Command(command, List.copyOf(output)));
            }
        }
        if (commands.isEmpty()) {
            throw new AssertionError("README has no block marked " + MARK);
        }
        return commands;
    }

    /** Runs a command line as a user's shell does, with this JDK first on the PATH; returns stdout and stderr. */
    private static String[] shell(String line) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", line);
        builder.environment().put("PATH", JAVA_HOME.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("did not finish in 3 minutes: " + line);
        }
        assertThat("exit status of " + line + "\n" + output + errors.join(), process.exitValue(), is(0));
        return new String[] {output, errors.join()};
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readme() throws IOException {
        return Files.readString(README);
    }

    private static void requireCurlUnderCi() {
        boolean curl = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "curl")));
        if (!curl) {
            String missing = "curl is not installed; README's commands need it (apt-get install -y curl)";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            assumeTrue(false, missing);
        }
    }
}
