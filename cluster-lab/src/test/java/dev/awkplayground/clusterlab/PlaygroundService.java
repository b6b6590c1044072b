package dev.awkplayground.clusterlab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The playground service itself, from the root build's jar, standing for the pods behind the port-forwards: the lab's
 * probe attacks a real service, as it would on a cluster.
 */
final class PlaygroundService implements AutoCloseable {
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = REPOSITORY.resolve("target/vulnerable-awk-playground.jar");
    /** The JVM options every run of the service wants, in a java @argument file. */
    private static final Path SERVICE_OPTIONS = REPOSITORY.resolve("src/main/jvm/service.options");

    private final Process process;
    private final InetSocketAddress address;

    private PlaygroundService(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /**
     * Starts the service on a loopback address and port, in vulnerable mode, with no API server in its environment.
     * The root build makes the jar (scripts/test.sh runs it first); without it the test fails under CI=true and is
     * skipped elsewhere.
     */
    static PlaygroundService start(String host, int port) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            String message = "no " + JAR + ": build the service first (mvn -B package -DskipTests in the repository)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + SERVICE_OPTIONS,
                "-Dserver.host=" + host, "-Dserver.port=" + port, "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PLAYGROUND_MODE", "vulnerable");
        builder.environment().put("KUBERNETES_SERVICE_HOST", "");
        Process process = builder.start();
        PlaygroundService service = new PlaygroundService(process, new InetSocketAddress(host, port));
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://" + host + ":" + port + "/observe/health/ready");
        for (int i = 0; i < 120 && process.isAlive(); i++) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 204) {
                    return service;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        service.close();
        throw new AssertionError("the service did not become ready on " + host + ":" + port
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ": is the port taken?)"));
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
