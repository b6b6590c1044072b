package dev.awkplayground.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Starts the commands of AWK scripts and makes sure none outlives its run, background processes included.
 * <p>
 * A command such as {@code sleep 60 &} leaves a process whose parent, the shell, exits at once. On Linux the service
 * makes itself a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}, which needs no privilege), so such orphans,
 * and double forks that leave their session, become children of the JVM instead of the host's init; as PID 1 in a
 * container it is their parent anyway. Every command is started with {@value #RUN_VARIABLE} naming its run in its
 * environment, which its descendants inherit. {@link #sweep(Predicate)} then finds the JVM's children that Java did
 * not start, kills those whose run has ended, with their descendants, and reaps them with {@code waitpid}, which the
 * JVM does only for processes it started. A command that empties its own environment ({@code env -i}) before it
 * detaches is not recognised as a run's; it is reaped once it exits.
 * <p>
 * Elsewhere (no {@code /proc}, no {@code prctl}) commands still run and their direct processes are still killed; the
 * service logs at start that background processes may outlive their run.
 */
public final class ChildProcesses {
    static final String RUN_VARIABLE = "AWK_PLAYGROUND_RUN";

    private static final System.Logger LOGGER = System.getLogger(ChildProcesses.class.getName());
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final long SELF = ProcessHandle.current().pid();
    private static final Set<Long> STARTED_BY_JAVA = ConcurrentHashMap.newKeySet();
    private static final Object STARTING = new Object();
    private static final MethodHandle WAITPID;
    private static final boolean TRACKED;
    // Whether a sweep may find something: a command started, or an orphan seen, since the last sweep found none.
    private static final LongAdder KILLED = new LongAdder();
    private static final LongAdder REAPED = new LongAdder();
    private static volatile boolean mayHaveOrphans;
    private static Set<Long> lastZombies = Set.of();

    static {
        MethodHandle waitpid = null;
        boolean tracked = false;
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MethodHandle prctl = linker.downcallHandle(libc.find("prctl").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                        Linker.Option.firstVariadicArg(1));
                waitpid = linker.downcallHandle(libc.find("waitpid").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_INT));
                tracked = (int) prctl.invokeExact(PR_SET_CHILD_SUBREAPER, 1L) == 0 || SELF == 1;
            } catch (Throwable e) {
                LOGGER.log(Level.DEBUG, "no prctl/waitpid through the FFM API", e);
            }
        }
        WAITPID = waitpid;
        TRACKED = tracked;
    }

    private ChildProcesses() {
    }

    /**
     * Whether processes left behind by commands are found and ended; false where the operating system offers no way.
     */
    static boolean tracked() {
        return TRACKED;
    }

    /** Starts a command for a run, marked with the run's name. */
    public static Process start(ProcessBuilder builder, String runId) throws IOException {
        builder.environment().put(RUN_VARIABLE, runId);
        mayHaveOrphans = true;
        synchronized (STARTING) {
            Process process = builder.start();
            long pid = process.pid();
            STARTED_BY_JAVA.add(pid);
            // Once Java has reaped it, what it left running or dead has been handed to the JVM: sweep again.
            process.onExit().thenRun(() -> {
                STARTED_BY_JAVA.remove(pid);
                mayHaveOrphans = true;
            });
            return process;
        }
    }

    /** Kills a process and every process below it. */
    public static void killTree(Process process) {
        killTree(process.toHandle());
    }

    private static void killTree(ProcessHandle process) {
        process.descendants().forEach(ChildProcesses::kill);
        kill(process);
    }

    private static void kill(ProcessHandle process) {
        if (process.destroyForcibly()) {
            KILLED.increment();
        }
    }

    /** @return processes killed so far: commands of stopped runs, what they left behind, and their descendants */
    public static long killed() {
        return KILLED.sum();
    }

    /** @return zombies reaped so far: orphans re-parented to the JVM that nothing else would wait for */
    public static long reaped() {
        return REAPED.sum();
    }

    /**
     * Ends the processes commands left behind: every child of the JVM that carries the name of a run that is no
     * longer going is killed with its descendants, and every child that has stayed a zombie since the previous sweep
     * is reaped. (Java reaps the processes it starts the instant they exit, so a zombie that lasts is an orphan.)
     * Children that carry no run's name are left alone: other code in the JVM, such as a test, may have started them.
     *
     * @param running whether a run, by name, is still going
     * @return how many processes were killed or reaped
     */
    static synchronized int sweep(Predicate<String> running) {
        if (!TRACKED || !mayHaveOrphans) {
            return 0;
        }
        int ended = 0;
        List<Long> candidates;
        synchronized (STARTING) {
            mayHaveOrphans = false;
            candidates = children().filter(pid -> !STARTED_BY_JAVA.contains(pid)).toList();
        }
        Set<Long> zombies = new HashSet<>();
        boolean runsLeftSome = false;
        for (long pid : candidates) {
            if (isZombie(pid)) {
                if (lastZombies.contains(pid)) {
                    reap(pid);
                    ended++;
                } else {
                    zombies.add(pid);
                }
                continue;
            }
            String run = runOf(pid);
            if (run != null && running.test(run)) {
                runsLeftSome = true;
            } else if (run != null) {
                ProcessHandle.of(pid).ifPresent(ChildProcesses::killTree);
                zombies.add(pid);
                ended++;
            }
        }
        lastZombies = zombies;
        if (runsLeftSome || !zombies.isEmpty() || !STARTED_BY_JAVA.isEmpty()) {
            mayHaveOrphans = true;
        }
        return ended;
    }

    /**
     * Ends what every run left, when the engine closes: kills the marked orphans and reaps the zombies, sweeping a few
     * times over a second or two, since killed processes and their children take a moment to become zombies and to be
     * handed to the JVM, and a zombie is reaped on the second sweep that sees it.
     */
    static void endAll() {
        for (int sweep = 0; sweep < 10 && TRACKED; sweep++) {
            mayHaveOrphans = true;
            if (sweep(run -> false) == 0 && lastZombies.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The JVM's own child processes, zombies included, read from /proc. */
    private static Stream<Long> children() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && Character.isDigit(name.charAt(0)))
                    .map(Long::valueOf)
                    .filter(pid -> parentOf(pid) == SELF)
                    .toList()
                    .stream();
        } catch (IOException | RuntimeException e) {
            return Stream.empty();
        }
    }

    /** Field 4 of /proc/PID/stat, after the command name in parentheses (which may itself hold spaces). */
    private static long parentOf(long pid) {
        String stat = stat(pid);
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        return fields.length > 1 ? Long.parseLong(fields[1]) : -1;
    }

    private static boolean isZombie(long pid) {
        String stat = stat(pid);
        int close = stat.lastIndexOf(')');
        return close >= 0 && stat.startsWith("Z", close + 2);
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The run named in a process's environment, or null when it has none (or it is gone). */
    private static String runOf(long pid) {
        try {
            byte[] environment = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            String prefix = RUN_VARIABLE + "=";
            for (String variable : new String(environment, StandardCharsets.ISO_8859_1).split("\0")) {
                if (variable.startsWith(prefix)) {
                    return variable.substring(prefix.length());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no longer readable
        }
        return null;
    }

    private static void reap(long pid) {
        try {
            int reaped = (int) WAITPID.invokeExact((int) pid, MemorySegment.NULL, WNOHANG);
            if (reaped == pid) {
                REAPED.increment();
            }
        } catch (Throwable e) {
            LOGGER.log(Level.DEBUG, "waitpid failed for " + pid, e);
        }
    }
}
