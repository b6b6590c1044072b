package dev.awkplayground.engine.jawk;

import dev.awkplayground.engine.ScriptRejectedException;
import dev.awkplayground.engine.Sandbox;
import java.io.IOException;
import java.util.LinkedHashMap;

import dev.awkplayground.config.Mode;
import org.metricshub.jawk.Awk;
import org.metricshub.jawk.backend.AVM;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.util.AwkSettings;

/**
 * Compiles scripts with jawk for one mode and keeps the most recently used ones, so a script sent again is not
 * parsed again. Compiled scripts are immutable once built and shared by concurrent runs.
 */
final class ScriptCompiler {
    private static final long MAX_CACHED_CHARACTERS = 4L << 20;

    private final Mode mode;
    private final int maxEntries;
    private final LinkedHashMap<String, AwkTuples> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedCharacters;

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
            AwkTuples cached = cache.get(script);
            if (cached != null) {
                return cached;
            }
        }
        AwkTuples tuples = compileUncached(script);
        synchronized (cache) {
            if (maxEntries > 0 && cache.putIfAbsent(script, tuples) == null) {
                cachedCharacters += script.length();
                var eldest = cache.entrySet().iterator();
                while (cache.size() > maxEntries || cachedCharacters > MAX_CACHED_CHARACTERS) {
                    cachedCharacters -= eldest.next().getKey().length();
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

    private AwkTuples compileUncached(String script) {
        AwkTuples tuples;
        try {
            tuples = newAwk().compile(script);
        } catch (Sandbox.Refusal e) {
            throw new ScriptRejectedException(ScriptRejectedException.Reason.REFUSED, e.getMessage(), null);
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
