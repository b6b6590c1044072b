package dev.awkplayground.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * The last line of defence against an OutOfMemoryError, which ends the service (the image exits on one): it does not
 * trust the runs' estimates of their memory, but the heap itself. After every collection the JVM compares the
 * old generation's live data with a threshold ({@value #THRESHOLD_PERCENT}% of it, set here through the memory pools'
 * collection-usage thresholds); when a collection leaves more, the JVM notifies, and the engine stops its largest run.
 * Until a collection leaves less again, {@link #underPressure()} is true and the engine refuses new runs.
 */
final class HeapWatch implements AutoCloseable {
    static final int THRESHOLD_PERCENT = 70;

    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final List<Long> previousThresholds = new ArrayList<>();
    private final NotificationEmitter emitter =
            (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    private final NotificationListener listener;
    private volatile long lastCollectionRequest;

    /**
     * @param threshold from a pool's maximum size to its threshold (tests set one just above what the heap holds)
     * @param onPressure called on the JVM's notification thread when a collection left a pool above its threshold
     */
    HeapWatch(LongUnaryOperator threshold, Runnable onPressure) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            // The pools that hold long-lived data (Tenured Gen, G1 Old Gen) are the ones with a usage threshold;
            // eden and survivor spaces are emptied or full by design after a collection.
            if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()
                    && pool.isCollectionUsageThresholdSupported() && pool.getUsage().getMax() > 0) {
                previousThresholds.add(pool.getCollectionUsageThreshold());
                pool.setCollectionUsageThreshold(threshold.applyAsLong(pool.getUsage().getMax()));
                pools.add(pool);
            }
        }
        listener = (Notification notification, Object handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                onPressure.run();
            }
        };
        emitter.addNotificationListener(listener, null, null);
    }

    /** A watch at {@value #THRESHOLD_PERCENT}% of the old generation. */
    static HeapWatch ofHeap(Runnable onPressure) {
        return new HeapWatch(max -> max / 100 * THRESHOLD_PERCENT, onPressure);
    }

    /**
     * Whether the last collection left a pool above its threshold. The data of a stopped run are garbage only until
     * the next collection, which an idle server may not make for a long time: so when the answer is yes, a collection
     * is asked for (at most four times a second) and the pools are read again.
     */
    boolean underPressure() {
        if (!aboveThreshold()) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastCollectionRequest > 250_000_000L) {
            lastCollectionRequest = now;
            System.gc();
        }
        return aboveThreshold();
    }

    /** What the old generation held after its last collection, and its threshold, for a message. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (MemoryPoolMXBean pool : pools) {
            text.append(text.isEmpty() ? "" : ", ").append(pool.getName()).append(": ")
                    .append(RunGuard.mebibytes(pool.getCollectionUsage().getUsed())).append(" in use after a collection, ")
                    .append(RunGuard.mebibytes(pool.getCollectionUsageThreshold())).append(" allowed");
        }
        return text.toString();
    }

    private boolean aboveThreshold() {
        for (MemoryPoolMXBean pool : pools) {
            if (pool.getCollectionUsage().getUsed() >= pool.getCollectionUsageThreshold()) {
                return true;
            }
        }
        return false;
    }

    /** Stops listening, and gives the pools back the thresholds they had (the JVM has one per pool, not per watch). */
    @Override
    public void close() {
        for (int i = 0; i < pools.size(); i++) {
            pools.get(i).setCollectionUsageThreshold(previousThresholds.get(i));
        }
        try {
            emitter.removeNotificationListener(listener);
        } catch (ListenerNotFoundException ignored) {
            // already removed
        }
    }
}
