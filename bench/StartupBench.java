import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 3, start-up and memory: time from process start to the first 204 of the readiness check, resident memory then
 * and after 10,000 requests, for the plain jar (as scripts/run.sh starts it) and for the jlinked runtime that
 * scripts/install.sh makes (with the JVM options of apko.yaml's entrypoint, which the Deployment runs), each with and
 * without a Java 25 AOT cache made by a training run.
 */
final class StartupBench {
    static final String AOT_FILE = "awk-playground.aot";

    /** One way to start the service. {@code aot}: the cache to use, made by a training run first. */
    record Config(String name, Path java, List<String> options, Path jar, Path aot) {
        List<String> command(int port, List<String> extra) {
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(options);
            command.addAll(extra);
            command.addAll(List.of("-Dserver.port=" + port, "-jar", jar.toString()));
            return command;
        }
    }

    record Row(Config config, List<Double> readyMillis, long rssAtReadyKib, long rssAfterKib, long peakKib,
               int requests, double requestSeconds) {
        double median() {
            List<Double> sorted = readyMillis.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double best() {
            return readyMillis.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }
    }

    record Training(Config config, double seconds, long cacheBytes) {
    }

    record Results(List<Row> rows, List<Training> trainings, Path install, long runtimeBytes, long appBytes,
                   int starts, int requests) {
        Row find(String name) {
            return rows.stream().filter(r -> r.config().name().equals(name)).findFirst().orElseThrow();
        }
    }

    private StartupBench() {
    }

    static Results run(Bench.Context ctx) throws Exception {
        Path work = ctx.work().resolve("startup");
        Bench.deleteTree(work);
        Files.createDirectories(work);
        int starts = ctx.smoke() ? 1 : 10;
        int requests = ctx.smoke() ? 500 : 10_000;

        Bench.log("startup: scripts/install.sh " + work.resolve("install"));
        Path install = work.resolve("install");
        Proc.run(ctx.root(), 600, List.of("sh", "scripts/install.sh", install.toString()));
        Path home = install.resolve("usr/lib/awk-playground");
        // As scripts/run.sh starts the jar; as apko.yaml's entrypoint starts the image, from the files install.sh put
        // beside the jar (the benchmark trains and maps its own caches: without one, and with one, side by side).
        Config jar = new Config("jar", Path.of(ctx.java()), List.of("@" + ctx.root().resolve(Bench.SERVICE_OPTIONS)),
                ctx.jar(), null);
        Config jlinked = new Config("jlinked", home.resolve("runtime/bin/java"), installedOptions(home),
                home.resolve("app/vulnerable-awk-playground.jar"), null);
        List<Training> trainings = new ArrayList<>();
        Config jarAot = train(ctx, work, jar, work.resolve("jar.aot"), trainings);
        // Trained where install.sh put it, then used from a copy elsewhere (cp -a, as an image layer keeps times):
        // an image's path differs from the build's, and the cache has to survive that.
        Config jlinkedTrained = train(ctx, work, jlinked, home.resolve("app/" + AOT_FILE), trainings);
        Path moved = work.resolve("relocated");
        Proc.run(ctx.root(), 120, "cp", "-a", install.toString(), moved.toString());
        Path movedHome = moved.resolve("usr/lib/awk-playground");
        Config jlinkedAot = new Config("jlinked + AOT cache", movedHome.resolve("runtime/bin/java"),
                installedOptions(movedHome), movedHome.resolve("app/vulnerable-awk-playground.jar"),
                movedHome.resolve("app/" + AOT_FILE));
        if (jlinkedTrained.aot() == null) {
            throw new IllegalStateException("no AOT cache from the jlinked training run");
        }

        List<Config> configs = List.of(jar, jarAot, jlinked, jlinkedAot);
        List<List<Double>> ready = new ArrayList<>();
        configs.forEach(c -> ready.add(new ArrayList<>()));
        // Round-robin, so a change in the machine's load falls on every configuration alike.
        for (int i = 0; i < starts - 1; i++) {
            for (int c = 0; c < configs.size(); c++) {
                try (Server server = start(ctx, work, configs.get(c))) {
                    ready.get(c).add(server.awaitReady(60_000));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            Config config = configs.get(c);
            try (Server server = start(ctx, work, config)) {
                ready.get(c).add(server.awaitReady(60_000));
                long atReady = server.rssKib();
                long begin = System.nanoTime();
                load(server, requests);
                double took = (System.nanoTime() - begin) / 1e9;
                Row row = new Row(config, ready.get(c), atReady, server.rssKib(), server.peakRssKib(), requests, took);
                Bench.log(String.format("  %-22s ready median %5.0f ms (best %5.0f)  RSS %4d MiB at ready, %4d MiB"
                                + " after %d requests (peak %d MiB)", config.name(), row.median(), row.best(),
                        atReady >> 10, row.rssAfterKib() >> 10, requests, row.peakKib() >> 10));
                rows.add(row);
            }
        }
        return new Results(rows, trainings, install, Proc.treeBytes(home.resolve("runtime")),
                Proc.treeBytes(home.resolve("app")) - Proc.treeBytes(home.resolve("app/" + AOT_FILE)), starts,
                requests);
    }

    /** The argument files apko.yaml's entrypoint reads, where install.sh put them below {@code home}. */
    private static List<String> installedOptions(Path home) {
        return List.of("@" + home.resolve("app/service.options"), "@" + home.resolve("app/image.options"));
    }

    private static Server start(Bench.Context ctx, Path work, Config config) throws Exception {
        int port = Server.freePort();
        List<String> extra = config.aot() == null ? List.of()
                // AOTMode=on: refuse to start rather than silently run without the cache.
                : List.of("-XX:AOTCache=" + config.aot(), "-XX:AOTMode=on");
        return Server.start(config.name(), port, config.command(port, extra), ctx.root(), work.resolve("server.log"));
    }

    /**
     * The training run: starts the service with -XX:AOTCacheOutput, sends it the requests the benchmark sends (and a
     * page, metrics and an error), stops it with SIGTERM; the JVM writes the cache as it exits.
     */
    private static Config train(Bench.Context ctx, Path work, Config config, Path cache, List<Training> trainings)
            throws Exception {
        Bench.log("  AOT training run: " + config.name() + " -> " + cache);
        long begin = System.nanoTime();
        int port = Server.freePort();
        Path log = work.resolve("training-" + config.name() + ".log");
        Server server = Server.start(config.name() + " (training)", port,
                config.command(port, List.of("-XX:AOTCacheOutput=" + cache)), ctx.root(), log);
        try {
            server.awaitReady(60_000);
            HttpBench.checkAnswers(server);
            load(server, ctx.smoke() ? 100 : 500);
            for (String path : List.of("/", "/app.js", "/observe/metrics", "/observe/health", "/api/v1/info",
                    "/nothing-here")) {
                server.status(path);
            }
        } finally {
            int exit = server.stop(300);
            if (exit != 0 && exit != 143) {
                throw new IllegalStateException("training run exited with " + exit + ":\n" + Files.readString(log));
            }
        }
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("the training run wrote no AOT cache:\n" + Proc.tail(Files.readString(log), 3000));
        }
        Training training = new Training(config, (System.nanoTime() - begin) / 1e9, Files.size(cache));
        trainings.add(training);
        return new Config(config.name() + " + AOT cache", config.java(), config.options(), config.jar(), cache);
    }

    /** {@code count} POST /api/v1/run requests with the small script, from 4 clients; every answer must be 200. */
    static void load(Server server, int count) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/api/v1/run")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HttpBench.jsonBody())).build();
        AtomicLong left = new AtomicLong(count);
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(clients.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("POST /api/v1/run answered " + response.statusCode()
                                    + ": " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        }
    }
}
