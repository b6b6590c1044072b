package dev.awkplayground.engine.jawk;

import dev.awkplayground.config.Mode;
import org.junit.jupiter.api.Test;
import org.metricshub.jawk.intermediate.AwkTuples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

/**
 * The adapter's own bookkeeping: the compiled-script cache and the stepping back of error lines.
 */
class ScriptCompilerTest {
    @Test
    void aScriptIsCompiledOnceAndTheCacheIsBounded() {
        ScriptCompiler compiler = new ScriptCompiler(Mode.VULNERABLE, 2);
        AwkTuples first = compiler.compile("{print $1}");
        assertThat(compiler.compile("{print $1}"), sameInstance(first));
        compiler.compile("{print $2}");
        compiler.compile("{print $3}");
        assertThat(compiler.size(), is(2));
        assertThat(compiler.compile("{print $1}"), not(sameInstance(first)));
    }

    /** A client sending many distinct large scripts must not fill the heap through the cache. */
    @Test
    void theCacheHoldsAtMostItsMemoryBudget() {
        ScriptCompiler compiler = new ScriptCompiler(Mode.VULNERABLE, 256);
        String large = "BEGIN { " + "a[1] = b[2] c[3]; ".repeat(3_000) + "}";
        for (int i = 0; i < 40; i++) {
            compiler.compile(large + " # " + i);
        }
        assertThat(compiler.cachedBytes() <= ScriptCompiler.MAX_CACHED_BYTES, is(true));
        assertThat(compiler.size() < 40, is(true));
        assertThat(compiler.size() > 0, is(true));
    }

    @Test
    void errorLinesPointAtTheStatementNotPastIt() {
        assertThat(JawkInterpreter.statementLine("BEGIN { x = 1 / 0 }", 2), is(1));
        assertThat(JawkInterpreter.statementLine("BEGIN {\n x = 1\n y = x / 0\n}\n", 4), is(3));
        assertThat(JawkInterpreter.statementLine("BEGIN {\n y = 0 / 0 # why\n\n  }", 4), is(2));
    }
}
