import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awkplayground.config.Limits;
import dev.awkplayground.config.Mode;
import dev.awkplayground.config.PlaygroundConfig;
import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.Outcome;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import org.metricshub.jawk.Awk;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.util.AwkSettings;

/**
 * Part 1, engine throughput: every program in bench/awk over the generated input, with jawk inside this JVM (through
 * the service's {@link AwkEngine}, and bare) and with the Debian AWKs (timed by hyperfine), best of several runs;
 * then every engine's output is checked against gawk's.
 */
final class EngineBench {
    static final String ENGINE = "jawk (service engine)";
    static final String RAW = "jawk (bare)";
    /** The AWKs from Debian, as hyperfine and the output check run them. */
    static final Map<String, String> EXTERNAL = new LinkedHashMap<>();

    static {
        EXTERNAL.put("gawk", "gawk");
        EXTERNAL.put("mawk", "mawk");
        EXTERNAL.put("original-awk", "original-awk");
        EXTERNAL.put("busybox awk", "busybox awk");
    }

    private static final Pattern HYPERFINE_MIN = Pattern.compile("\"min\"\\s*:\\s*([0-9.eE+-]+)");

    /** One timing program; {@code sorted}: its output is in for-in order, which POSIX leaves open. */
    record Program(String name, String script, boolean sorted, String what) {
    }

    /** How an engine's output compares with gawk's. */
    enum Match {
        IDENTICAL("identical"),
        SAME_NUMBERS("same at 6 significant digits"),
        DIFFERENT("DIFFERENT");

        final String text;

        Match(String text) {
            this.text = text;
        }
    }

    /** Best time in seconds and output match, per engine, for one program. */
    record Row(Program program, Map<String, Double> seconds, Map<String, Match> match, Map<String, String> firstDiff) {
    }

    record Results(long inputBytes, long inputLines, int runs, List<Row> rows, Map<String, Double> geoMeanVsGawk,
                   double guardOverhead) {
        List<String> engines() {
            List<String> engines = new ArrayList<>(List.of(ENGINE, RAW));
            engines.addAll(EXTERNAL.keySet());
            return engines;
        }
    }

    private EngineBench() {
    }

    static List<Program> programs(Path dir) throws IOException {
        List<Program> programs = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".awk")).sorted().toList()) {
                String script = Files.readString(file);
                String name = file.getFileName().toString().replace(".awk", "");
                String what = script.lines().findFirst().orElse("").replaceFirst("^#\\s*", "");
                programs.add(new Program(name, script, script.contains("compares this output sorted"), what));
            }
        }
        return programs;
    }

    static Results run(Bench.Context ctx) throws Exception {
        Path work = ctx.work().resolve("engine");
        Files.createDirectories(work);
        Path input = work.resolve("input.txt");
        long lines = InputGenerator.write(input, ctx.smoke() ? 1_000_000 : 20_000_000);
        long inputBytes = Files.size(input);
        String inputText = Files.readString(input, StandardCharsets.US_ASCII);
        int warmups = ctx.smoke() ? 1 : 2;
        int runs = ctx.smoke() ? 2 : 5;
        List<Program> programs = programs(ctx.root().resolve("bench/awk"));
        Bench.log("engine: " + programs.size() + " programs over " + inputBytes + " bytes (" + lines + " lines), best of "
                + runs);

        // Limits far above the service's defaults (1 MiB in and out, 5 s): the input is 20 MB and so can the output be.
        Limits limits = new Limits(64 << 10, 64 << 20, 256 << 20, 1L << 30, Duration.ofMinutes(5), 1,
                Duration.ofSeconds(1), Duration.ofMinutes(10));
        List<Row> rows = new ArrayList<>();
        try (AwkEngine engine = new AwkEngine(new PlaygroundConfig(Mode.VULNERABLE, limits, 16))) {
            for (Program program : programs) {
                Map<String, Double> seconds = new LinkedHashMap<>();
                Map<String, byte[]> outputs = new LinkedHashMap<>();
                AwkTuples tuples = new Awk().compile(program.script());
                for (int i = 0; i < warmups; i++) {
                    viaEngine(engine, program, inputText);
                    bare(tuples, inputText);
                }
                double bestEngine = Double.MAX_VALUE;
                double bestRaw = Double.MAX_VALUE;
                for (int i = 0; i < runs; i++) {
                    System.gc();
                    long start = System.nanoTime();
                    String out = viaEngine(engine, program, inputText);
                    bestEngine = Math.min(bestEngine, (System.nanoTime() - start) / 1e9);
                    outputs.put(ENGINE, out.getBytes(StandardCharsets.UTF_8));
                    System.gc();
                    start = System.nanoTime();
                    out = bare(tuples, inputText);
                    bestRaw = Math.min(bestRaw, (System.nanoTime() - start) / 1e9);
                    outputs.put(RAW, out.getBytes(StandardCharsets.UTF_8));
                }
                seconds.put(ENGINE, bestEngine);
                seconds.put(RAW, bestRaw);
                seconds.putAll(external(ctx, work, program, input, warmups, runs));
                for (String awk : EXTERNAL.keySet()) {
                    Path out = work.resolve(program.name() + "." + awk.replace(' ', '-') + ".out");
                    List<String> command = new ArrayList<>(List.of(EXTERNAL.get(awk).split(" ")));
                    command.addAll(List.of("-f", ctx.root().resolve("bench/awk/" + program.name() + ".awk").toString(),
                            input.toString()));
                    Proc.runToFile(work, 600, command, Path.of("/dev/null"), out);
                    outputs.put(awk, Files.readAllBytes(out));
                }
                Row row = compare(program, seconds, outputs);
                rows.add(row);
                Bench.log(String.format(Locale.ROOT, "  %-14s engine %.3f s, bare %.3f s, gawk %.3f s, mawk %.3f s,"
                                + " original-awk %.3f s, busybox %.3f s", program.name(), seconds.get(ENGINE),
                        seconds.get(RAW), seconds.get("gawk"), seconds.get("mawk"), seconds.get("original-awk"),
                        seconds.get("busybox awk")));
            }
        }
        Map<String, Double> geoMean = new LinkedHashMap<>();
        for (String name : new Results(0, 0, 0, rows, Map.of(), 0).engines()) {
            geoMean.put(name, geoMean(rows.stream().map(r -> r.seconds().get(name) / r.seconds().get("gawk")).toList()));
        }
        double overhead = geoMean(rows.stream().map(r -> r.seconds().get(ENGINE) / r.seconds().get(RAW)).toList());
        return new Results(inputBytes, lines, runs, rows, geoMean, overhead);
    }

    /** A run through the service's engine wrapper: guard, limits, cached compiled script, output in memory. */
    private static String viaEngine(AwkEngine engine, Program program, String input) {
        RunResult result = engine.run(RunRequest.of(program.script(), input));
        if (result.outcome() != Outcome.COMPLETED) {
            throw new IllegalStateException(program.name() + " did not complete in the engine: " + result.outcome()
                    + " " + result.error());
        }
        return result.output();
    }

    /** The same run with jawk alone: the tuples compiled once, the same input and output shapes, no guard. */
    private static String bare(AwkTuples tuples, String input) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        AwkSettings settings = new AwkSettings();
        settings.setInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        settings.setOutputStream(out);
        settings.setDefaultRS("\n");
        settings.setDefaultORS("\n");
        settings.setCatchIllegalFormatExceptions(true);
        settings.setLocale(Locale.US);
        new Awk().invoke(tuples, settings);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Best wall-clock time of each Debian AWK, from hyperfine (output to /dev/null). */
    private static Map<String, Double> external(Bench.Context ctx, Path work, Program program, Path input, int warmups,
                                                int runs) throws IOException, InterruptedException {
        Path json = work.resolve(program.name() + ".hyperfine.json");
        List<String> command = new ArrayList<>(List.of("hyperfine", "--style", "none", "--warmup",
                String.valueOf(warmups), "--runs", String.valueOf(runs), "--export-json", json.toString()));
        Path script = ctx.root().resolve("bench/awk/" + program.name() + ".awk");
        for (String awk : EXTERNAL.values()) {
            command.add(awk + " -f '" + script + "' '" + input + "' > /dev/null");
        }
        Proc.run(work, 1800, command);
        Matcher min = HYPERFINE_MIN.matcher(Files.readString(json));
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String awk : EXTERNAL.keySet()) {
            if (!min.find()) {
                throw new IllegalStateException("no time for " + awk + " in " + json);
            }
            seconds.put(awk, Double.parseDouble(min.group(1)));
        }
        return seconds;
    }

    private static Row compare(Program program, Map<String, Double> seconds, Map<String, byte[]> outputs) {
        List<String> expected = lines(outputs.get("gawk"), program.sorted());
        Map<String, Match> match = new LinkedHashMap<>();
        Map<String, String> firstDiff = new LinkedHashMap<>();
        for (var output : outputs.entrySet()) {
            List<String> actual = lines(output.getValue(), program.sorted());
            if (actual.equals(expected)) {
                match.put(output.getKey(), Match.IDENTICAL);
                continue;
            }
            boolean sameNumbers = actual.size() == expected.size();
            String diff = null;
            for (int i = 0; i < Math.max(actual.size(), expected.size()); i++) {
                String a = i < actual.size() ? actual.get(i) : "(none)";
                String e = i < expected.size() ? expected.get(i) : "(none)";
                if (!a.equals(e)) {
                    diff = diff == null ? "line " + (i + 1) + ": gawk `" + e + "`, " + output.getKey() + " `" + a + "`"
                            : diff;
                    sameNumbers &= normalized(a).equals(normalized(e));
                }
            }
            match.put(output.getKey(), sameNumbers ? Match.SAME_NUMBERS : Match.DIFFERENT);
            firstDiff.put(output.getKey(), diff);
        }
        return new Row(program, seconds, match, firstDiff);
    }

    private static List<String> lines(byte[] output, boolean sorted) {
        List<String> lines = new ArrayList<>(new String(output, StandardCharsets.UTF_8).lines().toList());
        if (sorted) {
            lines.sort(null);
        }
        return lines;
    }

    /** A line with every number written as %.6g would write it. */
    private static String normalized(String line) {
        StringBuilder out = new StringBuilder();
        for (String word : line.split(" ")) {
            String w = word;
            try {
                w = String.format(Locale.ROOT, "%.6g", Double.parseDouble(word));
            } catch (NumberFormatException e) {
                // not a number: compared as it is
            }
            out.append(w).append(' ');
        }
        return out.toString();
    }

    static double geoMean(List<Double> values) {
        return Math.exp(values.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
    }
}
