import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Sizes, goals and the markdown of BENCHMARKS.md, from the figures of one run. */
final class Report {
    static final String STANDIN_IMAGE = "localhost/awk-playground-standin:lab";
    static final String FAT_IMAGE = "localhost/awk-playground-fat:lab";

    /** The machine, as /proc and the JDK describe it. */
    record Machine(String when, String load, int cores, String cpu, long memoryKib, String kernel, String jdk) {
        static Machine now() throws Exception {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.replaceFirst("^[^:]*:\\s*", "")).orElse("?");
            long memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
            String uptime = Proc.firstLine("uptime");
            return new Machine(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    uptime.replaceFirst("^.*load average:\\s*", "load average "),
                    Runtime.getRuntime().availableProcessors(), cpu, memory,
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                            + System.getProperty("java.runtime.version"));
        }
    }

    /** What the service takes on disk, and the lab's images as podman reports them (when they exist). */
    record Sizes(long runtimeBytes, long appBytes, long aotBytes, long aotGzipBytes, Long standinImage, Long fatImage) {
        static Sizes measure(Bench.Context ctx, StartupBench.Results startup) throws Exception {
            Path aot = startup.install().resolve("usr/lib/awk-playground/app/" + StartupBench.AOT_FILE);
            return new Sizes(startup.runtimeBytes(), startup.appBytes(), Files.size(aot), gzipped(aot),
                    image(STANDIN_IMAGE), image(FAT_IMAGE));
        }

        /** What a file weighs in a gzip-compressed image layer. */
        private static long gzipped(Path file) throws Exception {
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(sink)) {
                Files.copy(file, gzip);
            }
            return sink.size();
        }

        private static Long image(String name) {
            if (!Proc.onPath("podman")) {
                return null;
            }
            try {
                return Long.parseLong(Proc.run(Path.of("."), 60, "podman", "image", "inspect", "--format", "{{.Size}}",
                        name).strip());
            } catch (Exception e) {
                return null;
            }
        }
    }

    private final Bench.Context ctx;
    private final Machine before;
    private final Machine after;
    private final EngineBench.Results engine;
    private final HttpBench.Results http;
    private final StartupBench.Results startup;
    private final Sizes sizes;
    private final StringBuilder md = new StringBuilder();

    Report(Bench.Context ctx, Machine before, Machine after, EngineBench.Results engine, HttpBench.Results http,
           StartupBench.Results startup, Sizes sizes) {
        this.ctx = ctx;
        this.before = before;
        this.after = after;
        this.engine = engine;
        this.http = http;
        this.startup = startup;
        this.sizes = sizes;
    }

    String markdown() {
        header();
        goals();
        engineSection();
        httpSection();
        startupSection();
        sizeSection();
        return md.toString();
    }

    private void header() {
        line("# Benchmarks");
        line();
        if (ctx.smoke()) {
            line("**Smoke run** (`scripts/bench.sh --smoke`): a 1 MB input, two runs, seconds of load. It checks that the "
                    + "harness works and the results are right; its figures are not measurements.");
            line();
        }
        line("Written by `scripts/bench.sh` (issue 6): every figure below comes from one run on one machine, and every "
                + "ratio compares two figures of that same run.");
        line();
        line("| | |");
        line("|---|---|");
        line("| date | " + before.when() + " (finished " + after.when() + ") |");
        line("| machine | " + before.cores() + " cores (" + before.cpu() + "), " + gib(before.memoryKib() * 1024)
                + " memory, " + before.kernel() + " |");
        line("| machine load (`uptime`) | at the start: " + before.load() + "; at the end: " + after.load()
                + ". The machine is shared: a load above 0.5 at the start means someone else was busy too |");
        line("| JDK | " + before.jdk() + " |");
        line("| AWKs | " + Proc.firstLine("gawk", "--version") + "; " + Proc.firstLine("mawk", "-W", "version") + "; "
                + "original-awk " + dpkgVersion("original-awk") + "; " + Proc.firstLine("busybox") + " |");
        line("| load tools | wrk " + dpkgVersion("wrk") + "; " + Proc.firstLine("hyperfine", "--version") + " |");
        line();
        line("Rerun: `scripts/bench.sh` (builds with Maven, then runs `bench/Bench.java`; about 10 minutes on 2 cores; writes this file). "
                + "`scripts/bench.sh --smoke` runs everything briefly and writes `target/bench-smoke/BENCHMARKS.md`. "
                + "Needs the Debian packages gawk, mawk, original-awk, busybox, wrk and hyperfine, and a JDK 25.");
        line();
    }

    private void goals() {
        HttpBench.Row health = http.find("playground", "GET " + Server.READY);
        HttpBench.Row run = http.find("playground", "POST /api/v1/run");
        HttpBench.Row forked = http.find("baseline", "POST /api/v1/run");
        double geo = engine.geoMeanVsGawk().get(EngineBench.ENGINE);
        StartupBench.Row jar = startup.find("jar");
        StartupBench.Row jarAot = startup.find("jar + AOT cache");
        StartupBench.Row jlinked = startup.find("jlinked");
        StartupBench.Row jlinkedAot = startup.find("jlinked + AOT cache");
        line("## Goals");
        line();
        if (ctx.smoke()) {
            line("_Smoke run: the verdicts below are computed, but from figures too short to mean anything._");
            line();
        }
        line("| goal | measured | verdict |");
        line("|---|---|---|");
        goal("`/api/v1/run` (small script) at 50% or more of the trivial endpoint's requests/s",
                pct(run.requestsPerSecond() / health.requestsPerSecond()) + " (" + rate(run) + " vs " + rate(health) + ")",
                run.requestsPerSecond() >= 0.5 * health.requestsPerSecond());
        goal("`/api/v1/run` at least 10 times the fork-per-request baseline",
                times(run.requestsPerSecond() / forked.requestsPerSecond()) + " (" + rate(run) + " vs " + rate(forked) + ")",
                run.requestsPerSecond() >= 10 * forked.requestsPerSecond());
        goal("engine within 4 times gawk on the geometric mean", times(geo) + " (the service's engine; bare jawk "
                + times(engine.geoMeanVsGawk().get(EngineBench.RAW)) + ")", geo <= 4);
        goal("ready in under 1 s from the jar", ms(jar.median()) + " median of " + startup.starts(), jar.median() < 1000);
        goal("ready in under 0.5 s with the AOT cache", ms(jarAot.median()) + " from the jar, " + ms(jlinkedAot.median())
                + " from the jlinked runtime", jarAot.median() < 500 && jlinkedAot.median() < 500);
        goal("under 128 MiB resident after 10,000 requests with the Deployment's heap settings (`"
                        + String.join(" ", deploymentOptions()) + "`)",
                mib(jlinkedAot.rssAfterKib()) + " as shipped (the jlinked runtime with an AOT cache, as install.sh makes it), "
                        + mib(jlinked.rssAfterKib()) + " without the cache"
                        + (startup.requests() == 10_000 ? "" : " (after " + startup.requests() + " requests)"),
                jlinkedAot.rssAfterKib() < 128 * 1024);
        line();
    }

    private void engineSection() {
        line("## 1. Engine throughput");
        line();
        line("Each program of `bench/awk/` over the same generated input (`bench/InputGenerator.java`: "
                + String.format(Locale.ROOT, "%,d bytes, %,d lines", engine.inputBytes(), engine.inputLines())
                + " like a web server's access log). Best wall-clock time of " + engine.runs() + " runs, in seconds, after "
                + "warm-up runs.");
        line();
        line("- **jawk (service engine)**: jawk 5.0.00 inside this JVM through `AwkEngine.run`, the wrapper the service "
                + "uses (its deadline and memory guard, cached compiled script, output collected in memory), with limits "
                + "raised for the benchmark: 64 MiB input, 256 MiB output, 1 GiB data, 5 minutes (the service's defaults, "
                + "1 MiB in and out and 5 s, are too small for 20 MB). JVM: `" + String.join(" ", serviceOptions())
                + " -Xmx2g` (`" + Bench.SERVICE_OPTIONS + "` and a heap for the input).");
        line("- **jawk (bare)**: the same compiled program through `new Awk().invoke(tuples, settings)`, same input and "
                + "output shapes, no guard: the difference is the wrapper's cost.");
        line("- **gawk, mawk, original-awk, busybox awk**: Debian's, `AWK -f PROGRAM INPUT > /dev/null`, timed by hyperfine "
                + "(its minimum), process start included.");
        line();
        List<String> engines = engine.engines();
        StringBuilder head = new StringBuilder("| program |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String name : engines) {
            head.append(' ').append(name).append(" |");
            rule.append("---:|");
        }
        line(head.toString());
        line(rule.toString());
        for (EngineBench.Row row : engine.rows()) {
            StringBuilder cells = new StringBuilder("| `" + row.program().name() + "` " + row.program().what() + " |");
            double gawk = row.seconds().get("gawk");
            for (String name : engines) {
                double s = row.seconds().get(name);
                cells.append(String.format(Locale.ROOT, " %.3f", s));
                if (!name.equals("gawk")) {
                    cells.append(" (").append(times(s / gawk)).append(')');
                }
                cells.append(" |");
            }
            line(cells.toString());
        }
        StringBuilder geo = new StringBuilder("| **geometric mean of the ratio to gawk** |");
        for (String name : engines) {
            geo.append(" **").append(times(engine.geoMeanVsGawk().get(name))).append("** |");
        }
        line(geo.toString());
        line();
        line("The wrapper's cost (service engine against bare jawk, geometric mean): **" + times(engine.guardOverhead())
                + "**. Per program: " + engine.rows().stream().map(r -> "`" + r.program().name() + "` "
                + times(r.seconds().get(EngineBench.ENGINE) / r.seconds().get(EngineBench.RAW)))
                .collect(Collectors.joining(", ")) + ".");
        line();
        line("### Outputs compared with gawk's");
        line();
        line("| program | " + String.join(" | ", engines.stream().filter(e -> !e.equals("gawk")).toList()) + " |");
        line("|---|" + "---|".repeat(engines.size() - 1));
        List<String> notes = new ArrayList<>();
        for (EngineBench.Row row : engine.rows()) {
            StringBuilder cells = new StringBuilder("| `" + row.program().name() + "`"
                    + (row.program().sorted() ? " (sorted)" : "") + " |");
            for (String name : engines) {
                if (name.equals("gawk")) {
                    continue;
                }
                cells.append(' ').append(row.match().get(name).text).append(" |");
                if (row.firstDiff().get(name) != null) {
                    notes.add("`" + row.program().name() + "`, " + name + ": " + row.firstDiff().get(name));
                }
            }
            line(cells.toString());
        }
        line();
        line("- **sorted**: `06-arrays` prints with `for (k in a)`, whose order POSIX leaves to each AWK; its lines are "
                + "compared after sorting.");
        line("- **same at 6 significant digits**: mawk 1.3.4 prints an integral value as an integer only while it fits in "
                + "32 bits; beyond that it uses `OFMT` (`%.6g`), so a sum of 14,655,295,806 prints as `1.46553e+10`. "
                + "gawk, original-awk, busybox and jawk print all the digits. The numbers agree at mawk's precision; "
                + "a real difference would fail the run.");
        if (!notes.isEmpty()) {
            line("- First difference of each: " + String.join("; ", notes) + ".");
        }
        line();
    }

    private void httpSection() {
        HttpBench.Row health = http.find("playground", "GET " + Server.READY);
        line("## 2. Request throughput and latency");
        line();
        line("wrk on loopback, " + HttpBench.THREADS + " thread and " + HttpBench.CONNECTIONS + " connections, "
                + http.seconds() + " s per row after a warm-up run, one server under load at a time; wrk and the server "
                + "share the machine's cores. Every request is the same small script, `" + HttpBench.SCRIPT
                + "`, on a three-line input; before the load both servers were checked to answer it correctly. "
                + "Any non-2xx answer or socket error would have failed the run.");
        line();
        line("- **playground**: the service's jar, started as `scripts/run.sh` starts it (`java @" + Bench.SERVICE_OPTIONS
                + " -jar`), default settings: 4 run slots (2 x CPU), 1 s queue wait.");
        line("- **baseline**: `bench/baseline/ForkServer.java`, the original's design on the same Helidon 4.5 web server: "
                + "it forks `gawk` for every request (script as its program, input on stdin).");
        line();
        line("| server | endpoint | requests/s | p50 | p99 | vs the playground's trivial endpoint | vs the same endpoint of the baseline |");
        line("|---|---|---:|---:|---:|---:|---:|");
        for (HttpBench.Row row : http.rows()) {
            String label = row.endpoint().label();
            String vsBaseline = "";
            if (row.endpoint().server().equals("playground") && label.startsWith("POST")) {
                vsBaseline = times(row.requestsPerSecond() / http.find("baseline", label).requestsPerSecond());
            }
            line("| " + row.endpoint().server() + " | `" + label + "` | " + rate(row) + " | "
                    + String.format(Locale.ROOT, "%.2f ms | %.2f ms", row.p50Millis(), row.p99Millis()) + " | "
                    + pct(row.requestsPerSecond() / health.requestsPerSecond()) + " | " + vsBaseline + " |");
        }
        line();
    }

    private void startupSection() {
        line("## 3. Start-up and memory");
        line();
        line("Time from starting the process to the first 204 of `GET " + Server.READY + "` (polled every 2 ms), "
                + startup.starts() + " starts each, taken in turn. Resident memory (`VmRSS`) when ready and after "
                + String.format(Locale.ROOT, "%,d", startup.requests()) + " `POST /api/v1/run` requests from 4 clients, "
                + "and the peak (`VmHWM`).");
        line();
        line("- **jar**: the full JDK, `java @" + Bench.SERVICE_OPTIONS + " -jar target/vulnerable-awk-playground.jar`, "
                + "as `scripts/run.sh` does (default heap: a quarter of the machine's memory, G1).");
        line("- **jlinked**: the runtime and app that `scripts/install.sh` makes, started with the JVM options of "
                + "`apko.yaml`'s entrypoint, which the Deployment runs (`" + Bench.SERVICE_OPTIONS + "` and `"
                + Bench.IMAGE_OPTIONS + "`): `" + String.join(" ", deploymentOptions()) + "`.");
        line("- **+ AOT cache**: `-XX:AOTCache=FILE -XX:AOTMode=on` (on: refuse to start without it), FILE made by a "
                + "training run with `-XX:AOTCacheOutput=FILE` and the same options (start, check the answers, "
                + (ctx.smoke() ? 100 : 500) + " requests, the page, metrics, a 404, then SIGTERM; the JVM writes the "
                + "cache as it exits). The jlinked cache was trained where `install.sh` put the runtime and used from a "
                + "copy in another folder (`cp -a`), as an image built elsewhere would use it.");
        line();
        line("| configuration | ready, median | ready, best | RSS when ready | RSS after requests | peak RSS | requests/s while loading |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (StartupBench.Row row : startup.rows()) {
            line("| " + row.config().name() + " | " + ms(row.median()) + " | " + ms(row.best()) + " | "
                    + mib(row.rssAtReadyKib()) + " | " + mib(row.rssAfterKib()) + " | " + mib(row.peakKib()) + " | "
                    + String.format(Locale.ROOT, "%,.0f", row.requests() / row.requestSeconds()) + " |");
        }
        line();
        line("| AOT training run | took | cache size |");
        line("|---|---:|---:|");
        for (StartupBench.Training t : startup.trainings()) {
            line("| " + t.config().name() + " | " + String.format(Locale.ROOT, "%.1f s", t.seconds()) + " | "
                    + mb(t.cacheBytes()) + " |");
        }
        line();
    }

    private void sizeSection() {
        line("## 4. Size");
        line();
        line("| what | size |");
        line("|---|---:|");
        line("| jlinked runtime (`install.sh`: " + String.join(", ", modules()) + ") | " + mb(sizes.runtimeBytes()) + " |");
        line("| the app with its libraries (`app/`) | " + mb(sizes.appBytes()) + " |");
        line("| the AOT cache of the jlinked runtime (what shipping it adds; gzip-compressed, as in an image layer: "
                + mb(sizes.aotGzipBytes()) + ") | " + mb(sizes.aotBytes()) + " |");
        line("| stand-in image (`" + STANDIN_IMAGE + "`, as podman reports it) | "
                + (sizes.standinImage() == null ? "not measured yet: run `scripts/lab.sh` first" : mb(sizes.standinImage()))
                + " |");
        line("| fat image (`" + FAT_IMAGE + "`: the ladder's fat rung, Debian with a full JDK, Maven and the build, root) | "
                + (sizes.fatImage() == null ? "not measured yet: run `scripts/lab.sh` first" : mb(sizes.fatImage())) + " |");
        line("| the original (seed talk): all-in-one | 1.01 GB |");
        line("| the original: Ubuntu multi-stage | 101 MB |");
        line("| the original: Alpine | 15.3 MB |");
        line("| the original: Chainguard busybox | 14.5 MB |");
        line();
        line("MB here is 10^6 bytes, as podman and the talk count. The original's figures are a Go binary's: one static "
                + "executable of a few MB on a base image. This service is a JVM's: a Java runtime (jlinked down to the "
                + "modules it needs) plus the app's jars, so its floor is the runtime, not the base image.");
        line();
        line("The two images are whatever `scripts/lab.sh` built last on this machine (stand-in created "
                + created(STANDIN_IMAGE) + ", fat created " + created(FAT_IMAGE) + "); README's and "
                + "docs/hardening-lab.md's sizes come from the lab run those pages date, and match these only when the "
                + "lab ran right before this benchmark.");
        line();
    }

    /** When podman says a local image was created, or "unknown" (no podman, no such image). */
    private static String created(String image) {
        if (!Proc.onPath("podman")) {
            return "unknown";
        }
        try {
            String created = Proc.run(Path.of("."), 60, "podman", "image", "inspect", "--format", "{{.Created}}", image)
                    .strip();
            return created.isEmpty() ? "unknown" : created.split("\\.")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private List<String> serviceOptions() {
        return ctx.options(Bench.SERVICE_OPTIONS);
    }

    /** The image's JVM options: both argument files, in the order apko.yaml's entrypoint reads them. */
    private List<String> deploymentOptions() {
        List<String> options = new ArrayList<>(serviceOptions());
        options.addAll(ctx.options(Bench.IMAGE_OPTIONS));
        return options;
    }

    private List<String> modules() {
        try {
            return Files.readAllLines(ctx.root().resolve("scripts/runtime-modules.txt")).stream()
                    .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty() && !l.startsWith("!")).toList();
        } catch (Exception e) {
            return List.of("?");
        }
    }

    private void goal(String goal, String measured, boolean met) {
        line("| " + goal + " | " + measured + " | " + (met ? "met" : "**missed**") + " |");
    }

    private static String dpkgVersion(String pkg) {
        return Proc.firstLine("dpkg-query", "-W", "-f=${Version}", pkg);
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private void line() {
        md.append('\n');
    }

    static String rate(HttpBench.Row row) {
        return String.format(Locale.ROOT, "%,.0f req/s", row.requestsPerSecond());
    }

    static String times(double ratio) {
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0fx" : "%.2fx", ratio);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.0f GiB", bytes / (double) (1L << 30));
    }
}
