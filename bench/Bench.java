import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the benchmarks of issue 6 and writes BENCHMARKS.md. scripts/bench.sh is the way to run it; by hand, from the
 * repository after {@code mvn package -DskipTests}:
 * <pre>
 *   java @src/main/jvm/service.options -Xmx2g -cp 'target/classes:target/libs/*' bench/Bench.java [--smoke] [--out FILE]
 * </pre>
 * {@code --smoke}: a 1 MB input, a couple of runs, a few seconds of load; checks the harness and the results only
 * (its figures mean little), and writes target/bench-smoke/BENCHMARKS.md unless {@code --out} says otherwise.
 * The parts: {@link EngineBench} (engine throughput), {@link HttpBench} (requests), {@link StartupBench} (start-up and
 * memory), {@link Report} (sizes, goals, the file). Every figure comes from this one run on this one machine.
 */
public final class Bench {
    static final List<String> TOOLS = List.of("gawk", "mawk", "original-awk", "busybox", "wrk", "hyperfine");
    /** The service's JVM options, in java @argument files: what every run wants, and what the image adds. */
    static final String SERVICE_OPTIONS = "src/main/jvm/service.options";
    static final String IMAGE_OPTIONS = "src/main/jvm/image.options";

    record Context(Path root, Path work, boolean smoke, String javaHome) {
        String java() {
            return Path.of(javaHome, "bin", "java").toString();
        }

        Path jar() {
            return root.resolve("target/vulnerable-awk-playground.jar");
        }

        String libs() {
            return root.resolve("target/libs").toString() + "/*";
        }

        /** The options of one of the argument files, as the launcher reads them. */
        List<String> options(String argumentFile) {
            List<String> lines;
            try {
                lines = Files.readAllLines(root.resolve(argumentFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> words = new ArrayList<>();
            for (String line : lines) {
                // The files hold no quotes: a # comment and white space are all there is to the launcher's syntax.
                String text = line.replaceFirst("#.*", "").strip();
                if (!text.isEmpty()) {
                    words.addAll(List.of(text.split("\\s+")));
                }
            }
            return words;
        }
    }

    static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean smoke = arguments.contains("--smoke");
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve(smoke ? "target/bench-smoke" : "target/bench");
        int out = arguments.indexOf("--out");
        Path report = out >= 0 ? Path.of(arguments.get(out + 1)).toAbsolutePath()
                : smoke ? work.resolve("BENCHMARKS.md") : root.resolve("BENCHMARKS.md");

        List<String> missing = TOOLS.stream().filter(tool -> !Proc.onPath(tool)).toList();
        if (!missing.isEmpty()) {
            System.err.println("bench: not installed: " + String.join(" ", missing)
                    + " (apt-get install -y gawk mawk original-awk busybox wrk hyperfine)");
            System.exit(3);
        }
        Context ctx = new Context(root, work, smoke, System.getProperty("java.home"));
        if (!Files.isRegularFile(ctx.jar()) || !Files.isDirectory(root.resolve("target/libs"))) {
            throw new IllegalStateException("no " + ctx.jar() + " and target/libs: run 'mvn -B package -DskipTests'");
        }
        if (!java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .containsAll(ctx.options(SERVICE_OPTIONS))) {
            throw new IllegalStateException("run with @" + SERVICE_OPTIONS + ", as the service runs (scripts/bench.sh"
                    + " does): without its options HotSpot never compiles jawk's interpreter loop");
        }
        Files.createDirectories(work);
        Report.Machine before = Report.Machine.now();
        log("== 1. engine throughput");
        EngineBench.Results engine = EngineBench.run(ctx);
        log("== 2. request throughput and latency");
        HttpBench.Results http = HttpBench.run(ctx);
        log("== 3. start-up and memory");
        StartupBench.Results startup = StartupBench.run(ctx);
        log("== 4. sizes");
        Report.Sizes sizes = Report.Sizes.measure(ctx, startup);
        String markdown = new Report(ctx, before, Report.Machine.now(), engine, http, startup, sizes).markdown();
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        log("wrote " + report);
        List<String> wrong = engine.rows().stream()
                .flatMap(row -> row.match().entrySet().stream()
                        .filter(e -> e.getValue() == EngineBench.Match.DIFFERENT)
                        .map(e -> row.program().name() + " " + e.getKey() + ": " + row.firstDiff().get(e.getKey())))
                .toList();
        if (!wrong.isEmpty()) {
            System.err.println("bench: outputs differ from gawk's beyond what is explained:\n  "
                    + String.join("\n  ", wrong));
            System.exit(1);
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList())) {
                    Files.delete(path);
                }
            }
        }
    }
}
