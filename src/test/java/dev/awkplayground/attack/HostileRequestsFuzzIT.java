package dev.awkplayground.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.awkplayground.Http;
import dev.awkplayground.ServiceProcess;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * A seeded fuzz test: hostile requests of every kind, over both APIs, against a real server process in each mode with
 * the image's JVM options and a container's descriptor limit. Malformed bodies (random bytes, broken JSON, wrong
 * types, deep nesting, broken forms and multipart, broken HTTP framing on raw sockets), scripts made of random AWK
 * tokens, and the catalogue's hostile scripts. However hostile, every request gets an answer that is not a server
 * error, no connection is dropped without one, and the server ends as it started.
 * <p>
 * The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.requests=N} changes its length.
 */
class HostileRequestsFuzzIT {
    private static final long SEED = Long.getLong("fuzz.seed", 20261129L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 800);
    private static final int CLIENTS = 2;

    private static final String[] TOKENS = {
            "BEGIN", "END", "{", "}", "(", ")", ";", ",", "\n", "print", "printf", "getline", "<", ">", "|", ">>",
            "$", "$0", "$1", "NF", "NR", "FNR", "FS", "RS", "OFS", "ORS", "CONVFMT", "OFMT", "SUBSEP", "ENVIRON",
            "ARGV", "ARGC", "FILENAME", "RSTART", "RLENGTH", "x", "y", "a", "a[", "]", "i", "+", "-", "*", "/", "%",
            "^", "=", "+=", "==", "!=", "~", "!~", "&&", "||", "!", "?", ":", "++", "--", "in", "for", "while", "do",
            "if", "else", "break", "continue", "next", "exit", "return", "function", "f", "delete", "length",
            "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper", "system", "close",
            "exec", "srand", "rand", "int", "sqrt", "/a+/", "/((a+)+)+b/", "/[/", "1", "0", "-1", "1e3", "2^31",
            "1000000", "\"\"", "\"x\"", "\"%d\"", "\"%*d\"", "\"%300000000d\"", "\"/etc/passwd\"", "\"/dev/zero\"",
            "\"-\"", "\"/dev/stderr\"", "\"cat\"", "\"%c\"", "\"\\\\\"", "\"&\"",
    };

    private static final String[] HOSTILE_SCRIPTS = {
            "BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }",
            "BEGIN { RS = \"\\0\"; ARGV[ARGC++] = \"/proc/self/environ\" } { print }",
            "BEGIN { CONVFMT = \"%300000000.1f\"; x = 1.5 \"\"; print length(x) }",
            "BEGIN { OFMT = \"%300000000.1f\"; print 1.5 }",
            "BEGIN { $50000000 = \"x\"; print NF }",
            "BEGIN { s = sprintf(\"%100000s\", \"\"); r = sprintf(\"%10000s\", \"\"); gsub(/ /, r, s) }",
            "BEGIN { s = \"x\"; while (1) s = s s }",
            "BEGIN { while (1) a[i++] = i }",
            "BEGIN { for (i = 1; i <= 2000; i++) ARGV[i] = \"/etc/hostname\"; ARGC = 2001 } END { print NR }",
            "BEGIN { getline line < \"/dev/zero\" }",
            "BEGIN { system(\"sleep 31 &\") }",
            "BEGIN { \"sleep 34 & echo x\" | getline v; print v }",
            "BEGIN { for (k in ENVIRON) print k }",
            "BEGIN { s = sprintf(\"%60s\", \"\"); gsub(/ /, \"a\", s); print match(s \"!\", /^((a+)+)+$/) }",
            "BEGIN { printf \"%*d\", 2000000000, 1 }",
            "BEGIN { exec(\"BEGIN { system(\\\"id\\\") }\") }",
            "BEGIN { for (i = 0; i < 40; i++) print i > \"/dev/stderr\" }",
            "function f(n) { return f(n + 1) } BEGIN { f(1) }",
    };

    /** What went wrong, if anything: kept to report every failure at once. */
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"vulnerable", "sandboxed"})
    void hostileRequestsGetAnswersAndLeaveNothingBehind(String mode, @TempDir Path scratch) throws Exception {
        long seed = SEED + mode.hashCode();
        System.out.printf("fuzz: %s mode, seed %d, %d requests%n", mode, seed, REQUESTS);
        List<String> jvm = new ArrayList<>(ServiceProcess.deploymentJvmOptions());
        jvm.add("-XX:ActiveProcessorCount=1");
        try (ServiceProcess service = ServiceProcess.start(ServiceProcess.CONTAINER_DESCRIPTOR_LIMIT, jvm, Map.of(),
                Map.of("playground.mode", mode, "playground.limits.time", "500ms"))) {
            Http http = new Http(service.uri());
            ServerWatch watch = new ServerWatch(service.pid(), scratch.resolve("none"));
            // Both run slots once, and a command: pools the server grows on first use exist before the baseline.
            var first = http.runAsync("BEGIN { system(\"sleep 0.3\") }", "");
            var second = http.runAsync("BEGIN { system(\"sleep 0.3\") }", "");
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            Thread.sleep(1_500);
            ServerWatch.Holdings baseline = watch.now();

            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> sent = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                Random random = new Random(seed + client);
                int count = REQUESTS / CLIENTS;
                sent.add(clients.submit(() -> {
                    HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build();
                    for (int i = 0; i < count; i++) {
                        sendOne(random, service.uri(), httpClient);
                    }
                }));
            }
            for (Future<?> client : sent) {
                client.get(10, TimeUnit.MINUTES);
            }
            clients.shutdown();

            System.out.printf("fuzz: %s mode, requests by kind %s%n", mode, kinds);
            assertThat("server errors and dropped connections", failures, is(empty()));
            int total = kinds.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(total, greaterThanOrEqualTo(REQUESTS));
            assertThat(service.isAlive(), is(true));
            watch.awaitBaseline(baseline, 4, 15);
            assertThat(http.get("observe/health/live").status(), is(204));
            assertThat(http.run("{ print $1 }", "ok").json().getString("output"), is("ok\n"));
        }
    }

    private void sendOne(Random random, URI base, HttpClient client) {
        int pick = random.nextInt(100);
        if (pick < 30) {
            script(random, base, client, tokens(random));
        } else if (pick < 40) {
            script(random, base, client, HOSTILE_SCRIPTS[random.nextInt(HOSTILE_SCRIPTS.length)]);
        } else if (pick < 60) {
            malformedJson(random, base, client);
        } else if (pick < 75) {
            malformedForm(random, base, client);
        } else if (pick < 85) {
            randomBytes(random, base, client);
        } else {
            brokenFraming(random, base);
        }
    }

    private static String tokens(Random random) {
        StringBuilder script = new StringBuilder(random.nextBoolean() ? "BEGIN { " : "");
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            script.append(TOKENS[random.nextInt(TOKENS.length)]).append(' ');
        }
        return script.append(random.nextBoolean() ? "}" : "").toString();
    }

    private void script(Random random, URI base, HttpClient client, String script) {
        if (random.nextBoolean()) {
            JsonObjectBuilder body = Json.createObjectBuilder().add("script", script)
                    .add("input", random.nextBoolean() ? "a b c\n1 2 3\n" : "x".repeat(random.nextInt(5_000)));
            if (random.nextInt(4) == 0) {
                body.add("fieldSeparator", TOKENS[random.nextInt(TOKENS.length)]);
            }
            if (random.nextInt(4) == 0) {
                body.add("variables", Json.createObjectBuilder().add("v", TOKENS[random.nextInt(TOKENS.length)]));
            }
            send(client, base, "api/v1/run", "application/json", body.build().toString(), "script-json");
        } else {
            String form = "text=" + encode("a b c\n") + "&awkScript=" + encode(script);
            send(client, base, "test", "application/x-www-form-urlencoded", form, "script-form");
        }
    }

    private void malformedJson(Random random, URI base, HttpClient client) {
        String[] bodies = {
                "", "{", "}", "[]", "null", "1", "\"x\"", "{\"script\":1}", "{\"script\":null}", "{\"script\":[]}",
                "{\"script\":\"x\",}", "{\"script\":\"BEGIN{}\"} trailing", "{\"script\":\"BEGIN{}\"}{}",
                "{\"script\":\"a\",\"script\":\"b\"}", "{\"unknown\":1}", "{\"" + "k".repeat(random.nextInt(100_000)) + "\":1}",
                "{\"script\":\"BEGIN{}\",\"variables\":{\"a\":" + "9".repeat(random.nextInt(10_000)) + "}}",
                "{\"script\":\"BEGIN{}\",\"variables\":{\"1a\":\"x\"}}", "{\"script\":\"BEGIN{}\",\"variables\":[]}",
                "{\"script\":\"BEGIN{}\",\"variables\":{\"a\":{\"b\":1}}}", "{\"script\":\"BEGIN{}\",\"fieldSeparator\":\"\"}",
                "[".repeat(random.nextInt(20_000)), "{\"script\":\"\\ud800\"}", "{\"script\":\"\\u0000\"}",
                "{\"script\":\"BEGIN{}\",\"input\":" + "[".repeat(5_000) + "}",
        };
        String body = bodies[random.nextInt(bodies.length)];
        String type = random.nextInt(10) == 0 ? "text/plain" : "application/json";
        send(client, base, "api/v1/run", type, body, "malformed-json");
    }

    private void malformedForm(Random random, URI base, HttpClient client) {
        String[] urlEncoded = {"", "=", "&&&", "text=%zz&awkScript=x", "text=%", "awkScript=BEGIN%7B%7D",
                "text=x&awkScript=%E0%A4%A", "a=1&".repeat(random.nextInt(5_000)), "text=&awkScript=" + "%41".repeat(30_000)};
        if (random.nextBoolean()) {
            send(client, base, "test", "application/x-www-form-urlencoded",
                    urlEncoded[random.nextInt(urlEncoded.length)], "malformed-form");
            return;
        }
        String boundary = "b" + random.nextInt(1000);
        StringBuilder body = new StringBuilder();
        int parts = random.nextInt(3) == 0 ? 1 + random.nextInt(50_000) : random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(i % 2 == 0 ? "text" : "awkScript").append(i).append("\"\r\n\r\nx\r\n");
        }
        if (random.nextBoolean()) {
            body.append("--").append(boundary).append("--\r\n");
        }
        String type = random.nextInt(5) == 0 ? "multipart/form-data" : "multipart/form-data; boundary=" + boundary;
        send(client, base, "test", type, body.toString(), "malformed-multipart");
    }

    private void randomBytes(Random random, URI base, HttpClient client) {
        byte[] bytes = new byte[random.nextInt(4_000)];
        random.nextBytes(bytes);
        String path = random.nextBoolean() ? "api/v1/run" : "test";
        String type = random.nextBoolean() ? "application/json" : "application/x-www-form-urlencoded";
        send(client, base, path, type, new String(bytes, StandardCharsets.ISO_8859_1), "random-bytes");
    }

    private void brokenFraming(Random random, URI base) {
        String[] heads = {
                "POST /api/v1/run HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n",
                "POST /api/v1/run HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 500\n",
                "POST /test HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 80\n",
                "GET /observe/health HTTP/1.1\nHost: x\nConnection: close\n",
                "POST /api/v1/run HTTP/1.1\nHost: x\nContent-Length: -1\n",
                "GARBAGE / HTTP/1.1\nHost: x\n",
                "POST /api/v1/run HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 5\nContent-Length: 6\n",
        };
        String[] bodies = {"zz\r\n{}\r\n0\r\n\r\n", "ffffffffffffffff\r\n{}\r\n0\r\n\r\n", "{\"script\":\"BEGIN{print 1}\"}",
                "text=x&awkScript=BEGIN", "", "5\r\n{\"scr\r\n"};
        RawHttp.Exchange exchange = RawHttp.exchange(base,
                RawHttp.request(heads[random.nextInt(heads.length)], bodies[random.nextInt(bodies.length)]),
                true, 3_000);
        kinds.computeIfAbsent("broken-framing", k -> new AtomicInteger()).incrementAndGet();
        List<Integer> statuses = exchange.statuses();
        if (statuses.isEmpty()) {
            failures.add("no response on a raw connection: " + exchange.text());
        }
        for (int status : statuses) {
            if (status >= 500) {
                failures.add("server error " + status + " on a raw connection: " + exchange.text());
            }
        }
    }

    private void send(HttpClient client, URI base, String path, String type, String body, String kind) {
        kinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                failures.add(kind + ": " + response.statusCode() + " " + response.body() + " for "
                        + body.substring(0, Math.min(200, body.length())));
            }
        } catch (IOException e) {
            failures.add(kind + ": dropped (" + e + ") for " + body.substring(0, Math.min(200, body.length())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
