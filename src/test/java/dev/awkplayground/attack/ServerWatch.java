package dev.awkplayground.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.awkplayground.Http;

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
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (!name.equals("process reaper") && !name.startsWith("ForkJoinPool")) {
                        names.add(name);
                    }
                } catch (IOException e) {
                    // ended while listed
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the server process is gone", e);
        }
        names.sort(null);
        return names;
    }

    /** Every process below the server, zombies included, as "pid state command". */
    List<String> descendants() {
        List<String> found = new ArrayList<>();
        List<Long> parents = new ArrayList<>(List.of(pid));
        List<String[]> all = allProcesses();
        while (!parents.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (String[] process : all) {
                if (parents.contains(Long.valueOf(process[1]))) {
                    found.add(process[0] + " " + process[2] + " " + process[3]);
                    next.add(Long.valueOf(process[0]));
                }
            }
            parents = next;
        }
        return found;
    }

    /** pid, parent pid, state and command of every process, from /proc/PID/stat. */
    private static List<String[]> allProcesses() {
        List<String[]> processes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).split(" ");
                    processes.add(new String[] {name, rest[1], rest[0], stat.substring(open + 1, close)});
                } catch (IOException | RuntimeException e) {
                    // ended while listed
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return processes;
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
