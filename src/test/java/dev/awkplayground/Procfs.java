package dev.awkplayground;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Linux's /proc says about processes, read as an operator would: a process's threads by name, and every process
 * below it, zombies included (which {@link ProcessHandle} does not show).
 */
public final class Procfs {
    private Procfs() {
    }

    /**
     * A process as its {@code /proc/PID/stat} shows it.
     *
     * @param pid       its id
     * @param parent    its parent's id
     * @param state     {@code R}, {@code S}, ..., {@code Z} for a zombie
     * @param name      its command's name (at most 15 characters)
     * @param startTime when it started, in clock ticks after boot: with the pid, it names one process even after the
     *                  pid is reused
     */
    public record ProcessStat(long pid, long parent, char state, String name, long startTime) {
        @Override
        public String toString() {
            return pid + " " + state + " " + name;
        }

        /** Whether this very process still runs: it is there (the pid not reused) and not a zombie. */
        public boolean running() {
            return read(Path.of("/proc", String.valueOf(pid)))
                    .filter(now -> now.startTime == startTime && now.state != 'Z')
                    .isPresent();
        }
    }

    /**
     * A thread of a process.
     *
     * @param id   its task id
     * @param name its name as Java set it, cut to 15 characters
     */
    public record Task(long id, String name) {
    }

    /** Every process below this one, children first, zombies included. */
    public static List<ProcessStat> descendants(long pid) {
        List<ProcessStat> all = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(entry -> read(entry).ifPresent(all::add));
        } catch (IOException e) {
            throw new AssertionError("/proc cannot be listed", e);
        }
        List<ProcessStat> found = new ArrayList<>();
        Set<Long> parents = Set.of(pid);
        while (!parents.isEmpty()) {
            Set<Long> above = parents;
            List<ProcessStat> next = all.stream().filter(process -> above.contains(process.parent())).toList();
            found.addAll(next);
            parents = Set.copyOf(next.stream().map(ProcessStat::pid).toList());
        }
        return found;
    }

    /** The threads of a process. */
    public static List<Task> threads(long pid) {
        List<Task> tasks = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : entries.toList()) {
                try {
                    tasks.add(new Task(Long.parseLong(task.getFileName().toString()),
                            Files.readString(task.resolve("comm")).strip()));
                } catch (IOException e) {
                    // ended while listed
                }
            }
        } catch (IOException e) {
            throw new AssertionError("process " + pid + " is gone", e);
        }
        return tasks;
    }

    /** Fields 1 to 4 and 22 of /proc/PID/stat; the name, in parentheses, may itself hold spaces and parentheses. */
    private static Optional<ProcessStat> read(Path entry) {
        try {
            String stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] rest = stat.substring(close + 2).split(" ");
            return Optional.of(new ProcessStat(Long.parseLong(stat.substring(0, open).strip()),
                    Long.parseLong(rest[1]), rest[0].charAt(0), stat.substring(open + 1, close),
                    Long.parseLong(rest[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // ended while listed
        }
    }
}
