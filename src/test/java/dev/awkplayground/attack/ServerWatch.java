package dev.awkplayground.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.awkplayground.Http;
import dev.awkplayground.Procfs;

/**
 * What a server process holds, read from /proc as an operator would: open files and pipes, open sockets, threads,
 * child processes (zombies included) and the heap peaks in its GC log. Compared before and after an attack, it shows
 * whether a request left something behind.
 */
final class ServerWatch {
    // SerialGC's lines: "GC(12) Pause Young (Allocation Failure) 61M->20M(190M) 4.211ms".
    private static final Pattern GC_LINE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final long pid;
    private final Path gcLog;

    ServerWatch(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    /** What the server holds at one moment. */
    record Holdings(int files, int sockets, List<String> threads, List<String> children) {
        /** True when nothing is held beyond a baseline; sockets may vary by the test client's connections. */
        boolean within(Holdings baseline, int socketSlack) {
            return files <= baseline.files && sockets <= baseline.sockets + socketSlack
                    && threads.size() <= baseline.threads.size() && children.isEmpty();
        }
    }

    Holdings now() {
        int files = 0;
        int sockets = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    } else {
                        files++;
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the server process is gone", e);
        }
        return new Holdings(files, sockets, threads(), descendants());
    }

    /**
     * Waits until the server holds no more than the baseline, and fails with what it still holds otherwise.
     */
    Holdings awaitBaseline(Holdings baseline, int socketSlack, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Holdings now = now();
        while (!now.within(baseline, socketSlack)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server still holds more than its baseline after " + seconds + " s: "
                        + now + ", baseline " + baseline);
            }
            Thread.sleep(100);
            now = now();
        }
        return now;
    }

    /**
     * Platform threads, without those the JDK grows and shrinks on its own: process reapers, which idle for a minute
     * after the commands they waited for, and the carriers of virtual threads.
     */
    private List<String> threads() {
        return Procfs.threads(pid).stream()
                .map(Procfs.Task::name)
                .filter(name -> !name.equals("process reaper") && !name.startsWith("ForkJoinPool"))
                .sorted()
                .toList();
    }

    /** Every process below the server, zombies included, as "pid state command". */
    List<String> descendants() {
        return Procfs.descendants(pid).stream().map(Procfs.ProcessStat::toString).toList();
    }

    /**
     * The heap's high-water marks from the GC log, in MiB: the most in use when a collection started (garbage
     * included), and the most still in use after a full collection (what the service really held; a young
     * collection leaves the old generation's garbage in place).
     */
    record HeapPeaks(long beforeCollection, long afterFullCollection) {
    }

    HeapPeaks heapPeaks() throws IOException {
        long before = 0;
        long after = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    before = Math.max(before, Long.parseLong(m.group(1)));
                    if (line.contains("Pause Full")) {
                        after = Math.max(after, Long.parseLong(m.group(2)));
                    }
                }
            }
        }
        return new HeapPeaks(before, after);
    }

    /**
     * Polls liveness and readiness until stopped, counting answers that are not 2xx: the server must keep answering
     * health checks while a hostile request runs.
     */
    static final class HealthPoller implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger answered = new AtomicInteger();
        private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;

        HealthPoller(Http http) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    for (String path : new String[] {"observe/health/live", "observe/health/ready"}) {
                        try {
                            int status = http.get(path).status();
                            answered.incrementAndGet();
                            if (status / 100 != 2) {
                                failures.add(path + " " + status);
                            }
                        } catch (RuntimeException e) {
                            failures.add(path + " " + e);
                        }
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        int answered() {
            return answered.get();
        }

        List<String> failures() {
            return failures;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
