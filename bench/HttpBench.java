import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 2, request throughput and latency: wrk on loopback against the playground (run from its jar as scripts/run.sh
 * runs it) and against the fork-per-request baseline (bench/baseline/ForkServer.java), one server under load at a time.
 */
final class HttpBench {
    /** The small script and short input every request sends. */
    static final String SCRIPT = "{ print $2, $1 }";
    static final String INPUT = "hello world\nawk playground\nfork exec\n";
    static final String EXPECTED = "world hello\nplayground awk\nexec fork\n";
    /** wrk: one thread, four connections (the playground's run slots are 2 x CPU = 4 here, so no request waits). */
    static final int THREADS = 1;
    static final int CONNECTIONS = 4;

    record Endpoint(String server, String label, String path, String luaBody) {
    }

    record Row(Endpoint endpoint, double requestsPerSecond, double p50Millis, double p99Millis, long requests,
               long errors) {
    }

    record Results(List<Row> rows, int seconds) {
        Row find(String server, String label) {
            return rows.stream().filter(r -> r.endpoint().server().equals(server) && r.endpoint().label().equals(label))
                    .findFirst().orElseThrow();
        }
    }

    private HttpBench() {
    }

    static String jsonBody() {
        return "{\"script\":\"" + SCRIPT.replace("\"", "\\\"") + "\",\"input\":\""
                + INPUT.replace("\n", "\\n") + "\"}";
    }

    static String formBody() {
        return "awkScript=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8) + "&text="
                + URLEncoder.encode(INPUT, StandardCharsets.UTF_8);
    }

    static Results run(Bench.Context ctx) throws Exception {
        Path work = ctx.work().resolve("http");
        Files.createDirectories(work);
        Path json = lua(work, "run.lua", "application/json", jsonBody());
        Path form = lua(work, "test.lua", "application/x-www-form-urlencoded", formBody());
        int warmup = ctx.smoke() ? 1 : 5;
        int seconds = ctx.smoke() ? 2 : 15;
        List<Row> rows = new ArrayList<>();
        int baselinePort = Server.freePort();
        List<Server> servers = List.of(
                playground(ctx, work, List.of()),
                Server.start("baseline", baselinePort, List.of(ctx.java(), "-cp", ctx.libs(),
                        ctx.root().resolve("bench/baseline/ForkServer.java").toString(), String.valueOf(baselinePort)),
                        ctx.root(), work.resolve("baseline.log")));
        try {
            for (Server server : servers) {
                // The source launcher compiles ForkServer.java first: give it time.
                server.awaitReady(60_000);
            }
            Server playground = servers.get(0);
            Server baseline = servers.get(1);
            for (Server server : servers) {
                checkAnswers(server);
            }
            for (Server server : servers) {
                List<Endpoint> endpoints = List.of(
                        new Endpoint(server.name, "GET " + Server.READY, Server.READY, null),
                        new Endpoint(server.name, "POST /api/v1/run", "/api/v1/run", json.toString()),
                        new Endpoint(server.name, "POST /test", "/test", form.toString()));
                for (Endpoint endpoint : endpoints) {
                    wrk(server, endpoint, warmup, work);
                    Row row = wrk(server, endpoint, seconds, work);
                    Bench.log(String.format("  %-10s %-28s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d",
                            server.name, endpoint.label(), row.requestsPerSecond(), row.p50Millis(), row.p99Millis(),
                            row.errors()));
                    if (row.errors() > 0) {
                        throw new IllegalStateException(row.errors() + " failed requests to " + server.name + " "
                                + endpoint.label() + ": the figure would not be throughput");
                    }
                    rows.add(row);
                }
            }
            if (playground.process.isAlive() && baseline.process.isAlive()) {
                return new Results(rows, seconds);
            }
            throw new IllegalStateException("a server died under load");
        } finally {
            for (Server server : servers) {
                server.close();
            }
        }
    }

    /** The playground from its jar, started the way scripts/run.sh starts it, plus {@code extra} JVM options. */
    static Server playground(Bench.Context ctx, Path work, List<String> extra) throws Exception {
        int port = Server.freePort();
        List<String> command = new ArrayList<>(List.of(ctx.java(), "@" + ctx.root().resolve(Bench.SERVICE_OPTIONS)));
        command.addAll(extra);
        command.addAll(List.of("-Dserver.port=" + port, "-jar", ctx.jar().toString()));
        return Server.start("playground", port, command, ctx.root(), work.resolve("playground.log"));
    }

    /** Both APIs of a server answer the small script with its expected output. */
    static void checkAnswers(Server server) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> run = client.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/run")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody())).build(), HttpResponse.BodyHandlers.ofString());
        String expectedJson = "\"output\":\"" + EXPECTED.replace("\n", "\\n") + "\"";
        if (run.statusCode() != 200 || !run.body().contains(expectedJson)) {
            throw new IllegalStateException(server.name + " /api/v1/run answered " + run.statusCode() + " " + run.body());
        }
        HttpResponse<String> test = client.send(HttpRequest.newBuilder(URI.create(server.url("/test")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody())).build(), HttpResponse.BodyHandlers.ofString());
        if (test.statusCode() != 200 || !test.body().equals(EXPECTED)) {
            throw new IllegalStateException(server.name + " /test answered " + test.statusCode() + " " + test.body());
        }
        int health = server.status(Server.READY);
        if (health != 204) {
            throw new IllegalStateException(server.name + " readiness answered " + health);
        }
    }

    private static Path lua(Path work, String name, String contentType, String body) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"" + contentType
                + "\"\nwrk.body = [==[" + body + "]==]\n");
        return file;
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("\\s(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private static Row wrk(Server server, Endpoint endpoint, int seconds, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-t" + THREADS, "-c" + CONNECTIONS,
                "-d" + seconds + "s", "--timeout", "10s"));
        if (endpoint.luaBody() != null) {
            command.addAll(List.of("-s", endpoint.luaBody()));
        }
        command.add(server.url(endpoint.path()));
        String out = Proc.run(work, seconds + 60L, command);
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Row(endpoint, number(RATE, out), percentile(out, "50%"), percentile(out, "99%"),
                (long) number(TOTAL, out), errors);
    }

    private static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + pattern + ":\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A latency percentile from wrk's --latency table ("50%  1.23ms"), in milliseconds. */
    private static double percentile(String text, String which) {
        Matcher m = Pattern.compile("\\s" + which + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + which + " latency:\n" + text);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
