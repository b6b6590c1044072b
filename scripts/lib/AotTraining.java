import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the image's AOT cache, for scripts/install.sh:
 *
 * <pre>
 * java scripts/lib/AotTraining.java LOG JAVA OPTION... -jar JAR
 * </pre>
 *
 * starts the installed service with that command on a free loopback port (its output in LOG), sends it the requests a
 * pod serves, then stops it with SIGTERM so that the JVM writes the cache as it exits. A Java program because melange's
 * build environment has no HTTP client of its own: Wolfi's busybox is built without wget, and there is no curl.
 */
public final class AotTraining {
    private static final int RUNS = 300;
    private static final Duration READY_WITHIN = Duration.ofMinutes(2);
    private static final Duration EXIT_WITHIN = Duration.ofMinutes(2);
    private static final String RUN = """
            {"script":"{ print $2, $1 }","input":"hello world\\nawk playground\\n"}""";

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(args).subList(Math.min(1, args.length), args.length));
        if (!command.contains("-jar")) {
            fail("usage: java AotTraining.java LOG JAVA OPTION... -jar JAR", null);
        }
        Path log = Path.of(args[0]);
        int port = freeLoopbackPort();
        command.add(command.indexOf("-jar"), "-Dserver.port=" + port);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        System.out.println("AOT cache: training run on 127.0.0.1:" + port);
        Process service = builder.start();
        try {
            train(URI.create("http://127.0.0.1:" + port + "/"), service);
        } catch (IOException | RuntimeException e) {
            service.destroyForcibly();
            fail("the AOT training run failed: " + e.getMessage(), log);
        }
        service.destroy(); // SIGTERM: the JVM writes the cache as it exits
        if (!service.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            service.destroyForcibly();
            fail("the AOT training run did not stop within " + EXIT_WITHIN.toSeconds() + " s of SIGTERM", log);
        }
    }

    private static void train(URI base, Process service) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!ready(client, base.resolve("observe/health/ready"))) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + " before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service was not ready within " + READY_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
        for (int i = 0; i < RUNS; i++) {
            expectOk(client, HttpRequest.newBuilder(base.resolve("api/v1/run"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(RUN)));
        }
        expectOk(client, HttpRequest.newBuilder(base));
        expectOk(client, HttpRequest.newBuilder(base.resolve("observe/metrics")));
    }

    private static boolean ready(HttpClient client, URI uri) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 204;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void expectOk(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        int status = client.send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " answered " + status);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void fail(String message, Path log) {
        System.err.println("install.sh: " + message);
        if (log != null) {
            try {
                List<String> lines = Files.readAllLines(log);
                System.err.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            } catch (IOException e) {
                System.err.println("(no log: " + e.getMessage() + ")");
            }
        }
        System.exit(1);
    }
}
