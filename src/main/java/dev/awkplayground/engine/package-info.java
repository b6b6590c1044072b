/**
 * Runs AWK scripts within limits, knowing nothing of the AWK implementation.
 *
 * <h2>Public types</h2>
 * <ul>
 *     <li>{@link dev.awkplayground.engine.AwkEngine}: admission (a slot per run, a queue wait), the run threads, the
 *     deadline watchdog, and what runs leave behind; {@code run(RunRequest)} answers a
 *     {@link dev.awkplayground.engine.RunResult} with an {@link dev.awkplayground.engine.Outcome}, or throws
 *     {@link dev.awkplayground.engine.InvalidRunRequestException} (a field over its limit, 413),
 *     {@link dev.awkplayground.engine.ScriptRejectedException} (does not compile, or refused: 422) or
 *     {@link dev.awkplayground.engine.OverloadedException} (no slot: 503).</li>
 *     <li>{@link dev.awkplayground.engine.Interpreter}: the seam. {@code engine/jawk} implements it, and is the only
 *     package that imports jawk.</li>
 *     <li>{@link dev.awkplayground.engine.RunGuard}: one run's limits and everything it owns, called back from inside
 *     the interpreter; with the helpers it uses: {@link dev.awkplayground.engine.Sandbox} (the one gate to processes,
 *     files and the environment), {@link dev.awkplayground.engine.Regexes} (bounded, deadline-checked regular
 *     expressions and field splitting, as awk splits), {@link dev.awkplayground.engine.AwkRegex} (AWK's regular
 *     expressions in Java's syntax), {@link dev.awkplayground.engine.RecordReader} (bounded record reading),
 *     {@link dev.awkplayground.engine.FileAccess} (files a run can always be stopped from),
 *     {@link dev.awkplayground.engine.CommandPipes} (non-blocking reads of commands),
 *     {@link dev.awkplayground.engine.ChildProcesses} (no process outlives its run) and
 *     {@link dev.awkplayground.engine.AwkFormat} (printf, sprintf, OFMT and CONVFMT, bounded before they are built).</li>
 * </ul>
 *
 * <h2>A run</h2>
 * {@code AwkEngine.run} checks the request's sizes, takes a slot, and hands the run to a pooled platform thread with a
 * new {@code RunGuard} bound to it and a watchdog timer at its deadline. On that thread {@code Interpreter.compile}
 * finds or compiles the script and {@code Interpreter.run} runs it; the interpreter calls the guard every few hundred
 * instructions ({@code checkpoint}: deadline and memory), before any step that could allocate much ({@code reserve}),
 * and before it reaches outside the run (the sandbox, {@code opening}, {@code register}). A limit stops the run by an
 * exception from the guard, which remembers the outcome; the watchdog stops a run blocked outside the interpreter by
 * killing its commands and interrupting its thread. However the run ends, {@code RunGuard.release} closes what it
 * opened and kills its commands, and {@code ChildProcesses.sweep}, every 200 ms, ends what they left in the background
 * and stops a run past 64 processes. A run that
 * still does not return is answered a second after its deadline and counted as stuck, which fails liveness.
 */
package dev.awkplayground.engine;
