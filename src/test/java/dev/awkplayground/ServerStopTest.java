package dev.awkplayground;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.awkplayground.config.PlaygroundConfig;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * Stopping the server ends what its engine was doing: the runs in progress, the command a run left in the background,
 * and the engine's own threads. Read from /proc, for a server started and stopped in this JVM, and for the service as
 * users run it, stopped as Kubernetes stops it (SIGTERM).
 * <p>
 * In this JVM it waits for every process the runs started to be gone, zombies included: the foreground commands (which
 * a run's thread may let go of between the stop and the kill), the one left in the background, and the zombies of what
 * the engine killed last (its close() reaps them).
 */
class ServerStopTest {
    // No run ends by itself while the test looks: a script's time limit of ten minutes, commands that sleep longer.
    private static final String NO_DEADLINE = "10m";
    private static final String FOREGROUND = "BEGIN { system(\"sleep 600\") }";
    private static final String BACKGROUND = "BEGIN { system(\"sleep 601 &\"); system(\"sleep 602\") }";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void stoppingTheServerEndsItsRunsTheirBackgroundCommandAndTheEngineThreads() throws Exception {
        long self = ProcessHandle.current().pid();
        Set<Long> threadsBefore = engineThreads(self).stream().map(Procfs.Task::id).collect(Collectors.toSet());
        Set<Long> processesBefore = Procfs.descendants(self).stream().map(Procfs.ProcessStat::pid)
                .collect(Collectors.toSet());
        Supplier<List<Procfs.Task>> newEngineThreads = () -> engineThreads(self).stream()
                .filter(thread -> !threadsBefore.contains(thread.id()))
                .toList();
        Config config = PlaygroundTestBase.testConfig(Map.of("playground.limits.time", NO_DEADLINE));
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .update(builder -> Main.setUp(builder, config))
                .port(0)
                .shutdownGracePeriod(Duration.ofSeconds(1))
                .shutdownHook(false)
                .build()
                .start();

        Supplier<List<Procfs.ProcessStat>> started = () -> Procfs.descendants(self).stream()
                .filter(process -> !processesBefore.contains(process.pid()))
                .toList();
        try {
            Http http = new Http(URI.create("http://127.0.0.1:" + server.port() + "/"));
            List<CompletableFuture<Http.Response>> runs = List.of(http.runAsync(FOREGROUND, ""),
                    http.runAsync(BACKGROUND, ""));
            Procfs.ProcessStat background = awaitSleeping(self, started);
            // Every slot's thread, started with the engine whether a run needs it yet or not, and the watchdog.
            List<String> engineThreads = new ArrayList<>(List.of("awk-watchdog"));
            for (int slot = 1; slot <= PlaygroundConfig.create(config.get("playground")).limits().concurrentRuns(); slot++) {
                engineThreads.add("awk-run-" + slot);
            }
            assertThat(newEngineThreads.get().stream().map(Procfs.Task::name).toList(),
                    containsInAnyOrder(engineThreads.toArray()));

            server.stop();

            awaitAnswered(runs);
            await("engine threads", newEngineThreads);
            await("the command left in the background", () -> running(background));
            await("every process the runs started, zombies included", started);
        } finally {
            server.stop();
            killRunning(started.get());
        }
    }

    @Test
    void sigtermEndsTheServicesRunsAndTheirBackgroundCommand() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of(),
                Map.of("playground.limits.time", NO_DEADLINE, "server.shutdown-grace-period", "PT1S"))) {
            Http http = new Http(service.uri());
            List<CompletableFuture<Http.Response>> runs = List.of(http.runAsync(FOREGROUND, ""),
                    http.runAsync(BACKGROUND, ""));
            Procfs.ProcessStat background = awaitSleeping(service.pid(), () -> Procfs.descendants(service.pid()));
            List<Procfs.ProcessStat> started = Procfs.descendants(service.pid());
            try {
                // 143 is 128 + SIGTERM: the JVM ran its shutdown hooks, Helidon's among them, and exited.
                assertThat(service.terminate(), is(143));

                awaitAnswered(runs);
                // Had it outlived the service, it would now run on as another process's child.
                await("the command left in the background", () -> running(background));
            } finally {
                killRunning(started);
            }
        }
    }

    private static List<Procfs.Task> engineThreads(long pid) {
        return Procfs.threads(pid).stream()
                .filter(thread -> thread.name().startsWith("awk-run-") || thread.name().equals("awk-watchdog"))
                .toList();
    }

    /** Every request ends, answered or cut off with its connection. */
    private static void awaitAnswered(List<CompletableFuture<Http.Response>> runs) throws Exception {
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .handle((answered, failed) -> answered)
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** What this test started and the engine did not end must not run on into the tests after it. */
    private static void killRunning(List<Procfs.ProcessStat> processes) {
        processes.stream()
                .filter(Procfs.ProcessStat::running)
                .forEach(process -> ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static List<Procfs.ProcessStat> running(Procfs.ProcessStat process) {
        return process.running() ? List.of(process) : List.of();
    }

    /**
     * Waits until the runs' three sleep commands run, and returns the one left in the background: its shell has
     * exited, so it is now the server process's own child.
     */
    private static Procfs.ProcessStat awaitSleeping(long server, Supplier<List<Procfs.ProcessStat>> processes)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<Procfs.ProcessStat> sleeping = List.of();
        while (System.nanoTime() < deadline) {
            sleeping = processes.get().stream()
                    .filter(process -> process.name().equals("sleep") && process.state() != 'Z')
                    .toList();
            List<Procfs.ProcessStat> background = sleeping.stream()
                    .filter(process -> process.parent() == server)
                    .toList();
            if (sleeping.size() == 3 && background.size() == 1) {
                return background.getFirst();
            }
            Thread.sleep(50);
        }
        assertThat("sleep commands running", sleeping, hasSize(3));
        throw new AssertionError("no sleep command was left in the background: " + sleeping);
    }

    /** Waits for what is left to be nothing, and fails naming what is still there. */
    private static void await(String what, Supplier<? extends List<?>> left) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<?> now = left.get();
        while (!now.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = left.get();
        }
        assertThat(what + " left after the stop", now, is(empty()));
    }
}
