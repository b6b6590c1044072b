package dev.awkplayground.attack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.awkplayground.Http;
import dev.awkplayground.JvmOptionFile;
import dev.awkplayground.ServiceProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The attack catalogue: every way in that reading jawk's source shows (README, "Modes"), and every way to exhaust the
 * service that was found, sent to a real server process in each mode, started with the image's JVM options
 * (src/main/jvm/image.options: its heap, and an exit on OutOfMemoryError) and the pod's one CPU (hence two run slots).
 * <p>
 * For every attack, besides what the attack itself must get: in sandboxed mode nothing of a file or of the server's
 * environment reaches the client; the run has ended (no run active, none stuck) soon after the answer; the server's
 * open files and pipes, threads and child processes return to what they were before; liveness and readiness answer
 * 2xx throughout; the process is alive (an OutOfMemoryError would have ended it); and an ordinary script still runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackCatalogueIT {
    /** A value only the server's environment holds: in sandboxed mode no answer may contain it. */
    private static final String SECRET = "s3cret-" + UUID.randomUUID();
    private static final String PASSWD_LINE = "root:x:0:0";
    private static final int TIME_LIMIT_SECONDS = 2;

    enum Mode { VULNERABLE, SANDBOXED }

    /** A server under attack. */
    record Target(Mode mode, ServiceProcess service, Http http, ServerWatch watch, Path scratch) {
    }

    /** What an attack got back. */
    record Answer(int status, String body, boolean closed, List<Integer> statuses) {
        JsonObject json() {
            try (var reader = Json.createReader(new java.io.StringReader(body))) {
                return reader.readObject();
            }
        }

        String outcome() {
            return json().getString("outcome");
        }
    }

    /**
     * Which server an attack is sent to. Attacks that must end at the deadline go to servers with a short time limit;
     * those that must reach another limit (memory, output) go to servers whose time limit no run comes near, even on a
     * loaded machine, so that the deadline cannot come first.
     */
    enum Clock { DEADLINE, NO_DEADLINE }

    /** One attack: where it applies, how it is sent, what it must get in each mode, and which server it goes to. */
    record Attack(String name, Set<Mode> modes, Function<Target, Answer> send, Expectation expect, Clock clock) {
        Attack(String name, Set<Mode> modes, Function<Target, Answer> send, Expectation expect) {
            this(name, modes, send, expect, Clock.DEADLINE);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Expectation {
        void check(Mode mode, Answer answer, Target target) throws Exception;
    }

    private final Map<Clock, Map<Mode, Target>> targets = new EnumMap<>(Clock.class);
    private final Map<Target, ServerWatch.Holdings> baselines = new java.util.HashMap<>();

    @BeforeAll
    void startTheServers(@TempDir Path scratch) throws Exception {
        for (Clock clock : Clock.values()) {
            for (Mode mode : Mode.values()) {
                Target target = start(mode, clock, scratch);
                targets.computeIfAbsent(clock, c -> new EnumMap<>(Mode.class)).put(mode, target);
                warmUp(target);
                baselines.put(target, target.watch().now());
            }
        }
    }

    private static Target start(Mode mode, Clock clock, Path scratch) throws Exception {
        Path gcLog = scratch.resolve(mode + "-" + clock + "-gc.log");
        List<String> jvm = new ArrayList<>(ServiceProcess.deploymentJvmOptions());
        jvm.add("-Xlog:gc:file=" + gcLog);
        // The Deployment's CPU limit is one CPU; the engine sizes its run slots from it (two).
        jvm.add("-XX:ActiveProcessorCount=1");
        ServiceProcess service = ServiceProcess.start(ServiceProcess.CONTAINER_DESCRIPTOR_LIMIT, jvm,
                Map.of("AWK_PLAYGROUND_TEST_SECRET", SECRET),
                Map.of("playground.mode", mode.name().toLowerCase(),
                        "playground.limits.time", clock == Clock.DEADLINE ? TIME_LIMIT_SECONDS + "s" : "10m"));
        Http http = new Http(service.uri());
        return new Target(mode, service, http, new ServerWatch(service.pid(), gcLog), scratch);
    }

    @AfterAll
    void stopTheServers() throws Exception {
        for (Target target : targets.values().stream().flatMap(byMode -> byMode.values().stream()).toList()) {
            ServerWatch.HeapPeaks heap = target.watch().heapPeaks();
            long maxHeap = JvmOptionFile.maxHeapMiB(JvmOptionFile.IMAGE.options()).orElseThrow();
            System.out.printf("attack catalogue, %s mode, -Xmx%dm: heap at most %d MiB when a collection started, "
                    + "at most %d MiB live after a full collection%n", target.mode(), maxHeap, heap.beforeCollection(),
                    heap.afterFullCollection());
            target.service().close();
            assertThat("the live heap stayed below the maximum", heap.afterFullCollection(), lessThan(maxHeap));
        }
    }

    /** Fills the run slots and starts a command once, so that pools the server grows on first use exist. */
    private static void warmUp(Target target) throws Exception {
        List<CompletableFuture<Http.Response>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(target.http().runAsync("BEGIN { while (i++ < 20000) x = x i; print length(x) > \"/dev/stderr\" }",
                    ""));
        }
        for (CompletableFuture<Http.Response> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        target.http().run("BEGIN { system(\"true\") }", "");
        Thread.sleep(1_500);
    }

    Stream<Attack> catalogue() {
        return Stream.of(sandboxInventory(), mainInput(), resources(), oneStepValues(), processes(), http())
                .flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void theServiceHolds(Attack attack) throws Exception {
        for (Mode mode : attack.modes()) {
            Target target = targets.get(attack.clock()).get(mode);
            ServerWatch.Holdings baseline = baselines.get(target);
            Answer answer;
            try (ServerWatch.HealthPoller health = new ServerWatch.HealthPoller(target.http())) {
                answer = attack.send().apply(target);
                awaitNoActiveRun(target);
                assertThat(mode + ": health answered 2xx throughout", health.failures(), is(empty()));
            }
            attack.expect().check(mode, answer, target);
            if (mode == Mode.SANDBOXED) {
                assertThat("nothing of the environment leaks", answer.body(), not(containsString(SECRET)));
                assertThat("nothing of /etc/passwd leaks", answer.body(), not(containsString(PASSWD_LINE)));
            }
            assertThat(mode + ": the server process is alive", target.service().isAlive(), is(true));
            assertThat(mode + ": no OutOfMemoryError", String.join("\n", target.service().log()),
                    not(containsString("OutOfMemoryError")));
            target.watch().awaitBaseline(baseline, 4, 10);
            assertThat(mode + ": an ordinary script still runs",
                    target.http().run("{ print $2 }", "still served").json().getString("output"), is("served\n"));
        }
    }

    // ---- The sandbox: every path of the inventory --------------------------------------------------------------

    private List<Attack> sandboxInventory() {
        List<Attack> attacks = new ArrayList<>();
        String[][] refusedWhenCompiled = {
                {"system()", "BEGIN { system(\"cat /etc/passwd\") }", "system() is refused"},
                {"command | getline", "BEGIN { while ((\"cat /etc/passwd\" | getline l) > 0) print l }",
                        "\"command\" | getline is refused"},
                {"print | command", "BEGIN { print \"x\" | \"cat /etc/passwd\" }", "print | \"command\" is refused"},
                {"printf | command", "BEGIN { printf \"x\" | \"cat /etc/passwd\" }", "print | \"command\" is refused"},
                {"getline < file", "BEGIN { while ((getline l < \"/etc/passwd\") > 0) print l }",
                        "getline < file is refused"},
                {"getline var < /proc/self/environ",
                        "BEGIN { RS = \"\\0\"; while ((getline l < \"/proc/self/environ\") > 0) print l }",
                        "getline < file is refused"},
                {"print > file", "BEGIN { print \"x\" > \"/tmp/awk-catalogue-" + SECRET + "\" }",
                        "print > file is refused"},
                {"print >> file", "BEGIN { print \"x\" >> \"/tmp/awk-catalogue\" }", "print > file is refused"},
                {"printf > file", "BEGIN { printf \"x\" > \"/tmp/awk-catalogue\" }", "print > file is refused"},
                {"print > a file named by a variable", "BEGIN { f = \"/dev/stderr\"; print \"x\" > f }",
                        "print > file is refused"},
        };
        for (String[] row : refusedWhenCompiled) {
            attacks.add(new Attack("sandbox: " + row[0], Set.of(Mode.SANDBOXED), run(row[1], ""),
                    (mode, answer, target) -> refused(answer, row[2])));
        }
        attacks.add(new Attack("sandbox: ARGV names /etc/passwd",
                Set.of(Mode.SANDBOXED, Mode.VULNERABLE), run("BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }", ""),
                (mode, answer, target) -> {
                    if (mode == Mode.SANDBOXED) {
                        refused(answer, "a file named in ARGV is refused");
                    } else {
                        assertThat(answer.json().getString("output"), containsString(PASSWD_LINE));
                    }
                }));
        attacks.add(new Attack("sandbox: ARGV[ARGC++] names /proc/self/environ",
                Set.of(Mode.SANDBOXED, Mode.VULNERABLE),
                run("BEGIN { RS = \"\\0\"; ARGV[ARGC++] = \"/proc/self/environ\" } { print }", ""),
                (mode, answer, target) -> {
                    if (mode == Mode.SANDBOXED) {
                        refused(answer, "a file named in ARGV is refused");
                    } else {
                        assertThat(answer.json().getString("output"), containsString(SECRET));
                    }
                }));
        attacks.add(new Attack("sandbox: ARGV through the form API", Set.of(Mode.SANDBOXED),
                target -> answer(target.http().postMultipart("test",
                        Map.of("text", "x", "awkScript", "BEGIN { ARGV[ARGC++] = \"/etc/passwd\" } { print }"))),
                (mode, answer, target) -> refused(answer, "a file named in ARGV is refused")));
        attacks.add(new Attack("sandbox: ARGV inside exec()", Set.of(Mode.SANDBOXED),
                run("BEGIN { exec(\"BEGIN { ARGV[1] = \\\"/etc/passwd\\\"; ARGC = 2 } { print }\") }", ""),
                (mode, answer, target) -> refused(answer, "a file named in ARGV is refused")));
        attacks.add(new Attack("sandbox: system() inside exec()", Set.of(Mode.SANDBOXED),
                run("BEGIN { exec(\"BEGIN { system(\\\"id\\\") }\") }", ""),
                (mode, answer, target) -> refused(answer, "system() is refused")));
        attacks.add(new Attack("sandbox: the refusal does not tell whether a path exists", Set.of(Mode.SANDBOXED),
                target -> {
                    Answer existing = answer(target.http().run("BEGIN { ARGV[1] = \"/etc/passwd\"; ARGC = 2 } { print }", ""));
                    Answer missing = answer(target.http().run(
                            "BEGIN { ARGV[1] = \"/no/such/" + UUID.randomUUID() + "\"; ARGC = 2 } { print }", ""));
                    assertThat(missing.body(), is(existing.body()));
                    return existing;
                },
                (mode, answer, target) -> refused(answer, "a file named in ARGV is refused")));
        attacks.add(new Attack("sandbox: ENVIRON is empty", Set.of(Mode.SANDBOXED, Mode.VULNERABLE),
                run("BEGIN { for (k in ENVIRON) print k \"=\" ENVIRON[k] }", ""),
                (mode, answer, target) -> {
                    String output = answer.json().getString("output");
                    if (mode == Mode.SANDBOXED) {
                        assertThat(output, is(""));
                    } else {
                        assertThat(output, containsString("AWK_PLAYGROUND_TEST_SECRET=" + SECRET));
                    }
                }));
        attacks.add(new Attack("sandbox: the run's own stdout and stderr may be written", Set.of(Mode.SANDBOXED),
                run("BEGIN { print \"out\" > \"/dev/stdout\"; print \"err\" > \"/dev/stderr\"; print \"dash\" > \"-\" }", ""),
                (mode, answer, target) -> {
                    JsonObject result = answer.json();
                    assertThat(result.getString("outcome"), is("completed"));
                    assertThat(result.getString("output"), is("out\ndash\n"));
                    assertThat(result.getString("stderr"), is("err\n"));
                }));
        attacks.add(new Attack("sandbox: assignments, - and /dev/stdin in ARGV are the request's own",
                Set.of(Mode.SANDBOXED, Mode.VULNERABLE),
                run("BEGIN { ARGV[1] = \"x=5\"; ARGV[2] = \"-\"; ARGC = 3 } { print x, $0, FILENAME \"|\" }", "line"),
                (mode, answer, target) -> assertThat(answer.json().getString("output"), is("5 line |\n"))));
        attacks.add(new Attack("sandbox: jawk's extension functions are not there", Set.of(Mode.SANDBOXED, Mode.VULNERABLE),
                run("BEGIN { if (FileExists(\"/etc/passwd\")) print \"yes\" }", ""),
                (mode, answer, target) -> assertThat(answer.status(), is(422))));
        return attacks;
    }

    // ---- The main input ---------------------------------------------------------------------------------------

    private List<Attack> mainInput() {
        String manyFiles = "BEGIN { for (i = 1; i <= 2000; i++) ARGV[i] = \"/etc/hostname\"; ARGC = 2001 } END { print NR }";
        return List.of(
                new Attack("2,000 ARGV entries naming one file (more than a pod's 1,024 descriptors)", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run(manyFiles, ""),
                        (mode, answer, target) -> {
                            if (mode == Mode.SANDBOXED) {
                                refused(answer, "a file named in ARGV is refused");
                            } else {
                                assertThat(answer.json().getString("outcome"), is("completed"));
                            }
                        }),
                new Attack("four of those at once", Set.of(Mode.VULNERABLE),
                        concurrently(4, manyFiles, ""),
                        (mode, answer, target) -> {
                            for (int status : answer.statuses()) {
                                assertThat("200, or 503 while both slots are busy", status == 200 || status == 503,
                                        is(true));
                            }
                        }),
                new Attack("/dev/zero as the main input", Set.of(Mode.VULNERABLE),
                        run("BEGIN { ARGV[1] = \"/dev/zero\"; ARGC = 2 } { print length($0) }", ""),
                        outcome("memory-limit")),
                new Attack("getline from /dev/zero", Set.of(Mode.VULNERABLE),
                        run("BEGIN { getline line < \"/dev/zero\" }", ""), outcome("memory-limit")),
                // /dev/stdin is the request's input, as in awk (not the server's stdin, a pipe that never ends).
                new Attack("getline from /dev/stdin", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("BEGIN { getline line < \"/dev/stdin\"; print \"read\", line }", "the input\n"),
                        (mode, answer, target) -> {
                            assertThat(answer.body(), answer.outcome(), is("completed"));
                            assertThat(answer.json().getString("output"), is("read the input\n"));
                        }),
                new Attack("getline from a named pipe nobody writes", Set.of(Mode.VULNERABLE),
                        target -> {
                            Path fifo = target.scratch().resolve("fifo-" + UUID.randomUUID());
                            try {
                                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                            return answer(target.http().run(
                                    "BEGIN { r = (getline line < \"" + fifo + "\"); print r }", ""));
                        },
                        // Refused without opening it (opening blocks), so getline returns -1, as for any file it
                        // cannot read, and says why on the run's stderr.
                        (mode, answer, target) -> {
                            assertThat(answer.body(), answer.outcome(), is("completed"));
                            assertThat(answer.json().getString("output"), is("-1\n"));
                            assertThat(answer.json().getString("stderr"), containsString("a named pipe"));
                        }),
                new Attack("a regular-expression RS with catastrophic backtracking", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("BEGIN { RS = \"^((a+)+)+$\" } { print }", "a".repeat(60) + "!"), outcome("timeout")));
    }

    // ---- Files, pipes and regular expressions -----------------------------------------------------------------

    private List<Attack> resources() {
        return List.of(
                new Attack("40 files open at once", Set.of(Mode.VULNERABLE),
                        target -> answer(target.http().run("BEGIN { for (i = 0; i < 40; i++) print i > (\""
                                + target.scratch() + "/open-\" i) }", "")),
                        (mode, answer, target) -> {
                            assertThat(answer.outcome(), is("error"));
                            assertThat(answer.json().getString("error"), containsString("32 files and commands open"));
                        }),
                new Attack("40 commands open at once", Set.of(Mode.VULNERABLE),
                        run("BEGIN { for (i = 0; i < 40; i++) print i | (\"cat > /dev/null; # \" i) }", ""),
                        (mode, answer, target) -> {
                            assertThat(answer.outcome(), is("error"));
                            assertThat(answer.json().getString("error"), containsString("32 files and commands open"));
                        }, Clock.NO_DEADLINE),
                new Attack("a run that errors with files and commands open", Set.of(Mode.VULNERABLE),
                        target -> answer(target.http().run("BEGIN { for (i = 0; i < 10; i++) { print i > (\""
                                + target.scratch() + "/err-\" i); print i | (\"sleep 60; #\" i) }; x = 1 / 0 }", "")),
                        outcome("error")),
                new Attack("40 distinct large scripts, for the compiled-script cache to keep", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        target -> {
                            String large = "BEGIN { " + "a[1] = b[2] c[3]; ".repeat(3_000) + "print \"ok\" }";
                            Answer last = null;
                            for (int i = 0; i < 40; i++) {
                                last = answer(target.http().run(large + " # " + i, ""));
                            }
                            return last;
                        },
                        (mode, answer, target) -> assertThat(answer.json().getString("output"), is("ok\n"))),
                new Attack("a 7,000,000-character field separator", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        target -> answer(target.http().postJson("api/v1/run", Json.createObjectBuilder()
                                .add("script", "{ print $1 }").add("input", "a b")
                                .add("fieldSeparator", "x".repeat(7_000_000)).build())),
                        (mode, answer, target) -> {
                            assertThat(answer.status(), is(413));
                            assertThat(answer.json().getString("field"), is("fieldSeparator"));
                        }),
                new Attack("variables larger than a script may be", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        target -> {
                            JsonObjectBuilder variables = Json.createObjectBuilder();
                            for (int i = 0; i < 200; i++) {
                                variables.add("v" + i, "x".repeat(1_000));
                            }
                            return answer(target.http().postJson("api/v1/run", Json.createObjectBuilder()
                                    .add("script", "BEGIN { print v1 }").add("variables", variables).build()));
                        },
                        (mode, answer, target) -> {
                            assertThat(answer.status(), is(413));
                            assertThat(answer.json().getString("field"), is("variables"));
                        }),
                new Attack("FS set to a 1,000,000-character regular expression", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("BEGIN { FS = sprintf(\"%1000000s\", \"\"); gsub(/ /, \"x\", FS) } { print $1 }", "a b"),
                        (mode, answer, target) -> {
                            assertThat(answer.outcome(), is("error"));
                            assertThat(answer.json().getString("error"), containsString("over the limit of 16384"));
                        }),
                new Attack("match() with catastrophic backtracking", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("BEGIN { s = sprintf(\"%60s\", \"\"); gsub(/ /, \"a\", s); print match(s \"!\", /^((a+)+)+$/) }", ""),
                        outcome("timeout")),
                new Attack("~ with catastrophic backtracking", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("{ if ($0 ~ /^((a+)+)+$/) print \"matched\" }", "a".repeat(60) + "!"), outcome("timeout")),
                new Attack("gsub() with catastrophic backtracking", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("{ gsub(/^((a+)+)+$/, \"x\") }", "a".repeat(60) + "!"), outcome("timeout")),
                new Attack("index() of a 1,000,000-character needle", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("BEGIN { s = sprintf(\"%2000000s\", \"\"); gsub(/ /, \"a\", s); t = substr(s, 1, 1000000) \"b\"; "
                                + "print index(s, t) }", ""),
                        (mode, answer, target) -> assertThat(answer.json().getString("output"), is("0\n"))),
                new Attack("split() on a catastrophic separator", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        run("{ n = split($0, parts, \"((a+)+)+b\") }", "a".repeat(60) + "!"), outcome("timeout")));
    }

    // ---- One step that builds one huge value -------------------------------------------------------------------

    private List<Attack> oneStepValues() {
        String[][] scripts = {
                {"CONVFMT with a 300,000,000-character width", "BEGIN { CONVFMT = \"%300000000.1f\"; x = 1.5 \"\"; print length(x) }"},
                {"CONVFMT with a 1,000,000,000-character width", "BEGIN { CONVFMT = \"%1000000000.1f\"; x = 1.5 \"\"; print length(x) }"},
                {"CONVFMT with an argument index", "BEGIN { CONVFMT = \"%1$300000000.1f\"; x = 1.5 \"\"; print length(x) }"},
                {"sprintf with a 300,000,000-digit precision", "BEGIN { s = sprintf(\"%.300000000f\", 1) }"},
                {"sprintf with a width taken by index", "BEGIN { s = sprintf(\"%1$*2$d\", 1, 300000000) }"},
                {"gsub() making 10^9 characters", "BEGIN { s = sprintf(\"%100000s\", \"\"); r = sprintf(\"%10000s\", \"\"); gsub(/ /, r, s); print length(s) }"},
                {"gsub() with & copies", "BEGIN { s = sprintf(\"%4000s\", \"\"); gsub(/ /, \"&&&&&&&&&&&&&&&&\", s); gsub(/ /, \"&&&&&&&&&&&&&&&&\", s); gsub(/ /, \"&&&&&&&&&&&&&&&&\", s); print length(s) }"},
                {"$50000000 = x", "BEGIN { $50000000 = \"x\"; print NF }"},
                {"NF = 50000000", "BEGIN { $0 = \"a b\"; NF = 50000000; print length($0) }"},
                {"split() into millions of elements", "BEGIN { s = sprintf(\"%8000000s\", \"\"); print split(s, a, \"\") }"},
                {"sprintf with a computed width", "BEGIN { w = 2 ^ 31; s = sprintf(\"%*d\", w, 1) }"},
                {"string doubling", "BEGIN { s = \"x\"; while (1) s = s s }"},
                {"toupper() of a large value into an array", "BEGIN { s = sprintf(\"%8000000s\", \"\"); while (1) a[i++] = toupper(s) }"},
                {"substr() copies into an array", "BEGIN { s = sprintf(\"%8000000s\", \"\"); while (1) a[i++] = substr(s, 2) }"},
                {"a record rebuilt from 4,000,000 fields", "BEGIN { $0 = sprintf(\"%8000000s\", \"\"); gsub(/ /, \"a \"); $1 = \"b\"; print NF }"},
        };
        List<Attack> attacks = new ArrayList<>();
        for (String[] row : scripts) {
            attacks.add(new Attack("one step: " + row[0], Set.of(Mode.VULNERABLE, Mode.SANDBOXED), run(row[1], ""),
                    outcome("memory-limit"), Clock.NO_DEADLINE));
        }
        // Widths and precisions that printf, print (OFMT) and /test would write: the output limit comes first.
        String[][] printed = {
                {"OFMT with a 300,000,000-character width", "BEGIN { OFMT = \"%300000000.1f\"; print 1.5 }"},
                {"printf with a 300,000,000-character width", "BEGIN { printf \"%300000000d\", 1 }"},
                {"printf with a 300,000,000-digit precision on %e", "BEGIN { printf \"%.300000000e\", 1 }"},
                {"printf with a * width of 2^31", "BEGIN { printf \"%*s\", 2 ^ 31, \"x\" }"},
        };
        for (String[] row : printed) {
            attacks.add(new Attack("one step: " + row[0], Set.of(Mode.VULNERABLE, Mode.SANDBOXED), run(row[1], ""),
                    outcome("output-limit"), Clock.NO_DEADLINE));
        }
        attacks.add(new Attack("one step: printf to a file with a 300,000,000-character width", Set.of(Mode.VULNERABLE),
                run("BEGIN { printf \"%300000000d\", 1 > \"/dev/null\" }", ""), outcome("output-limit")));
        attacks.add(new Attack("one step: printf to a command with a 300,000,000-character width",
                Set.of(Mode.VULNERABLE), run("BEGIN { printf \"%300000000d\", 1 | \"cat >/dev/null\" }", ""),
                outcome("output-limit")));
        attacks.add(new Attack("one step: /test with a 300,000,000-character width", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                post("/test", "application/x-www-form-urlencoded",
                        "text=x&awkScript=" + java.net.URLEncoder.encode("{ printf \"%300000000d\", 1 }",
                                StandardCharsets.UTF_8)),
                (mode, answer, target) -> {
                    assertThat(answer.body(), answer.status(), is(200));
                    assertThat(answer.body(), containsString("over the output limit"));
                }));
        // Java's Formatter would build these (its '(' and ',' flags); AWK's grammar has no such flags: gawk prints them.
        attacks.add(new Attack("format: printf's ( flag and Java's , flag are text, as in gawk",
                Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                run("BEGIN { printf \"%(300000000d|\", 1; OFMT = \"%,300000000.1f\"; print 1.5 }", ""),
                (mode, answer, target) -> {
                    assertThat(answer.body(), answer.outcome(), is("completed"));
                    assertThat(answer.json().getString("output"), is("%(300000000d|%,300000000.1f\n"));
                }));
        attacks.add(new Attack("one step: exec() of a 400,000-character script", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                run("BEGIN { s = sprintf(\"%100000s\", \"\"); gsub(/ /, \"x=1;\", s); exec(\"BEGIN{\" s \"}\") }", ""),
                (mode, answer, target) -> {
                    assertThat(answer.outcome(), is("error"));
                    assertThat(answer.json().getString("error"), containsString("over the script-size limit"));
                }));
        // Each kind of value a script can pile up, two and four runs at once, each within its own limit: the heap
        // holds (the estimate counts as the JVM lays values out, and HeapWatch stops the largest run past 70% of the
        // old generation). Every answer is a result or a 503, never a dropped connection.
        String million = "x".repeat(1_000_000);
        String[][] hungry = {
                {"split() into characters, copied", "{ n = split($0, a, \"\"); for (i = 1; i <= n; i++) b[i] = a[i]; print n }", million},
                {"a UTF-16 string doubled into 50 elements", "BEGIN { s = \"\u20ac\"; while (length(s) < 1000000) s = s s; "
                        + "for (i = 0; i < 50; i++) a[i] = s i; print length(a[1]) }", ""},
                {"numbers into an array", "BEGIN { while (1) a[i++] = i + 0.5 }", ""},
                {"string keys", "BEGIN { while (1) a[\"key\" i++] = i }", ""},
                {"UTF-16 substr() copies", "BEGIN { s = sprintf(\"%4000000s\", \"\"); gsub(/ /, \"\u20ac\", s); "
                        + "while (1) a[i++] = substr(s, 2) }", ""},
        };
        for (String[] kind : hungry) {
            for (int runs : new int[] {2, 4}) {
                attacks.add(new Attack(runs + " runs at once: " + kind[0], Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                        concurrently(runs, kind[1], kind[2]),
                        (mode, answer, target) -> {
                            for (int status : answer.statuses()) {
                                assertThat(answer.body(), status == 200 || status == 503, is(true));
                            }
                            assertThat(answer.body(), not(containsString("Exception")));
                        }, Clock.NO_DEADLINE));
            }
        }
        // Requests wait for a run slot holding what they parsed: 150 inputs just under the limit would hold ~300 MiB.
        attacks.add(new Attack("150 requests with a 1 MiB input at once", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                concurrently(150, "{ n++ } END { print n }", ("y".repeat(1023) + "\n").repeat(1023)),
                (mode, answer, target) -> {
                    for (int status : answer.statuses()) {
                        assertThat(answer.body(), status == 200 || status == 503, is(true));
                    }
                    assertThat(answer.body(), answer.statuses().contains(200), is(true));
                }, Clock.NO_DEADLINE));
        attacks.add(new Attack("two memory-hungry runs at once", Set.of(Mode.VULNERABLE, Mode.SANDBOXED),
                concurrently(2, "BEGIN { s = sprintf(\"%1000s\", \"\"); while (1) a[i++] = s i }", ""),
                (mode, answer, target) -> assertThat(answer.body(), containsString("\"outcome\":\"memory-limit\"")),
                Clock.NO_DEADLINE));
        return attacks;
    }

    // ---- Processes ----------------------------------------------------------------------------------------------

    private List<Attack> processes() {
        return List.of(
                new Attack("background sleeps from system()", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"for i in 1 2 3; do sleep 31 & done\"); print \"returned\" }", ""),
                        (mode, answer, target) -> assertThat(answer.json().getString("output"), is("returned\n"))),
                new Attack("a double fork in a run that times out", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"(sleep 33 &)\"); while (1) {} }", ""), outcome("timeout")),
                new Attack("a new session in the background", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"setsid sleep 32 &\"); system(\"sh -c 'setsid sleep 37 &' &\") }", ""),
                        outcome("completed")),
                new Attack("background processes from pipes", Set.of(Mode.VULNERABLE),
                        run("BEGIN { \"sleep 34 & echo x\" | getline v; print \"x\" | \"sleep 35 & cat\"; print v }", ""),
                        (mode, answer, target) -> assertThat(answer.json().getString("output"), startsWith("x\n"))),
                new Attack("a command that outlives the deadline", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"sleep 600\") }", ""), outcome("timeout")),
                new Attack("a command that leaves zombies", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"sh -c 'true & true & true & exec sleep 2' &\") }", ""),
                        outcome("completed")),
                new Attack("a command that unsets the run's variable", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"unset AWK_PLAYGROUND_RUN; sleep 83 &\"); print \"returned\" }", ""),
                        (mode, answer, target) -> assertThat(answer.json().getString("output"), is("returned\n"))),
                new Attack("a command that empties its environment and leaves its session", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"env -i sh -c 'setsid sleep 84 &'\") }", ""), outcome("completed")),
                new Attack("a fork storm", Set.of(Mode.VULNERABLE),
                        run("BEGIN { system(\"while :; do sleep 61 & done\") }", ""),
                        (mode, answer, target) -> {
                            assertThat(answer.body(), answer.outcome(), is("process-limit"));
                            assertThat(answer.json().getString("error"), containsString("more than 64 processes"));
                        }, Clock.NO_DEADLINE));
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    private List<Attack> http() {
        Set<Mode> both = Set.of(Mode.VULNERABLE, Mode.SANDBOXED);
        return List.of(
                new Attack("http: an empty JSON body", both, post("api/v1/run", "application/json", ""), status(400)),
                new Attack("http: JSON nested 10,000 deep", both,
                        post("api/v1/run", "application/json", "[".repeat(10_000) + "]".repeat(10_000)), status(400)),
                new Attack("http: a variable of 100,000 digits", both,
                        post("api/v1/run", "application/json",
                                "{\"script\":\"BEGIN{}\",\"variables\":{\"a\":" + "9".repeat(100_000) + "}}"), status(400)),
                new Attack("http: trailing data after the object", both,
                        post("api/v1/run", "application/json", "{\"script\":\"BEGIN{print 1}\"} x"), status(400)),
                new Attack("http: a second object", both,
                        post("api/v1/run", "application/json", "{\"script\":\"BEGIN{print 1}\"}{\"script\":\"x\"}"),
                        status(400)),
                new Attack("http: a duplicate key", both,
                        post("api/v1/run", "application/json", "{\"script\":\"BEGIN{print 1}\",\"script\":\"BEGIN{print 2}\"}"),
                        status(400)),
                new Attack("http: a 5,000,000-character unknown field name", both,
                        post("api/v1/run", "application/json", "{\"" + "a".repeat(5_000_000) + "\":1}"),
                        (mode, answer, target) -> {
                            assertThat(answer.status(), is(400));
                            assertThat(answer.body().length(), lessThan(1_000));
                        }),
                new Attack("http: an empty form", both, post("test", "application/x-www-form-urlencoded", ""),
                        status(400)),
                new Attack("http: a malformed %-escape in a form", both,
                        post("test", "application/x-www-form-urlencoded", "text=%zz&awkScript=x"), status(400)),
                new Attack("http: 100,000 multipart parts", both,
                        target -> {
                            StringBuilder body = new StringBuilder();
                            for (int i = 0; i < 100_000; i++) {
                                body.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i)
                                        .append("\"\r\n\r\nx\r\n");
                            }
                            body.append("--b--\r\n");
                            return answer(target.http().post("test", "multipart/form-data; boundary=b", body.toString()));
                        },
                        status(400)),
                new Attack("http: a chunk size that is not hexadecimal", both,
                        raw("POST /api/v1/run HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n",
                                "zz\r\n{\"script\":\"BEGIN{print 1}\"}\r\n0\r\n\r\n", false),
                        oneAnswerThenClosed(400)),
                new Attack("http: a chunk size of 2^64 - 1", both,
                        raw("POST /api/v1/run HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n",
                                "ffffffffffffffff\r\n{\"script\":\"BEGIN{print 1}\"}\r\n0\r\n\r\n", false),
                        oneAnswerThenClosed(400)),
                new Attack("http: a body shorter than its Content-Length, then a half-close", both,
                        raw("POST /api/v1/run HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 100\n",
                                "{\"script\":\"BEGIN{print 1}\"}", true),
                        oneAnswerThenClosed(400)),
                new Attack("http: Connection: close is honoured", both,
                        raw("GET /observe/health/live HTTP/1.1\nHost: x\nConnection: close\n", "", false),
                        oneAnswerThenClosed(204)));
    }

    // ---- Sending and expecting ----------------------------------------------------------------------------------

    private static Function<Target, Answer> run(String script, String input) {
        return target -> answer(target.http().run(script, input));
    }

    /** The same run sent {@code count} times at once; the answer holds every status and every body. */
    private static Function<Target, Answer> concurrently(int count, String script, String input) {
        return target -> {
            // A client of its own, closed after the burst: its idle connections are not the server's doing.
            try (Http burst = new Http(target.service().uri())) {
                List<CompletableFuture<Http.Response>> sent = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    sent.add(burst.runAsync(script, input));
                }
                List<Integer> statuses = new ArrayList<>();
                StringBuilder bodies = new StringBuilder();
                for (CompletableFuture<Http.Response> response : sent) {
                    Http.Response answer = response.join();
                    statuses.add(answer.status());
                    bodies.append(answer.body()).append('\n');
                }
                return new Answer(statuses.getFirst(), bodies.toString(), false, statuses);
            }
        };
    }

    private static Function<Target, Answer> post(String path, String contentType, String body) {
        return target -> answer(target.http().post(path, contentType, body));
    }

    private static Function<Target, Answer> raw(String head, String body, boolean halfClose) {
        return target -> {
            RawHttp.Exchange exchange = RawHttp.exchange(target.service().uri(), RawHttp.request(head, body), halfClose,
                    5_000);
            List<Integer> statuses = exchange.statuses();
            return new Answer(statuses.isEmpty() ? -1 : statuses.getFirst(), exchange.body(), exchange.closed(),
                    statuses);
        };
    }

    private static Answer answer(Http.Response response) {
        return new Answer(response.status(), response.body(), false, List.of(response.status()));
    }

    private static Expectation outcome(String outcome) {
        return (mode, answer, target) -> {
            assertThat(answer.body(), answer.status(), is(200));
            assertThat(answer.body(), answer.outcome(), is(outcome));
        };
    }

    private static Expectation status(int status) {
        return (mode, answer, target) -> {
            assertThat(answer.body(), answer.status(), is(status));
            assertThat(answer.body(), startsWith("{\"type\":"));
        };
    }

    private static Expectation oneAnswerThenClosed(int status) {
        return (mode, answer, target) -> {
            assertThat("exactly one response", answer.statuses(), is(List.of(status)));
            assertThat("the server closed the connection", answer.closed(), is(true));
        };
    }

    private static void refused(Answer answer, String detail) {
        assertThat(answer.body(), answer.status(), is(422));
        JsonObject problem = answer.json();
        assertThat(problem.getString("type"), is("tag:awk-playground,2026:problem:sandbox-refusal"));
        assertThat(problem.getString("detail"), startsWith(detail + " in sandboxed mode"));
    }

    /** Waits until the server runs nothing and nothing is stuck: the attack's run has ended, not only its answer. */
    private static void awaitNoActiveRun(Target target) throws InterruptedException {
        Pattern active = Pattern.compile("playground_runs_active\\{[^}]*} (\\S+)");
        Pattern stuck = Pattern.compile("playground_runs_stuck\\{[^}]*} (\\S+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS + 5);
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = target.http().get("observe/metrics").body();
            if (value(active, metrics) == 0 && value(stuck, metrics) == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("a run is still active or stuck: " + value(active, metrics) + " active, "
                + value(stuck, metrics) + " stuck");
    }

    private static double value(Pattern metric, String metrics) {
        Matcher m = metric.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
