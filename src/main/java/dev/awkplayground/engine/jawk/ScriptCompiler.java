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
        return new Awk(new PosixFunctions()) {
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
        int nul = script.indexOf('\0');
        if (nul >= 0) {
            // As gawk: "invalid character '\000' in source code". jawk would report an unclosed string.
            int line = (int) script.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            throw rejected(new ParserMessages.Translation("line " + line + ": the script holds a NUL character "
                    + "(code 0), which AWK does not accept in a program", line, null));
        }
        AwkTuples tuples;
        String rewritten;
        try {
            rewritten = SourceRewriter.rewrite(script);
        } catch (SourceRewriter.Rejected e) {
            throw rejected(new ParserMessages.Translation(e.getMessage(), e.line(), null));
        }
        try {
            // An empty program (or only comments and blank lines) does nothing in awk; jawk's parser fails on it.
            tuples = newAwk().compile(hasNoCode(rewritten) ? "BEGIN { }" : rewritten);
        } catch (Sandbox.Refusal e) {
            throw new ScriptRejectedException(e);
        } catch (IOException | RuntimeException | AssertionError e) {
            // An exception of jawk's parser that is not one of its messages (a failed assertion, a null) is said
            // in plain words too.
            ParserMessages.Translation plain = ParserMessages.translate(rewritten,
                    e.getMessage() == null ? JawkInterpreter.plainMessage(e) : e.getMessage());
            if (JawkInterpreter.namesJava(plain.message())) {
                plain = new ParserMessages.Translation(JawkInterpreter.plainMessage(e), plain.line(), e.getMessage());
            }
            throw rejected(plain);
        } catch (StackOverflowError e) {
            throw rejected(new ParserMessages.Translation("the script is nested too deeply to compile", null, null));
        }
        ParserMessages.Translation badRegex = ParserMessages.invalidRegularExpression(rewritten, tuples);
        if (badRegex != null) {
            throw rejected(badRegex);
        }
        return tuples;
    }

    /** Whether every line is blank or a comment. */
    private static boolean hasNoCode(String script) {
        return script.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    private static ScriptRejectedException rejected(ParserMessages.Translation plain) {
        return new ScriptRejectedException(ScriptRejectedException.Reason.SYNTAX, plain.message(), plain.line(),
                plain.parserMessage());
    }
}
