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
 *     <tr><td>parser messages name tokens ("Expecting an Token.ID") and jawk's classes ("Actual parameter (IDAst
 *         (a))")</td><td>plain words at the right line</td>
 *         <td>ParserMessages</td><td>ParserMessagesTest</td></tr>
 *     <tr><td>opens ARGV's files itself, never closes them, and reads them in both its modes</td>
 *         <td>the main input reimplemented: one file open at a time, refused in sandboxed mode</td>
 *         <td>PlaygroundJrt.consumeInput</td><td>JawkWorkaroundsTest.argvFilesAreReadInOrder, SandboxRulesTest</td></tr>
 *     <tr><td>fails on a directory named in ARGV</td><td>as gawk: skipped, a warning on the run's stderr (a
 *         missing or unreadable file still ends the run, as gawk's fatal error)</td>
 *         <td>PlaygroundJrt.openFileOperand</td><td>JawkWorkaroundsTest "a directory in ARGV ...", "a missing file in
 *         ARGV ..."; AwkSemanticsTest records.cases "a directory named in ARGV ...", errors.cases "a missing file
 *         named in ARGV ..."</td></tr>
 *     <tr><td>counts FNR only for files; counts NR for getline from files and commands</td><td>as awk</td>
 *         <td>PlaygroundJrt</td><td>JawkWorkaroundsTest "FNR counts", "getline from a command leaves NR"</td></tr>
 *     <tr><td>copies system()'s output on a thread it does not wait for (lost or late)</td>
 *         <td>copies on the script's thread, in order</td><td>PlaygroundJrt.jrtSystem</td>
 *         <td>JawkWorkaroundsTest "system()'s output"</td></tr>
 *     <tr><td>sends commands' stderr to the server's</td><td>to the run's stderr</td><td>PlaygroundJrt</td>
 *         <td>JawkWorkaroundsTest "commands' stderr"</td></tr>
 *     <tr><td>reads records with unbounded buffers and uninterruptible regular expressions; a one-character RS is a
 *         regular expression; RS = "" reads the rest of the input as one record</td><td>RecordReader: bounded,
 *         deadline-checked, a one-character RS literal, RS = "" paragraph mode (and a newline then separates a record's
 *         fields whatever a one-character FS, but not split()'s pieces); a regular-expression RS that can match the empty string ({@code "()"},
 *         {@code "x*"}) read as gawk reads it, not as endless empty records; a match at the end of a read chunk waits
 *         for the rest</td>
 *         <td>PlaygroundJrt, RecordReader, Regexes.split</td><td>JawkWorkaroundsTest "a record without a separator",
 *         "RS"; AwkSemanticsTest records.cases "RS=...", "an RS that can match the empty string ..."</td></tr>
 *     <tr><td>reads regular expressions as Java's: {@code .} misses a newline, {@code $} matches before a final
 *         newline, no {@code [[:alpha:]]}, {@code /{/} refused, {@code \d} a digit, {@code a+?} lazy, the first
 *         alternative that matches rather than the longest; {@code [a---]} and {@code [+--]} refused,
 *         {@code /^+1/} and {@code /\B*a/} a repetition of the anchor, a final lone backslash a backslash</td><td>AWK's, translated; a group of plain-text
 *         alternatives tried longest first</td><td>AwkRegex, Regexes.compile, ParserMessages</td>
 *         <td>AwkSemanticsTest regex.cases</td></tr>
 *     <tr><td>splits with Java's String.split: an FS or split() regex that matches the empty string splits between
 *         every character; {@code split(s, a, /./)} reads a one-character literal as a string; CR and FF are
 *         blanks</td><td>as gawk: empty matches separate nothing, a literal is a regular expression, blanks are
 *         space, tab and newline</td><td>Regexes.split, GuardedPositionTracker.split</td>
 *         <td>AwkSemanticsTest regex.cases "FS that can match the empty string", "split with ..."</td></tr>
 *     <tr><td>sub() and gsub() read the replacement as Java's ({@code $1} a group, a trailing backslash a Java
 *         error) and replace an empty match right after a match</td><td>gawk's {@code &}, {@code \&},
 *         {@code \\&}, {@code \\\&}, {@code \\\\} (two backslashes stay two); as gawk</td><td>Regexes.substitute</td><td>AwkSemanticsTest regex.cases "... in a
 *         replacement ...", "gsub does not replace an empty match right after a match"</td></tr>
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
 *         over deadline-checked text, the result checked first; with no match nothing is assigned ($0 not rebuilt,
 *         as gawk)</td><td>GuardedPositionTracker, Regexes</td>
 *         <td>JawkWorkaroundsTest "gsub() stops", "sub() on a variable stops", "gsub() replaces in $0, ..."; AwkSemanticsTest regex.cases "gsub and sub with no match ..."</td></tr>
 *     <tr><td>index() uses String.indexOf, quadratic and uninterruptible</td><td>long searches by rolling hash,
 *         checking the deadline</td><td>GuardedPositionTracker, Regexes.indexOf</td>
 *         <td>JawkWorkaroundsTest "index() ..."</td></tr>
 *     <tr><td>reads {@code 1E2} as {@code 1} followed by a variable {@code E2}</td><td>exponent literals written as
 *         the plain decimals jawk reads as the same number, before jawk parses</td><td>SourceRewriter,
 *         ScriptCompiler</td><td>AwkSemanticsTest exponents.cases</td></tr>
 *     <tr><td>keeps an integer literal past 2^53 exact in a long ({@code 123456789012345678}); fails to parse one past a
 *         long's range</td><td>written as the decimal of the nearest double, as every awk number is</td>
 *         <td>SourceRewriter.plainNumber</td><td>AwkSemanticsTest exponents.cases "an integer literal past 2^53 ...",
 *         "... too long for 64 bits ..."</td></tr>
 *     <tr><td>reads {@code 012} as 12 and {@code 0x11} as 0 followed by a variable {@code x11}</td><td>gawk's octal and
 *         hexadecimal literals in the program's text (10 and 17), written as decimals; input and strings stay
 *         decimal</td><td>SourceRewriter.number, .plainNumber</td><td>AwkSemanticsTest exponents.cases "octal and
 *         hexadecimal literals ...", "input, strings and fields stay decimal ..."</td></tr>
 *     <tr><td>refuses {@code !!x}, {@code - -4}, {@code 2^-3}, {@code 1 && x = 2}, {@code $1 == n = 3},
 *         {@code 1 ? x = "t" : "f"},
 *         {@code print (a), (b)}, {@code (a)++b}; prints {@code print /re/} as the regex's text; runs an empty action as
 *         {@code print}; refuses a parameter named as another function, and a call with more arguments than the
 *         function declares; reads {@code $} after a name as part of it ({@code print$1}, {@code x$2}); refuses a
 *         variable or constant alone as a statement ({@code a;}); reads getline's file as an expression
 *         ({@code getline < "f" > 0} reads a file named "1")</td>
 *         <td>the same text with the parentheses, {@code $0 ~}, empty statement, parameter name, hidden parameters,
 *         space or {@code ""} awk implies; {@code (getline < "f") > 0}</td>
 *         <td>SourceRewriter</td><td>AwkSemanticsTest syntax.cases</td></tr>
 *     <tr><td>reads {@code $$a++} as {@code ($$a)++} and refuses {@code $$a++++}; gives {@code ++$n} the field
 *         numbered by the old value ({@code ++$1} of 3 read {@code $3}) and {@code $n--} one operand too many
 *         ({@code print $3++, $3--} printed the new values)</td><td>{@code $($a++)}, as gawk; {@code ++$n} the new
 *         value, {@code $n++} and {@code $n--} the old one as a number, by the shape jawk compiled</td>
 *         <td>SourceRewriter.innermostFieldIncremented, GuardedPositionTracker.incrementField</td>
 *         <td>AwkSemanticsTest syntax.cases "$$a++++ ...", "++$1 is the new value ...", "print $3++, $3-- ..."</td></tr>
 *     <tr><td>compiles {@code $n--} as a read of the field and a decrement, each working out {@code n}:
 *         {@code $(i++)--} added 2 to {@code i}</td><td>such a decrement, when {@code n} has a side effect, written as a
 *         call of a hidden function that reads and decrements the field once</td>
 *         <td>SourceRewriter.fieldDecrementedOnce</td><td>AwkSemanticsTest once.cases "$(i++)-- evaluates ...", "a
 *         field's post-decrement ..."</td></tr>
 *     <tr><td>accepts {@code print (1,2,(3,4))}, {@code print 1,\2}, {@code ($i)++}, {@code printf} with no
 *         arguments, an assignment as a redirection's file ({@code print 1 > f = "x"}), chained comparisons
 *         ({@code a == b == c})</td><td>refused with the script, as awk does</td><td>SourceRewriter</td>
 *         <td>AwkSemanticsTest syntax.cases "... is refused"</td></tr>
 *     <tr><td>evaluates the subscript of {@code a[i]++} and {@code ++a[i]} twice; {@code a[i]++} is the old value
 *         unconverted ({@code ""})</td><td>written as {@code ((a[i] += 1) - 1)}, which jawk evaluates once</td>
 *         <td>SourceRewriter</td><td>AwkSemanticsTest once.cases</td></tr>
 *     <tr><td>compiles the subscript of {@code sub(re, s, a[i])}, {@code gsub(re, s, $i)} twice, so that
 *         {@code a[f()]} calls {@code f} twice</td><td>the second copy skipped, the first one's value reused</td>
 *         <td>GuardedTuples.subForArrayReference, GuardedPositionTracker</td><td>AwkSemanticsTest once.cases "sub() on
 *         an element ...", "gsub() and sub() on a field ..."</td></tr>
 *     <tr><td>compares any two values that parse as numbers as numbers ({@code "12" < "2"} is false, a field
 *         {@code 1.0} equals {@code "1"}), takes a field {@code 0} as true, and an uninitialised value as equal to
 *         {@code "0"}</td><td>strnums: input that looks numeric is a number, string constants and built strings
 *         are strings, uninitialised is 0 and ""</td><td>GuardedPositionTracker, Strnums, GuardedTuples.push</td>
 *         <td>AwkSemanticsTest strnum.cases</td></tr>
 *     <tr><td>keeps a subscript that is a fraction as a Java double, a key of its own ({@code a[0.1 + 0.2]} is not
 *         {@code a["0.3"]}), and joins {@code a[i, j]} with Java's text of it</td><td>an integer as an integer, any
 *         other number by CONVFMT, as awk</td><td>GuardedPositionTracker.subscriptsByConvfmt</td>
 *         <td>AwkSemanticsTest builtins.cases "a subscript that is not an integer ...", "a[i, j] joins ..."</td></tr>
 *     <tr><td>reads a string as a number from its first 26 characters ({@code JRT.toDouble}): a field of 31 digits
 *         is read as one of 26, 39 leading zeros and a 1 as 0</td><td>the whole leading number, as awk reads it, for
 *         every instruction jawk runs that reads a number (arithmetic, the built-ins, {@code ++}, {@code --},
 *         {@code op=} on a variable, element or field)</td><td>GuardedPositionTracker.wholeNumbers</td>
 *         <td>AwkSemanticsTest strnum.cases "a field of 31 digits ...", "... more than 26 leading zeros ..."</td></tr>
 *     <tr><td>fails "ERROR:  is not an array." (no name) on split() into a parameter that only split() uses as an
 *         array, given an untyped variable</td><td>the parameter becomes an array, as gawk (the caller's variable
 *         stays untyped); a scalar there fails with gawk's words, naming the variable</td>
 *         <td>GuardedPositionTracker.split</td><td>AwkSemanticsTest builtins.cases "split() into a parameter ...";
 *         known-differences.cases</td></tr>
 *     <tr><td>starts RSTART and RLENGTH as ""</td><td>0, as awk</td><td>GuardedPositionTracker</td>
 *         <td>AwkSemanticsTest builtins.cases "RSTART and RLENGTH are 0 before any match()"</td></tr>
 *     <tr><td>length(array) fails: "Cannot evaluate an unindexed array"</td><td>the number of elements, of an array
 *         parameter too</td><td>GuardedPositionTracker</td><td>AwkSemanticsTest builtins.cases "length of an
 *         array..."</td></tr>
 *     <tr><td>fails with a Java cast when a function uses a scalar argument as an array, and says "Cannot
 *         evaluate an unindexed array" for the reverse</td><td>gawk's words: "attempt to use a scalar as an array",
 *         "... an array in a scalar context"</td><td>JawkInterpreter.plainMessage</td><td>AwkSemanticsTest
 *         errors.cases "a scalar passed where ..."</td></tr>
 *     <tr><td>int() casts to a long ({@code int(2^70)} is 9223372036854775807)</td><td>the number truncated as a
 *         double</td><td>GuardedPositionTracker</td><td>AwkSemanticsTest builtins.cases "int() past a long's range
 *         ..."</td></tr>
 *     <tr><td>names itself "java Awk" in ARGV[0]</td><td>"awk"</td><td>GuardedPositionTracker.start</td>
 *         <td>AwkSemanticsTest variables.cases "ARGV[0] names the interpreter awk ..."</td></tr>
 *     <tr><td>says "Field $(-1) is incorrect."</td><td>"attempt to access field -1", read or assigned, as gawk</td>
 *         <td>JawkInterpreter.plainMessage, PlaygroundJrt</td><td>AwkSemanticsTest errors.cases "a negative field
 *         ..."</td></tr>
 *     <tr><td>has no fflush()</td><td>fflush(), fflush(""), fflush(name), as gawk</td>
 *         <td>PosixFunctions (a jawk extension), PlaygroundJrt.flush</td><td>AwkSemanticsTest builtins.cases
 *         "fflush() ..."</td></tr>
 *     <tr><td>ends a regular-expression literal at a {@code /} inside brackets ({@code /[/]/})</td><td>that
 *         {@code /} written {@code \/} before jawk's lexer reads it</td><td>SourceRewriter.regexEnd</td>
 *         <td>AwkSemanticsTest regex.cases "a slash inside brackets ..."</td></tr>
 *     <tr><td>accepts NF = -1 (and checks NF only once a record was read)</td><td>AWK's error, in BEGIN
 *         too</td><td>PlaygroundJrt.jrtSetNF, GuardedPositionTracker.assignment</td>
 *         <td>AwkSemanticsTest builtins.cases "NF = -1 is an error", "NF set negative in BEGIN ..."</td></tr>
 *     <tr><td>getline &lt; "-" opens a file named "-"</td><td>the request's input, shared with the main input,
 *         in both modes</td><td>PlaygroundJrt.jrtConsumeFileInput, GuardedTuples.Sandboxed, Sandbox</td>
 *         <td>AwkSemanticsTest builtins.cases "getline &lt; "-" reads the input"</td></tr>
 *     <tr><td>substr() casts its arguments to int: substr(s, -2^62, 2^63) is ""</td><td>gawk's truncation and
 *         clamping, any magnitude</td><td>GuardedPositionTracker.substr</td><td>AwkSemanticsTest builtins.cases
 *         "substr ..."</td></tr>
 *     <tr><td>refuses {@code next} in a function; does not know {@code nextfile}</td><td>as gawk: both leave every
 *         function call and read the next record (nextfile from the next file); gawk's error from BEGIN or END</td>
 *         <td>SourceRewriter.nextInFunctions, PosixFunctions (extension keywords), GuardedPositionTracker.nextRecord,
 *         PlaygroundJrt.skipFile</td><td>AwkSemanticsTest flow.cases; JawkWorkaroundsTest
 *         "nextfile goes on with the next file"</td></tr>
 *     <tr><td>getline &lt; file ends the run when the file cannot be opened; a directory fails at the first read
 *         </td><td>-1, as awk, the reason on the run's stderr (no ERRNO); the open tried again at the next
 *         getline</td><td>GuardedPositionTracker.getlineFromFile, PlaygroundJrt.getlineFromFile, FileAccess</td>
 *         <td>AwkSemanticsTest builtins.cases "getline from a missing file ...", "... a directory ..."</td></tr>
 *     <tr><td>compiles {@code getline $n} without the field's number, and fails; works out the subscript of
 *         {@code getline a[i]} after the read ({@code getline a[NR]} uses the new NR)</td><td>written as a hidden
 *         element, {@code getline getline__field[n]}, which the tracker assigns as field n; the read of a getline into
 *         an element waits until its subscript is known, as gawk's order</td>
 *         <td>SourceRewriter.getlineIntoField, GuardedPositionTracker.getlineIntoField, .intoElement</td>
 *         <td>AwkSemanticsTest records.cases "getline $2 ...", "cmd | getline $1 ...", "getline a[NR] ..."</td></tr>
 *     <tr><td>getline var (or $0, a[i]) at the end of its input assigns ""</td><td>leaves it unchanged</td>
 *         <td>GuardedPositionTracker</td><td>AwkSemanticsTest records.cases "getline ... at the end ..."</td></tr>
 *     <tr><td>fails on an empty program (or only comments) with a Java message</td><td>runs nothing, as awk</td>
 *         <td>ScriptCompiler</td><td>AwkSemanticsTest errors.cases "an empty program does nothing", ...</td></tr>
 *     <tr><td>lets Java's exception messages through (an empty operand stack, a failed assertion), or gives only
 *         an exception's class name</td><td>jawk's own message where it is in AWK's words, else a plain sentence
 *         that jawk failed</td><td>JawkInterpreter.plainMessage, ScriptCompiler</td><td>AwkSemanticsTest: every
 *         case fails on a message naming Java</td></tr>
 *     <tr><td>ignores request variables named FS, RS, ORS, OFS, NR, SUBSEP, CONVFMT, ... (its own first values
 *         overwrite them) and reads no escapes in variables</td><td>as awk -v: FS, RS and ORS through jawk's
 *         settings, the others assigned before BEGIN; escapes read, in ARGV assignments too</td>
 *         <td>JawkInterpreter.settings, GuardedPositionTracker.start, AwkValues.escapesRead</td>
 *         <td>AwkSemanticsTest variables.cases</td></tr>
 *     <tr><td>turns every whole arithmetic result into a long, so that 1e60 or 2^70 becomes
 *         9223372036854775807</td><td>a long only within its range, else a double</td>
 *         <td>GuardedPositionTracker.arithmetic</td><td>AwkSemanticsTest arithmetic.cases, variables.cases "a huge
 *         number ..."</td></tr>
 *     <tr><td>makes the result of a compound assignment ({@code x *= 2}, {@code a[i] += x}) and of {@code ++} or
 *         {@code --} on a variable or an element a long whenever it is whole, so that {@code x *= 2} stopped at
 *         9223372036854775807; takes {@code "3abc"} as 0 in {@code x++}; {@code NF++} left {@code $0} as it was</td>
 *         <td>the binary operators' arithmetic (a double past a long's range, longs only for integers within 2^53,
 *         where both are exact), assigned by jawk's own ASSIGN and ASSIGN_ARRAY</td>
 *         <td>GuardedPositionTracker (PLUS_EQ ... POSTDEC), .arithmetic</td><td>AwkSemanticsTest arithmetic.cases
 *         "a compound assignment past a long's range ...", "++ and -- past ...", "NF++ ..."</td></tr>
 *     <tr><td>takes an assignment to a function's local at the offset of the global NF for one to NF (it compares
 *         the offset, not the scope), cutting or padding {@code $0}</td><td>such a local assigned by the tracker</td>
 *         <td>GuardedPositionTracker.assignment, .substitute, JawkState.nfOffset</td><td>AwkSemanticsTest
 *         arithmetic.cases "a function's locals assigned and incremented leave NF alone ...", builtins.cases "sub() and
 *         gsub() on a function's local ..."</td></tr>
 *     <tr><td>reports a NUL character in the script as an unclosed string</td><td>says it is a NUL, refused as
 *         gawk refuses it</td><td>ScriptCompiler</td><td>AwkSemanticsTest variables.cases "a NUL character
 *         ..."</td></tr>
 *     <tr><td>toupper() and tolower() use Java's String case mapping (ß becomes SS)</td><td>character by
 *         character, as awk</td><td>GuardedPositionTracker.changeCase</td><td>AwkSemanticsTest builtins.cases
 *         "toupper and tolower of letters beyond ASCII"</td></tr>
 *     <tr><td>keeps every field as text: a number assigned to a field ({@code $n = x}, {@code $n += x}, {@code $n++},
 *         {@code $0 = x}) becomes Java's {@code Double.toString} (30.289017341040463 where awk prints 30.289), and
 *         {@code length(x)} and {@code x ~ re} of a number use that text</td><td>the field holds the number: it prints
 *         by OFMT, compares as a number, and its text in {@code $0} is by CONVFMT, made again when CONVFMT has changed
 *         before {@code $0} is read, as gawk; {@code length} and {@code ~} of a number by CONVFMT</td>
 *         <td>GuardedPositionTracker.assignNumberToField, PlaygroundJrt.setNumberField</td><td>AwkSemanticsTest
 *         records.cases "a number assigned to a field ...", "$0 is rebuilt with the CONVFMT ...", "$n += x ...";
 *         builtins.cases "length of a number is ..."; regex.cases "a number matched against ..."; OneTrueAwkProgramsTest
 *         p.36</td></tr>
 *     <tr><td>keeps {@code $0 = number} as text only, so that {@code $0 = 0.1 + 0.2} equals 0.3 and not
 *         {@code 0.1 + 0.2}, and {@code printf "%.10f", $0} prints 5.6666700000 for 17/3; takes {@code $0} rebuilt
 *         from its fields ({@code $1 = $1}, {@code NF = 1}) as input, so that {@code $0 < 10} compares numbers</td>
 *         <td>as gawk: {@code $0} prints as its text and is the number where a number is read (comparisons,
 *         arithmetic, formats, a copy in a variable while {@code $0} is not assigned another number); a rebuilt
 *         {@code $0} is a string the script built</td><td>GuardedPositionTracker.numberFor, .recordAsNumberAt,
 *         PlaygroundJrt.rebuilt</td><td>AwkSemanticsTest records.cases "$0 = 17/3 prints as its text ...", "$0
 *         rebuilt from its fields is a string ..."</td></tr>
 *     <tr><td>gives a field that does not exist ({@code $5} when NF is 4, any field before the first record) as an
 *         uninitialised value, so that {@code $5 == 0} was true and {@code $5 = $7} added no field</td><td>the empty
 *         string, as awk: it compares as a string</td><td>PlaygroundJrt.jrtGetInputField</td><td>AwkSemanticsTest
 *         strnum.cases "an empty field and a field beyond NF compare as strings ...", ...; OneTrueAwkProgramsTest
 *         t.null0</td></tr>
 *     <tr><td>rand() is BSD's x^31 generator scaled by 2^31 - 1, another sequence than gawk's</td><td>gawk's
 *         numbers exactly: its x^63 generator, shuffle and two-draw rand(), the seed 1 before any srand(), srand()
 *         returning the previous seed</td><td>GawkRandom, GuardedPositionTracker</td><td>AwkSemanticsTest
 *         rand.cases; OneTrueAwkProgramsTest t.randk, p.48b</td></tr>
 * </table>
 */
package dev.awkplayground.engine.jawk;
