package dev.awkplayground.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.awkplayground.config.PlaygroundConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The last line of defence (HeapWatch) does not trust the runs' estimates: a run whose data the estimate cannot see
 * at all is stopped once a collection leaves the heap above the threshold, and new runs are refused while the heap
 * stays there. The threshold is set a little above what this JVM's heap holds now, so that the test's data cross it.
 */
class HeapWatchTest {
    private static final String HOARD = "hoard";
    private static final int MEBIBYTES = 160;

    /** jawk, except that the script "hoard" piles up data no estimate sees, then works on until stopped. */
    private static final class HoardingInterpreter extends JawkExceptOneScript {
        private final CountDownLatch hoarded = new CountDownLatch(1);
        private volatile List<byte[]> hoard = new ArrayList<>();

        HoardingInterpreter() {
            super(HOARD);
        }

        @Override
        Ending runTheScript(RunGuard guard) {
            for (int i = 0; i < MEBIBYTES; i++) {
                hoard.add(new byte[1 << 20]);
            }
            hoarded.countDown();
            try {
                while (true) {
                    guard.checkTime();
                    Thread.onSpinWait();
                }
            } catch (RunStoppedException e) {
                return Ending.completed(0);
            }
        }
    }

    @Test
    void aRunTheEstimateCannotSeeIsStoppedAndNewRunsWaitForTheHeap() throws Exception {
        HoardingInterpreter interpreter = new HoardingInterpreter();
        Config config = Config.just(ConfigSources.create(Map.of(
                "limits.time", "10m", "limits.concurrent-runs", "2", "limits.queue-wait", "100ms")));
        long oldNow = oldGenerationAfterCollection();
        try (AwkEngine engine = new AwkEngine(PlaygroundConfig.create(config), interpreter,
                max -> Math.min(max - 1, oldNow + (MEBIBYTES / 2 << 20)))) {
            CompletableFuture<RunResult> hoarding = CompletableFuture.supplyAsync(
                    () -> engine.run(RunRequest.of(HOARD, "")));
            assertThat(interpreter.hoarded.await(5, TimeUnit.MINUTES), is(true));
            System.gc();

            RunResult stopped = hoarding.get(5, TimeUnit.MINUTES);
            assertThat(stopped.outcome(), is(Outcome.MEMORY_LIMIT));
            assertThat(stopped.error(), containsString("memory was nearly full after a collection"));

            // The hoard outlives its run here (a leak the estimate cannot see): new runs are refused meanwhile.
            OverloadedException refused = assertThrows(OverloadedException.class,
                    () -> engine.run(RunRequest.of("BEGIN { print 1 }", "")));
            assertThat(refused.getMessage(), containsString("memory is nearly full"));

            interpreter.hoard = new ArrayList<>();
            RunResult served = awaitServed(engine);
            assertThat(served.output(), is("1\n"));
        }
    }

    private static RunResult awaitServed(AwkEngine engine) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return engine.run(RunRequest.of("BEGIN { print 1 }", ""));
            } catch (OverloadedException e) {
                if (attempt > 600) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long oldGenerationAfterCollection() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.isUsageThresholdSupported() && pool.isCollectionUsageThresholdSupported()) {
                used = Math.max(used, pool.getCollectionUsage().getUsed());
            }
        }
        return used;
    }
}
