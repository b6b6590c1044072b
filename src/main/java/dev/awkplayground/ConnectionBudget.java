package dev.awkplayground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.awkplayground.engine.RunGuard;

/**
 * How many TCP connections the listener may hold, so that connections alone can never use up the process's file
 * descriptors. When {@code accept} fails for want of a descriptor, Helidon 4.5 closes the listener for good ("this server
 * socket is terminating now"); with a bound, further connections wait in the kernel's backlog instead, and cost the
 * process nothing. The bound is what the descriptor limit leaves after what is open at start (mostly the class path's
 * jars) and what the runs may open at once (their files and their commands' pipes), with a margin for the server.
 */
final class ConnectionBudget {
    /** Descriptors kept for the server itself: its selectors, log files, the JDK's own, a probe of the listener. */
    static final int MARGIN = 128;
    /** A command holds three pipes (its standard input, output and error); a file, one. */
    static final int DESCRIPTORS_PER_STREAM = 3;
    static final int LEAST = 16;

    private ConnectionBudget() {
    }

    /**
     * @param concurrentRuns runs that may execute at once
     * @return the most connections to hold, or empty where the descriptor limit cannot be read or is unlimited
     */
    static OptionalLong maxConnections(int concurrentRuns) {
        OptionalLong limit = descriptorLimit();
        if (limit.isEmpty()) {
            return OptionalLong.empty();
        }
        long runs = (long) concurrentRuns * RunGuard.MAX_OPEN_STREAMS * DESCRIPTORS_PER_STREAM;
        return OptionalLong.of(Math.max(LEAST, limit.getAsLong() - openDescriptors() - runs - MARGIN));
    }

    /** The soft limit on open files, from /proc/self/limits ("Max open files  1024  1024  files"). */
    static OptionalLong descriptorLimit() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.substring("Max open files".length()).strip().split("\\s+")[0])
                    .filter(soft -> soft.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the margin of descriptors is free, enough to start a server; true where it cannot be told. */
    static boolean descriptorsFree() {
        OptionalLong limit = descriptorLimit();
        return limit.isEmpty() || openDescriptors() + MARGIN <= limit.getAsLong();
    }

    private static long openDescriptors() {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
