package dev.awkplayground.engine.jawk;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricshub.jawk.jrt.AssocArray;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The run's memory estimate ({@code JawkState.sizeOf}) against the heap itself: each kind of value a script can pile
 * up is built as jawk holds it, and the heap is measured after a full collection before and after. The estimate may
 * count more than the heap holds (a value two variables share is counted twice), never much less: two runs each
 * within their estimated limit must fit the heap.
 */
class HeldBytesTest {
    private static final int ELEMENTS = 400_000;

    record Kind(String name, Supplier<Object> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("split(s, a, \"\"): one-character strings under number keys", () -> {
                    AssocArray array = new AssocArray(false);
                    String text = "x".repeat(ELEMENTS);
                    for (int i = 0; i < ELEMENTS; i++) {
                        array.put(i + 1L, String.valueOf(text.charAt(i)));
                    }
                    return array;
                }),
                new Kind("Latin-1 strings of 100 characters", () -> {
                    AssocArray array = new AssocArray(false);
                    for (int i = 0; i < ELEMENTS / 4; i++) {
                        array.put(i + 1L, ("y".repeat(100) + i).substring(0, 100));
                    }
                    return array;
                }),
                new Kind("UTF-16 strings (one character past U+00FF makes every character two bytes)", () -> {
                    AssocArray array = new AssocArray(false);
                    for (int i = 0; i < 200; i++) {
                        array.put((long) i, ("\u20ac".repeat(100_000) + i));
                    }
                    return array;
                }),
                new Kind("numbers under number keys", () -> {
                    AssocArray array = new AssocArray(false);
                    for (int i = 0; i < ELEMENTS; i++) {
                        array.put(i + 1000L, (Object) Double.valueOf(i + 0.5));
                    }
                    return array;
                }),
                new Kind("short strings under string keys", () -> {
                    AssocArray array = new AssocArray(false);
                    for (int i = 0; i < ELEMENTS / 2; i++) {
                        array.put("key" + i, "v" + i);
                    }
                    return array;
                }),
                new Kind("Latin-1 strings of 100,000 characters", () -> {
                    AssocArray array = new AssocArray(false);
                    for (int i = 0; i < 200; i++) {
                        array.put((long) i, ("z".repeat(100_000) + i));
                    }
                    return array;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theEstimateIsNeverBelowWhatTheHeapHolds(Kind kind) {
        long before = heapAfterFullCollection();
        Object value = kind.build().get();
        long held = heapAfterFullCollection() - before;
        long estimate = JawkState.sizeOf(value);
        System.out.printf("%s: heap %,d bytes, estimate %,d bytes (%.2fx)%n", kind, held, estimate,
                estimate / (double) held);
        assertThat(kind + ": estimate " + estimate + " for " + held + " on the heap", estimate,
                greaterThanOrEqualTo(held * 95 / 100));
        assertThat(kind + ": estimate " + estimate + " for " + held + " on the heap", estimate,
                lessThanOrEqualTo(held * 2));
        java.lang.ref.Reference.reachabilityFence(value);
    }

    private static long heapAfterFullCollection() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
