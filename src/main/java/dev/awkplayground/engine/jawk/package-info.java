/**
 * The engine's AWK: jawk 5.0.00 behind {@link dev.awkplayground.engine.Interpreter}. This is the only package that
 * imports jawk; a jawk upgrade, or another AWK, changes this package and no other.
 *
 * <h2>The call path</h2>
 * {@link dev.awkplayground.engine.jawk.JawkInterpreter} compiles through {@code ScriptCompiler} (an LRU of compiled
 * scripts; {@code ParserMessages} puts jawk's parser messages in plain words) into {@code GuardedTuples}, and runs
 * them with a {@code PlaygroundAvm}, jawk's interpreter, bound to the run through {@code JawkRun}. jawk asks its tuples
 * for a position tracker: {@code GuardedTuples} gives it a {@code GuardedPositionTracker}, which sees every instruction
 * before it runs. The interpreter creates its runtime through a factory method: {@code PlaygroundAvm} gives it a
 * {@code PlaygroundJrt}, which does every input and output. {@code JawkState} reads the private state of jawk that
 * the service needs (operand stack, variables, fields, offsets, the last compiled tuple), and fails at start-up if a
 * jawk upgrade renamed it.
 *
 * <h2>What is worked around, where, and the test of each</h2>
 * <table>
 *     <caption>jawk 5.0.00's gaps and the service's answers</caption>
 *     <tr><th>jawk 5.0.00</th><th>the service</th><th>class</th><th>test</th></tr>
 *     <tr><td>checks no deadline, memory or interrupt</td><td>checks both every 256 instructions</td>
 *         <td>GuardedPositionTracker, RunGuard</td><td>JawkWorkaroundsTest "deadline", "memory"</td></tr>
 *     <tr><td>builds any value in one step (CONVFMT, OFMT, printf widths, sub/gsub, $n, NF, split, concatenation,
 *         exec)</td><td>checks the size before the step allocates</td>
 *         <td>GuardedPositionTracker, PlaygroundAvm.getCONVFMT, PlaygroundJrt</td>
 *         <td>JawkWorkaroundsTest "one step: ..."</td></tr>
 *     <tr><td>formats printf, sprintf, OFMT and CONVFMT with printf4j and Java's Formatter: their grammar, not C's
 *         (flags {@code , ( <}, any width in one step), Java's rounding, {@code %c} and {@code %u} wrong, missing
 *         arguments printed as {@code %d}; prints strings that look numeric as numbers</td>
 *         <td>formats them itself by gawk's grammar, each length checked before it is built; prints strings as they
 *         are</td><td>GuardedPositionTracker, AwkFormat, PlaygroundAvm.getCONVFMT</td>
 *         <td>JawkWorkaroundsTest "printf: ...", "one step: ..."</td></tr>
 *     <tr><td>yields infinity for a division by zero</td><td>AWK's error</td><td>GuardedPositionTracker</td>
 *         <td>JawkWorkaroundsTest "division by zero", "modulo by zero"</td></tr>
 *     <tr><td>copies the whole environment into ENVIRON, an exception per variable, on every run</td>
 *         <td>only for scripts that name it; never in sandboxed mode</td><td>GuardedPositionTracker, JawkInterpreter</td>
 *         <td>SandboxRulesTest "ENVIRON is empty"</td></tr>
 *     <tr><td>numbers an error with a line past the statement</td><td>steps back over braces and blank lines</td>
 *         <td>JawkInterpreter.statementLine</td><td>JawkWorkaroundsTest.errorLinesPointAtTheStatement</td></tr>
 *     <tr><td>parser messages name tokens ("Expecting an Token.ID")</td><td>plain words at the right line</td>
 *         <td>ParserMessages</td><td>ParserMessagesTest</td></tr>
 *     <tr><td>opens ARGV's files itself, never closes them, and reads them in both its modes</td>
 *         <td>the main input reimplemented: one file open at a time, refused in sandboxed mode</td>
 *         <td>PlaygroundJrt.consumeInput</td><td>JawkWorkaroundsTest.argvFilesAreReadInOrder, SandboxRulesTest</td></tr>
 *     <tr><td>counts FNR only for files; counts NR for getline from files and commands</td><td>as awk</td>
 *         <td>PlaygroundJrt</td><td>JawkWorkaroundsTest "FNR counts", "getline from a command leaves NR"</td></tr>
 *     <tr><td>copies system()'s output on a thread it does not wait for (lost or late)</td>
 *         <td>copies on the script's thread, in order</td><td>PlaygroundJrt.jrtSystem</td>
 *         <td>JawkWorkaroundsTest "system()'s output"</td></tr>
 *     <tr><td>sends commands' stderr to the server's</td><td>to the run's stderr</td><td>PlaygroundJrt</td>
 *         <td>JawkWorkaroundsTest "commands' stderr"</td></tr>
 *     <tr><td>reads records with unbounded buffers and uninterruptible regular expressions; a one-character RS is a
 *         regular expression</td><td>RecordReader: bounded, deadline-checked, a one-character RS literal</td>
 *         <td>PlaygroundJrt, RecordReader</td><td>JawkWorkaroundsTest "a record without a separator", "RS"</td></tr>
 *     <tr><td>matches ~, match(), split() and FS uninterruptibly, compiling patterns again and again</td>
 *         <td>runs those instructions itself over deadline-checked text, patterns cached and at most 16 Ki
 *         characters</td><td>GuardedPositionTracker, Regexes</td>
 *         <td>JawkWorkaroundsTest "~", "match()", "split()", "a regular expression built at run time"</td></tr>
 *     <tr><td>nests exec() on the Java stack without bound</td><td>at most 16 deep</td><td>PlaygroundAvm</td>
 *         <td>JawkWorkaroundsTest.execNestsAtMostSixteenDeep</td></tr>
 *     <tr><td>waits for a failed run's commands to exit</td><td>kills them</td><td>PlaygroundAvm.waitForIO</td>
 *         <td>JawkWorkaroundsTest "after a failure"</td></tr>
 *     <tr><td>its sandbox leaves the main input and ENVIRON open, and refuses /dev/stderr</td>
 *         <td>one gate for every path, in both modes</td><td>GuardedTuples.Sandboxed, PlaygroundJrt, Sandbox</td>
 *         <td>SandboxRulesTest</td></tr>
 *     <tr><td>wraps every runtime exception in its own, a refusal included</td>
 *         <td>finds a refusal in the causes and answers 422</td><td>JawkInterpreter.refusal</td>
 *         <td>SandboxRulesTest "a file operand in ARGV"</td></tr>
 *     <tr><td>sub() and gsub() use String.replaceAll, uninterruptibly</td><td>runs them itself, as jawk would,
 *         over deadline-checked text, the result checked first</td><td>GuardedPositionTracker, Regexes</td>
 *         <td>JawkWorkaroundsTest "gsub() stops", "sub() on a variable stops", "gsub() replaces in $0, ..."</td></tr>
 *     <tr><td>index() uses String.indexOf, quadratic and uninterruptible</td><td>long searches by rolling hash,
 *         checking the deadline</td><td>GuardedPositionTracker, Regexes.indexOf</td>
 *         <td>JawkWorkaroundsTest "index() ..."</td></tr>
 * </table>
 */
package dev.awkplayground.engine.jawk;
