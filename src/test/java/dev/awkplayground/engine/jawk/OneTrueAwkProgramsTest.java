package dev.awkplayground.engine.jawk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.EngineTables;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import dev.awkplayground.engine.ScriptRejectedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * One-true-awk's own test programs (issue 17): each {@code t.*} and {@code p.*} of its {@code testdir} run through the
 * engine in vulnerable mode and by gawk, the oracle, in this test; both must print the same, end with the same exit
 * status and write the same files. As one-true-awk's {@code Compare.t} and {@code Compare.p} run them: {@code t.X}
 * reads {@code test.data}, {@code p.X} reads {@code test.countries} twice.
 * <p>
 * The engine takes no operands, so the script run there starts with a {@code BEGIN} that sets {@code ARGV[1..]} and
 * {@code ARGC} to the data files' absolute paths; gawk gets the same paths as operands, so {@code FILENAME} and
 * {@code ARGV} agree. The two programs that write files ({@link #WRITES_FILES}: {@code print > "foo.odd"}) write them,
 * in the text both run, under that name in a scratch folder: the engine's working directory is the build's (gawk runs
 * in a folder of its own, where a file not listed would show). Programs whose output order follows
 * {@code for (k in a)}, which POSIX leaves unspecified, are compared as sorted lines ({@link #SORTED}).
 * <p>
 * {@code scripts/test.sh} unpacks the programs into {@code target/onetrue-awk/testdir} from Debian's original-awk
 * source package. {@code -Donetrue.programs=t.in2,p.43} runs only those. Without them, or without gawk, the tests are
 * skipped saying so; under {@code CI=true} they fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneTrueAwkProgramsTest {
    static final Path TESTDIR = Path.of("target/onetrue-awk/testdir").toAbsolutePath();
    /**
     * The programs that write files, and the relative names they write (found by reading them all; the others print,
     * or write to {@code /dev/tty} on an error of their own).
     */
    static final Map<String, List<String>> WRITES_FILES = Map.of(
            "t.redir1", List.of("foo.odd", "foo.even"),
            "p.47", List.of("tempbig", "tempsmall"));

    /**
     * The programs compared as sorted lines, each with what makes its order unspecified: in all of them the order of
     * a {@code for (k in a)} loop, which differs between gawk and jawk (checked: unsorted, each of them differs from
     * gawk; sorted, each matches). The other programs with such a loop match unsorted: they print its lines
     * through {@code sort} ({@code t.in}, {@code t.in1}, {@code p.48}, {@code p.50}), only count its keys
     * ({@code t.delete0}, {@code t.delete2}, {@code t.delete3}), stop at the one element that matches ({@code t.in3}),
     * or loop over the keys 0 to 9, which both take in the same order ({@code t.re5}).
     */
    static final Map<String, String> SORTED = new TreeMap<>(Map.of(
            "p.43", "prints each continent's area in the order of for (name in area)",
            "t.in2", "prints each first letter's total in the order of for (i in x)",
            "t.intest2", "prints each record's split() pieces in the order of for (i in x)"));

    private AwkEngine engine;
    private Path scratch;

    @BeforeAll
    void start() throws IOException {
        // t.sub0 prints 1,063,440 bytes (the default output limit is 1 MiB), and a loaded two-core machine must not
        // turn a slow run into a timeout: limits no program comes near.
        engine = EngineTables.engine(Mode.VULNERABLE, Map.of("time", "10m", "output-size", "64MiB",
                "memory", "512MiB"));
        scratch = Files.createTempDirectory("onetrue-awk");
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) {
            engine.close();
        }
        deleteTree(scratch);
    }

    @TestFactory
    Stream<DynamicTest> programs() throws IOException {
        String missing = !Files.isRegularFile(TESTDIR.resolve("test.data"))
                ? "one-true-awk's test programs are not in " + TESTDIR
                        + ": scripts/test.sh unpacks them from Debian's original-awk source package"
                : !Files.isExecutable(Gawk.PATH) ? Gawk.PATH + " is not installed: it is the oracle of these programs"
                : null;
        if (missing != null) {
            // one test that is skipped (or, under CI=true, fails) with the reason, rather than none at all
            return Stream.of(DynamicTest.dynamicTest("one-true-awk's programs", () -> Gawk.require(false, missing)));
        }
        List<String> names;
        try (var files = Files.list(TESTDIR)) {
            names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("t.") || name.startsWith("p.")).sorted().toList();
        }
        assertThat("one-true-awk 2022-09-12 has 225 test programs", names.size(), is(225));
        assertThat("every program named here is one of them", names.containsAll(SORTED.keySet())
                && names.containsAll(WRITES_FILES.keySet()), is(true));
        String only = System.getProperty("onetrue.programs", "");
        return names.stream().filter(name -> only.isEmpty() || List.of(only.split(",")).contains(name))
                .map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    /** What a run left: its output, its exit status, and the files it wrote, by name. */
    record Run(String output, int status, Map<String, String> files, String messages) {
    }

    private void check(String name) throws Exception {
        List<String> operands = name.startsWith("t.")
                ? List.of(TESTDIR.resolve("test.data").toString())
                : List.of(TESTDIR.resolve("test.countries").toString(), TESTDIR.resolve("test.countries").toString());
        Path files = Files.createDirectories(scratch.resolve(name));
        String program = redirected(name, Files.readString(TESTDIR.resolve(name), StandardCharsets.UTF_8), files);

        Run service = service(program, operands, files);
        Run gawk = gawk(name, program, operands, files);
        String why = SORTED.get(name);
        String context = name + (why == null ? "" : " (compared sorted: " + why + ")") + "; service: "
                + service.messages() + "; gawk: " + gawk.messages();
        assertThat(context, comparable(service.output(), why), is(comparable(gawk.output(), why)));
        assertThat(context + ": exit status", service.status(), is(gawk.status()));
        assertThat(context + ": files written", service.files(), is(gawk.files()));
    }

    /** The relative names a program writes made names in {@code files}, the same for both runs. */
    private static String redirected(String name, String program, Path files) {
        String text = program;
        for (String file : WRITES_FILES.getOrDefault(name, List.of())) {
            assertThat(name + " names the file " + file, text.contains(awkString(file)), is(true));
            text = text.replace(awkString(file), awkString(files.resolve(file).toString()));
        }
        return text;
    }

    private static String comparable(String output, String sortedBecause) {
        if (sortedBecause == null) {
            return output;
        }
        List<String> lines = new ArrayList<>(List.of(output.split("\n", -1)));
        lines.sort(Comparator.naturalOrder());
        return String.join("\n", lines);
    }

    private Run service(String program, List<String> operands, Path files) throws IOException {
        StringBuilder begin = new StringBuilder("BEGIN { ");
        for (int i = 0; i < operands.size(); i++) {
            begin.append("ARGV[").append(i + 1).append("] = ").append(awkString(operands.get(i))).append("; ");
        }
        begin.append("ARGC = ").append(operands.size() + 1).append(" }\n");
        RunResult result;
        try {
            result = engine.run(RunRequest.of(begin + program, ""));
        } catch (ScriptRejectedException e) {
            return new Run("", RunResult.FAILURE_EXIT_CODE, collect(files), "refused: " + e.getMessage()
                    + " (the program's line numbers plus one)");
        }
        String messages = result.outcome().id() + (result.error() == null ? "" : ": " + result.error())
                + (result.stderr().isEmpty() ? "" : " | stderr: " + result.stderr());
        return new Run(result.output(), result.exitCode(), collect(files), messages);
    }

    private static String awkString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Run gawk(String name, String program, List<String> operands, Path files) throws Exception {
        Path dir = Files.createDirectories(scratch.resolve(name + ".gawk"));
        Path script = Files.writeString(dir.resolve("program.awk"), program, StandardCharsets.UTF_8);
        List<String> arguments = new ArrayList<>(List.of("-f", script.toString()));
        arguments.addAll(operands);
        Gawk gawk = Gawk.run(arguments, dir, Path.of("/dev/null"), 600, name);
        try (var left = Files.list(dir)) {
            assertThat(name + " wrote a file not listed in WRITES_FILES (the engine would write it into the build's "
                    + "folder)", left.map(file -> file.getFileName().toString()).sorted().toList(),
                    is(List.of("err", "out", "program.awk")));
        }
        return new Run(gawk.stdout(), gawk.status(), collect(files), gawk.stderr());
    }

    /** The files a run wrote into {@code files}, by name, removed so that the next run starts from none. */
    private static Map<String, String> collect(Path files) throws IOException {
        Map<String, String> written = new TreeMap<>();
        try (var list = Files.list(files)) {
            for (Path file : list.toList()) {
                written.put(file.getFileName().toString(), Gawk.read(file));
                Files.delete(file);
            }
        }
        return written;
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
