package dev.awkplayground.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What all runs in progress hold together, against a share of the JVM's heap. Each run is held to the memory limit on
 * its own; with several at their limit at once, and the server's own needs besides, the heap could still run out, and
 * an OutOfMemoryError ends the whole service (the image exits on one: src/main/jvm/image.options). So a run that
 * would take the runs' total over {@value #HEAP_SHARE_PERCENT}% of the maximum heap is stopped with
 * {@code memory-limit}, as if it had reached its own limit.
 */
final class SharedMemory {
    static final int HEAP_SHARE_PERCENT = 60;

    private final long limit;
    private final Map<RunGuard, Long> held = new ConcurrentHashMap<>();

    SharedMemory(long limit) {
        this.limit = limit;
    }

    /** The share of this JVM's maximum heap that runs may hold together. */
    static SharedMemory ofHeap() {
        return new SharedMemory(Runtime.getRuntime().maxMemory() / 100 * HEAP_SHARE_PERCENT);
    }

    long limit() {
        return limit;
    }

    /** Records what a run holds now. */
    void hold(RunGuard run, long bytes) {
        held.put(run, bytes);
    }

    /** What the other runs hold, as they last measured it. */
    long heldByOthers(RunGuard run) {
        long total = 0;
        for (Map.Entry<RunGuard, Long> entry : held.entrySet()) {
            if (entry.getKey() != run) {
                total += entry.getValue();
            }
        }
        return total;
    }

    void release(RunGuard run) {
        held.remove(run);
    }
}
