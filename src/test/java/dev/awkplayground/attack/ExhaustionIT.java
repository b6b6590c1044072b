package dev.awkplayground.attack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.Http;
import dev.awkplayground.ServiceProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * What used to leave the service unable to serve after the attack had ended, sent to real server processes with the
 * image's JVM options, a container's descriptor limit (1024) and the pod's one CPU (two run slots): a burst of
 * connections at the descriptor limit, idle and never finishing, and fork storms under a limit on processes. After
 * each, the server answers health and a trivial run, every run slot is free, its descriptors and threads are back to
 * their baseline, and no process of a run is left.
 * <p>
 * The process limit is a pids cgroup (v1, as this machine mounts it, or v2) made for the test, as a pod's is:
 * RLIMIT_NPROC counts every process of the user, and not at all for root.
 */
class ExhaustionIT {
    private static final int CONNECTIONS = 1_000;
    /** What the cgroup's process limit leaves a storm beyond what the server holds once warm (its threads count too). */
    private static final int STORM_ROOM = 150;

    @Test
    void aBurstOfIdleAndUnfinishedConnectionsLeavesTheListenerAccepting() throws Exception {
        try (ServiceProcess service = start(ServiceProcess.CONTAINER_DESCRIPTOR_LIMIT, Map.of())) {
            Http http = new Http(service.uri());
            ServerWatch watch = new ServerWatch(service.pid(), Path.of("none"));
            ServerWatch.Holdings baseline = warmUp(http, watch);

            List<Socket> burst = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    burst.add(connect(service, switch (i % 4) {
                        case 0 -> "POST /api/v1/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n{\"scr";
                        case 1 -> "POST /api/v1/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"scr";
                        case 2 -> "GET /observe/health/live HTTP/1.1\r\nHost: x\r\n";
                        default -> "";
                    }));
                }
                // The server ends, by itself, each request that never finishes (RequestDeadline).
                for (Socket unfinished : burst.subList(0, 3)) {
                    assertThat("the server closed a connection whose request never finished",
                            closedByServer(unfinished), is(true));
                }
            } finally {
                for (Socket socket : burst) {
                    socket.close();
                }
            }

            assertServes(http, watch, baseline);
            assertThat(String.join("\n", service.log()), not(containsString("terminating now")));
        }
    }

    @Test
    void aListenerThatClosesOnAFailedAcceptIsStartedAgain() throws Exception {
        // No bound on connections, as Helidon's default: idle connections use up the descriptors and accept fails.
        try (ServiceProcess service = start(ServiceProcess.CONTAINER_DESCRIPTOR_LIMIT,
                Map.of("server.max-tcp-connections", "-1"))) {
            Http http = new Http(service.uri());
            ServerWatch watch = new ServerWatch(service.pid(), Path.of("none"));
            ServerWatch.Holdings baseline = warmUp(http, watch);

            List<Socket> burst = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS && !String.join("\n", service.log()).contains("terminating now"); i++) {
                    try {
                        burst.add(connect(service, ""));
                    } catch (IOException e) {
                        break; // refused: the listener has closed
                    }
                }
                // Held until the server has accepted enough of them to run out of descriptors.
                awaitLogged(service, "terminating now");
            } finally {
                for (Socket socket : burst) {
                    socket.close();
                }
            }

            awaitLogged(service, "listens again");
            // Helidon's closed listener leaves two threads it cannot end: the listener's own, which waits for itself
            // to finish (ServerListener.stop() joins the future its listen loop completes), and the old server's
            // idle-connection timer. Every other thread of the old server has ended.
            List<String> threads = new ArrayList<>(baseline.threads());
            threads.addAll(List.of("helidon-idle-co", "server-@default"));
            assertServes(http, watch, new ServerWatch.Holdings(baseline.files(), baseline.sockets(),
                    threads.stream().sorted().toList(), baseline.children()));
        }
    }

    @Test
    void forkStormsAreStoppedAndLeaveEverySlotFreeAndHealthSteady() throws Exception {
        Path cgroup = pidsCgroup();
        try {
            List<String> launcher = new ArrayList<>(List.of("sh", "-c",
                    "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec \"$@\"", "sh"));
            launcher.addAll(ServiceProcess.CONTAINER_DESCRIPTOR_LIMIT);
            try (ServiceProcess service = start(launcher, Map.of("playground.limits.time", "30s"))) {
                Http http = new Http(service.uri());
                ServerWatch watch = new ServerWatch(service.pid(), Path.of("none"));
                ServerWatch.Holdings baseline = warmUp(http, watch);
                long warm = Long.parseLong(Files.readString(cgroup.resolve("pids.current")).strip());
                Files.writeString(cgroup.resolve("pids.max"), String.valueOf(warm + STORM_ROOM));

                // The shell gives up when a fork fails at the cgroup's limit; the run goes on, and holds what it left.
                // Its time limit is long enough that only the process limit can end it.
                String storm = "BEGIN { system(\"while :; do sleep 61 & done\"); while (1) {} }";
                for (int i = 0; i < 2; i++) {
                    Http.Response answer = http.run(storm, "");
                    assertThat(answer.body(), answer.status(), is(200));
                    assertThat(answer.body(), answer.json().getString("outcome"), is("process-limit"));
                    assertThat(answer.json().getString("error"), containsString("more than 64 processes"));
                    // Its processes are gone, zombies reaped, before the next: they would count against the limit.
                    assertServes(http, watch, baseline);
                }

                List<Integer> health = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    health.add(http.get("observe/health/live").status());
                }
                assertThat("health is steady", health, everyItem(is(204)));
                assertThat(String.join("\n", service.log()), not(containsString("OutOfMemoryError")));
            }
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }

    private static ServiceProcess start(List<String> launcher, Map<String, String> properties) throws Exception {
        List<String> jvm = new ArrayList<>(ServiceProcess.deploymentJvmOptions());
        jvm.add("-XX:ActiveProcessorCount=1");
        Map<String, String> all = new java.util.HashMap<>(Map.of("playground.limits.time", "2s"));
        all.putAll(properties);
        return ServiceProcess.start(launcher, jvm, Map.of(), all);
    }

    /** Both run slots once, and a command: what the server grows on first use exists before the baseline. */
    private static ServerWatch.Holdings warmUp(Http http, ServerWatch watch) throws Exception {
        var first = http.runAsync("BEGIN { system(\"sleep 0.3\") }", "");
        var second = http.runAsync("BEGIN { system(\"sleep 0.3\") }", "");
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        Thread.sleep(1_500);
        return watch.now();
    }

    /**
     * The server answers health and a trivial run (waiting, bounded, for it to accept again), both run slots are
     * free at once, and what it holds is back to the baseline with no process of a run left.
     */
    private static void assertServes(Http http, ServerWatch watch, ServerWatch.Holdings baseline) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                if (http.get("observe/health/live").status() == 204) {
                    break;
                }
            } catch (RuntimeException e) {
                // not accepting yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server does not accept connections again");
            }
            Thread.sleep(500);
        }
        var runs = List.of(http.runAsync("BEGIN { system(\"sleep 0.5\"); print \"slot\" }", ""),
                http.runAsync("BEGIN { system(\"sleep 0.5\"); print \"slot\" }", ""));
        for (var run : runs) {
            Http.Response answer = run.get(30, TimeUnit.SECONDS);
            assertThat(answer.body(), answer.status(), is(200));
            assertThat(answer.body(), answer.json().getString("output"), is("slot\n"));
        }
        assertThat(http.run("{ print $2 }", "still served").json().getString("output"), is("served\n"));
        watch.awaitBaseline(baseline, 4, 30);
    }

    private static Socket connect(ServiceProcess service, String partialRequest) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(service.uri().getHost(), service.uri().getPort()), 5_000);
        if (!partialRequest.isEmpty()) {
            socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }
        return socket;
    }

    /** Whether the server closes the connection, with or without an answer, within a minute. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(60_000);
        try {
            while (socket.getInputStream().read() >= 0) {
                // an answer (408 or 400) may come first
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static void awaitLogged(ServiceProcess service, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!String.join("\n", service.log()).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server never logged \"" + text + "\": " + service.log());
            }
            Thread.sleep(200);
        }
    }

    /** A pids cgroup of the test's own, v1 or v2; a missing one is a failure under CI, a skip elsewhere. */
    private static Path pidsCgroup() throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/pids");
        Path v2 = Path.of("/sys/fs/cgroup");
        Path parent = Files.isWritable(v1) ? v1
                : Files.isWritable(v2.resolve("cgroup.subtree_control")) ? v2 : null;
        String why = "no writable pids cgroup (run as root on a host that mounts the pids controller)";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(why, parent != null, is(true));
        }
        Assumptions.assumeTrue(parent != null, why);
        Path cgroup = parent.resolve("awk-playground-it-" + UUID.randomUUID());
        Files.createDirectory(cgroup);
        return cgroup;
    }
}
