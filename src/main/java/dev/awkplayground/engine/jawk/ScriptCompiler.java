package dev.awkplayground.engine.jawk;

import java.io.IOException;
import java.util.LinkedHashMap;

import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.Sandbox;
import dev.awkplayground.engine.ScriptRejectedException;
import org.metricshub.jawk.Awk;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.util.AwkSettings;

/**
 * Compiles scripts with jawk for one mode and keeps the most recently used ones, so a script sent again is not
 * parsed again. Compiled scripts are immutable once built and shared by concurrent runs.
 * <p>
 * The cache is bounded by entries and by the memory its compiled scripts hold, estimated from their instructions:
 * jawk's tuples take about 180 bytes per character of script (measured: 10 MB for 56,000 characters of
 * {@code a[1]=b[2]c[3];}), so a budget counted in characters, as this once was, let a client fill the heap with a
 * few dozen distinct large scripts.
 */
final class ScriptCompiler {
    static final long MAX_CACHED_BYTES = 16L << 20;
    /** A jawk tuple with its five small arrays, as measured on a 64-bit JVM with compressed references. */
    private static final long BYTES_PER_TUPLE = 256;

    private final Mode mode;
    private final int maxEntries;
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedBytes;
    private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();

    private record Cached(AwkTuples tuples, long bytes) {
    }

    ScriptCompiler(Mode mode, int maxEntries) {
        this.mode = mode;
        this.maxEntries = maxEntries;
    }

    /**
     * Returns the compiled form of a script, compiling it on first use.
     *
     * @throws ScriptRejectedException when the script does not compile or the mode forbids what it uses
     */
    AwkTuples compile(String script) {
        synchronized (cache) {
            Cached cached = cache.get(script);
            if (cached != null) {
                hits.increment();
                return cached.tuples();
            }
        }
        AwkTuples tuples = compileUncached(script);
        long bytes = JawkState.tupleCount(tuples) * BYTES_PER_TUPLE + 2L * script.length();
        synchronized (cache) {
            if (maxEntries > 0 && bytes <= MAX_CACHED_BYTES && cache.putIfAbsent(script, new Cached(tuples, bytes)) == null) {
                cachedBytes += bytes;
                var eldest = cache.values().iterator();
                while (cache.size() > maxEntries || cachedBytes > MAX_CACHED_BYTES) {
                    cachedBytes -= eldest.next().bytes();
                    eldest.remove();
                }
            }
        }
        return tuples;
    }

    /** An {@link Awk} that builds this mode's tuples and interpreters; cheap, and one per use since jawk's is not thread-safe. */
    Awk newAwk() {
        return new Awk() {
            @Override
            protected AwkTuples createTuples() {
                return mode == Mode.SANDBOXED ? new GuardedTuples.Sandboxed() : new GuardedTuples();
            }

            @Override
            protected AVM createAvm(AwkSettings settings) {
                return new PlaygroundAvm(settings);
            }
        };
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** How many compilations the cache saved. */
    long hits() {
        return hits.sum();
    }

    /** The estimated bytes the cached scripts hold. */
    long cachedBytes() {
        synchronized (cache) {
            return cachedBytes;
        }
    }

    private AwkTuples compileUncached(String script) {
        AwkTuples tuples;
        try {
            tuples = newAwk().compile(script);
        } catch (Sandbox.Refusal e) {
            throw new ScriptRejectedException(e);
        } catch (IOException | RuntimeException e) {
            throw rejected(ParserMessages.translate(script, e.getMessage()));
        } catch (StackOverflowError e) {
            throw rejected(new ParserMessages.Translation("the script is nested too deeply to compile", null, null));
        }
        ParserMessages.Translation badRegex = ParserMessages.invalidRegularExpression(script, tuples);
        if (badRegex != null) {
            throw rejected(badRegex);
        }
        return tuples;
    }

    private static ScriptRejectedException rejected(ParserMessages.Translation plain) {
        return new ScriptRejectedException(ScriptRejectedException.Reason.SYNTAX, plain.message(), plain.line(),
                plain.parserMessage());
    }
}
