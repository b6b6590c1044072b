import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process the benchmarks start on 127.0.0.1: its start time, the moment its readiness check first answered,
 * and its memory. Always stopped by {@link #close()} (SIGTERM, then SIGKILL after 15 s).
 */
final class Server implements AutoCloseable {
    static final String READY = "/observe/health/ready";

    final String name;
    final int port;
    final Process process;
    final long startNanos;
    final Path log;
    long readyNanos;

    private Server(String name, int port, Process process, long startNanos, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.startNanos = startNanos;
        this.log = log;
    }

    /** Starts a command whose server listens on {@code port}; output goes to {@code log}. */
    static Server start(String name, int port, List<String> command, Path dir, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        return new Server(name, port, builder.start(), start, log);
    }

    /** A free TCP port on the loopback address. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Polls the readiness check every 2 ms until it answers 204 and returns the milliseconds since the process was
     * started. A raw socket keeps the poll itself cheap.
     */
    double awaitReady(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + Proc.tail(Files.readString(log), 3000));
            }
            if (status(READY) == 204) {
                readyNanos = System.nanoTime();
                return (readyNanos - startNanos) / 1e6;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(name + " was not ready within " + timeoutMillis + " ms:\n"
                + Proc.tail(Files.readString(log), 3000));
    }

    /** The HTTP status of a GET, or -1 when nothing listens yet. */
    int status(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (ConnectException e) {
            return -1;
        }
    }

    long rssKib() throws IOException {
        return Proc.memoryKib(process.pid(), "VmRSS");
    }

    long peakRssKib() throws IOException {
        return Proc.memoryKib(process.pid(), "VmHWM");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Sends SIGTERM and waits for the process to end (an AOT training run writes its cache on the way out). */
    int stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(15);
        }
    }
}
