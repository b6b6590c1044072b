import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attack probe of the hardening demo: runs a catalog of attacks through the playground's own API, using AWK's
 * own primitives only (system(), pipes, getline from files, print to files, ENVIRON), and prints a scorecard of what
 * worked. It only reports; it does not judge the service, and exits 0 whenever it ran.
 *
 * <pre>
 * java demo/Probe.java [--json | --markdown] [--json-file FILE] [--loopback-port 8080] [--egress-target HOST:PORT]
 *                      [--cluster] [NAME=]SERVICE [[NAME=]SERVICE ...]
 * java demo/Probe.java localhost:8080
 * java demo/Probe.java --markdown fat=http://127.0.0.1:8081 hardened=http://127.0.0.1:8080
 * </pre>
 *
 * A SERVICE is HOST:PORT or an http(s) URL.
 *
 * With several services, the scorecards are printed side by side, one column each.
 *
 * Network attacks aim at the pod's own loopback port only, so the probe shows that the means to open a connection
 * exist without sending traffic anywhere else. {@code --egress-target} adds an attack that connects to an outside
 * address of your choosing (off by default): on a cluster it shows whether the NetworkPolicy blocks egress.
 *
 * Needs nothing but a JDK 21 or newer.
 */
public class Probe {

    /** One attack: an AWK script, and how to tell from its output whether it worked. */
    record Attack(String id, String category, String tries, String script, Pattern works, Pattern evidence) {
        Attack(String id, String category, String tries, String script, String works) {
            this(id, category, tries, script, Pattern.compile(works, Pattern.MULTILINE), null);
        }

        Attack showing(String evidenceLine) {
            return new Attack(id, category, tries, script, works, Pattern.compile(evidenceLine, Pattern.MULTILINE));
        }
    }

    /** What an attack did. */
    record Finding(Attack attack, boolean works, String evidence) {
    }

    static final String MARK = "awk-playground-probe-" + UUID.randomUUID().toString().substring(0, 8);

    /** An HTTP status from curl or wget, or bash's connection: curl prints "HTTP 000" when it could not connect. */
    static final String CONNECTED = "(HTTP(/\\S+)? [1-9]\\d\\d|connected)";

    static List<Attack> catalog(int loopbackPort, String egressTarget) {
        String health = "http://127.0.0.1:" + loopbackPort + "/observe/health/live";
        List<Attack> attacks = new ArrayList<>(List.of(
                new Attack("run-command", "execution", "run a program: system(\"id\")",
                        "BEGIN { system(\"id\") }", "uid=\\d+"),
                new Attack("spawn-shell", "execution", "start a shell: system(\"sh -c ...\")",
                        "BEGIN { system(\"sh -c 'echo shell $0 running as pid $$'\") }", "^shell \\S+ running"),
                new Attack("command-pipe", "execution", "read a command's output: \"uname -a\" | getline",
                        "BEGIN { while ((\"uname -a\" | getline line) > 0) print line }", "\\S"),
                new Attack("root-user", "identity", "run as root (Uid in /proc/self/status)",
                        "BEGIN { while ((getline l < \"/proc/self/status\") > 0) if (l ~ /^(Uid|Gid|Groups):/) print l }",
                        "^Uid:\\s+0\\s").showing("^Uid:.*"),
                new Attack("capabilities", "identity", "hold Linux capabilities (CapEff in /proc/self/status)",
                        "BEGIN { while ((getline l < \"/proc/self/status\") > 0) if (l ~ /^CapEff:/) print l }",
                        "^CapEff:\\s+0*[1-9a-f][0-9a-f]*$").showing("^CapEff:.*"),
                new Attack("read-passwd", "files", "read /etc/passwd",
                        readLines("/etc/passwd", "accounts listed in /etc/passwd"), "^[1-9]\\d* accounts"),
                new Attack("read-shadow", "files", "read password hashes in /etc/shadow",
                        readLines("/etc/shadow", "entries read from /etc/shadow"), "^[1-9]\\d* entries"),
                new Attack("read-pid1-environ", "files", "read the environment of PID 1 (/proc/1/environ)",
                        "BEGIN { if ((getline l < \"/proc/1/environ\") > 0) print \"read \" length(l) \" bytes\" }",
                        "^read \\d+ bytes"),
                // "works" when the environment could be read at all: the variables are the attacker's to look through.
                new Attack("env-secrets", "secrets", "read the environment (ENVIRON), looking for secrets",
                        "BEGIN { for (k in ENVIRON) { n++; if (k ~ /PASS|SECRET|TOKEN|KEY|CRED/) s = s \" \" k }; "
                                + "print n + 0 \" variables found; secret-looking names:\" (s == \"\" ? \" none\" : s) }",
                        "^[1-9]\\d* variables found"),
                new Attack("service-links", "secrets", "learn other services' addresses (service-link variables)",
                        "BEGIN { for (k in ENVIRON) if (k ~ /_SERVICE_HOST$/ && k !~ /^KUBERNETES_/) "
                                + "print k \"=\" ENVIRON[k] }", "_SERVICE_HOST="),
                new Attack("write-root", "write", "write a file to / (" + "/" + MARK + ")",
                        writeFile("/" + MARK), "^written$"),
                new Attack("write-usr-lib", "write", "write a file to /usr/lib",
                        writeFile("/usr/lib/" + MARK), "^written$"),
                new Attack("write-tmp", "write", "write a file to /tmp",
                        writeFile("/tmp/" + MARK), "^written$"),
                new Attack("package-manager", "tools", "find a package manager (apt-get, apk, dnf, yum)",
                        findPrograms("apt-get apk dnf yum microdnf"), "^/"),
                new Attack("downloader", "tools", "find a downloader (curl, wget)",
                        findPrograms("curl wget"), "^/"),
                new Attack("interpreter", "tools", "find an interpreter (perl, python3)",
                        findPrograms("perl python3 python"), "^/"),
                new Attack("setuid-binaries", "tools", "find setuid binaries",
                        "BEGIN { system(\"find /bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/lib -perm -4000 -type f "
                                + "2>/dev/null | head -n 5\") }", "^/"),
                new Attack("sa-token", "kubernetes", "read the service-account token",
                        "BEGIN { f = \"/var/run/secrets/kubernetes.io/serviceaccount/token\"; "
                                + "if ((getline t < f) > 0) print \"token \" substr(t, 1, 12) \"...\" }", "^token "),
                new Attack("api-server", "kubernetes", "learn the API server's address (KUBERNETES_SERVICE_HOST)",
                        "BEGIN { if (ENVIRON[\"KUBERNETES_SERVICE_HOST\"] != \"\") "
                                + "print ENVIRON[\"KUBERNETES_SERVICE_HOST\"] \":\" ENVIRON[\"KUBERNETES_SERVICE_PORT\"] }",
                        "\\S"),
                new Attack("open-connection", "network", "open a TCP connection (to the pod's own 127.0.0.1:"
                        + loopbackPort + ")", connect(health), CONNECTED)));
        if (egressTarget != null) {
            String[] hostPort = egressTarget.split(":", 2);
            attacks.add(new Attack("egress", "network", "open a connection out of the pod (" + egressTarget + ")",
                    connect("http://" + hostPort[0] + ":" + hostPort[1] + "/"), CONNECTED));
        }
        return attacks;
    }

    /**
     * Attacks only a cluster can answer (--cluster, and the cluster lab): from inside the pod, reach the API server
     * whose address Kubernetes puts in every pod's environment, with whatever tool the image has.
     */
    static List<Attack> clusterAttacks() {
        return List.of(new Attack("api-server-reachable", "kubernetes",
                "reach the API server from the pod (https://KUBERNETES_SERVICE_HOST:PORT/version)",
                "BEGIN { h = ENVIRON[\"KUBERNETES_SERVICE_HOST\"]; p = ENVIRON[\"KUBERNETES_SERVICE_PORT\"]; "
                        + "if (h == \"\") { print \"no API server address in ENVIRON\"; exit } "
                        + "u = \"https://\" (h ~ /:/ ? \"[\" h \"]\" : h) \":\" p \"/version\"; "
                        + "system(\"if command -v curl >/dev/null; then "
                        + "curl -sk -m 5 -o /dev/null -w 'curl: HTTP %{http_code}\\\\n' \" u \"; "
                        + "elif command -v wget >/dev/null; then "
                        + "wget -q -T 5 --no-check-certificate -S -O /dev/null \" u \" 2>&1 "
                        + "| head -n 1 | sed 's/^ */wget: /'; "
                        + "else bash -c 'exec 3<>/dev/tcp/\" h \"/\" p \" && echo bash: connected'; fi\") }",
                CONNECTED));
    }

    /** Counts the file's lines; where it cannot be opened (getline's -1) prints nothing: stderr says why. */
    static String readLines(String file, String what) {
        return "BEGIN { while ((r = (getline l < \"" + file + "\")) > 0) n++; if (r == 0) print n + 0 \" " + what
                + "\" }";
    }

    /** Writes, reads back, then removes the file where a shell is there to do it. */
    static String writeFile(String file) {
        return "BEGIN { f = \"" + file + "\"; print \"" + MARK + "\" > f; close(f); "
                + "if ((getline l < f) > 0 && l == \"" + MARK + "\") print \"written\"; close(f); "
                + "system(\"rm -f '\" f \"'\") }";
    }

    static String findPrograms(String names) {
        return "BEGIN { system(\"for t in " + names + "; do command -v $t; done\") }";
    }

    /** Whatever the image offers: curl, wget, or bash's /dev/tcp. */
    static String connect(String url) {
        URI uri = URI.create(url);
        String tcp = "/dev/tcp/" + uri.getHost() + "/" + uri.getPort();
        return "BEGIN { system(\"curl -s -m 5 -o /dev/null -w 'curl: HTTP %{http_code}\\\\n' " + url
                + " || { command -v wget > /dev/null && wget -q -T 5 -S -O /dev/null " + url
                + " 2>&1 | head -n 1 | sed 's/^ */wget: /'; }"
                + " || bash -c 'exec 3<>" + tcp + " && echo bash: " + tcp + " connected'\") }";
    }

    /** A service to attack, named for the scorecard's column. */
    record Target(String name, URI run) {
        private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9_./-]+)=(.*)");
        private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+\\]:\\d{1,5}");

        /** {@code [NAME=]HOST:PORT} or {@code [NAME=]URL}; curl's {@code localhost:8080} is {@code http://localhost:8080}. */
        static Target parse(String argument, int index) {
            // A name has no ':', so the '=' in a URL's query does not make one; it may have '/' (the lab's fat/insecure).
            Matcher named = NAMED.matcher(argument);
            boolean hasName = named.matches();
            String service = hasName ? named.group(2) : argument;
            String name = hasName ? named.group(1) : index == 0 ? "service" : "service" + (index + 1);
            if (HOST_PORT.matcher(service).matches()) {
                service = "http://" + service;
            }
            URI uri;
            try {
                uri = new URI(service.endsWith("/") ? service : service + "/");
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            boolean web = uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
            if (!web || uri.getHost() == null || uri.getPort() > 65535) {
                throw new UsageException("'" + argument + "' is not HOST:PORT (localhost:8080) or an http(s):// URL");
            }
            return new Target(name, uri.resolve("api/v1/run"));
        }
    }

    /** A bad command line: one line saying what is wrong, then the usage; never a stack trace. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    static final String USAGE = """
            usage: java demo/Probe.java [--json | --markdown] [--json-file FILE] [--loopback-port PORT]
                                        [--egress-target HOST:PORT] [--cluster] [NAME=]SERVICE [[NAME=]SERVICE ...]
            """;

    static final String HELP = USAGE + """

            Attacks each SERVICE, a running AWK playground, through its own API and prints a scorecard of what worked.
              SERVICE                    HOST:PORT (localhost:8080) or a URL (http://127.0.0.1:8080)
              NAME=SERVICE               names the scorecard's column; several services are scored side by side
              --json, --markdown         the scorecard as JSON or as a Markdown table (default: text)
              --json-file FILE           also write the JSON scorecard to FILE
              --loopback-port PORT       the port the network attack connects to inside the service's host or pod
                                         (default 8080: the pod's own, so no traffic leaves it)
              --egress-target HOST:PORT  add an attack that connects out of the pod to HOST:PORT
              --cluster                  add the attacks only a cluster can answer (reaching the API server)
            Exit status: 0 when every service was probed, 2 for a bad argument or a service that could not be reached.
            """;

    public static void main(String[] args) throws InterruptedException, IOException {
        try {
            probe(args);
        } catch (UsageException e) {
            System.err.print("probe: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
    }

    static void probe(String[] args) throws InterruptedException, IOException {
        String format = "text";
        String jsonFile = null;
        int loopbackPort = 8080;
        String egress = null;
        boolean cluster = false;
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.print(HELP);
                    return;
                }
                case "--json" -> format = "json";
                case "--markdown" -> format = "markdown";
                case "--json-file" -> jsonFile = valueOf(args, ++i, "--json-file", "a file name");
                case "--loopback-port" -> loopbackPort = port(valueOf(args, ++i, "--loopback-port", "a port"));
                case "--egress-target" -> {
                    egress = valueOf(args, ++i, "--egress-target", "HOST:PORT");
                    if (!egress.matches("[^:]+:\\d+")) {
                        throw new UsageException("--egress-target takes HOST:PORT, not '" + egress + "'");
                    }
                }
                case "--cluster" -> cluster = true;
                default -> {
                    if (args[i].startsWith("-")) {
                        throw new UsageException("unknown option " + args[i]);
                    }
                    targets.add(Target.parse(args[i], targets.size()));
                }
            }
        }
        if (targets.isEmpty()) {
            throw new UsageException("name the service to probe, for example localhost:8080");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Attack> attacks = catalog(loopbackPort, egress);
        if (cluster) {
            attacks.addAll(clusterAttacks());
        }
        Map<String, List<Finding>> scorecards = new LinkedHashMap<>();
        for (Target target : targets) {
            List<Finding> findings = new ArrayList<>();
            for (Attack attack : attacks) {
                try {
                    findings.add(attempt(client, target.run(), attack));
                } catch (IOException e) {
                    System.err.println("probe: cannot probe " + target.run() + ": "
                            + (e instanceof ConnectException ? "could not connect"
                                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                    System.exit(2);
                }
            }
            scorecards.put(target.name(), findings);
        }
        if (jsonFile != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(jsonFile), json(attacks, scorecards));
        }
        System.out.print(switch (format) {
            case "json" -> json(attacks, scorecards);
            case "markdown" -> markdown(attacks, scorecards);
            default -> text(scorecards);
        });
    }

    static String valueOf(String[] args, int index, String option, String what) {
        if (index >= args.length) {
            throw new UsageException(option + " needs " + what);
        }
        return args[index];
    }

    static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
            throw new UsageException("'" + text + "' is not a port number");
        }
        return Integer.parseInt(text);
    }

    static Finding attempt(HttpClient client, URI run, Attack attack) throws IOException, InterruptedException {
        String body = "{\"script\": " + Json.quote(attack.script()) + ", \"input\": \"\"}";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(run)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> result;
        try {
            result = Json.parseObject(response.body());
        } catch (RuntimeException e) {
            throw new IOException("it answered HTTP " + response.statusCode() + " without the playground's JSON; "
                    + "is it an AWK playground?");
        }
        if (response.statusCode() != 200) {
            // A problem: for example sandboxed mode refusing commands and files.
            return new Finding(attack, false, firstLine(String.valueOf(result.get("detail"))));
        }
        String output = String.valueOf(result.get("output"));
        if (attack.works().matcher(output).find()) {
            return new Finding(attack, true, evidence(attack, output));
        }
        String why = firstNonBlank(evidence(attack, output), (String) result.get("error"),
                (String) result.get("stderr"), "no output");
        return new Finding(attack, false, why);
    }

    static String evidence(Attack attack, String output) {
        if (attack.evidence() != null) {
            Matcher m = attack.evidence().matcher(output);
            return m.find() ? m.group().replaceAll("\\s+", " ") : "";
        }
        Matcher m = attack.works().matcher(output);
        if (m.find()) {
            int start = output.lastIndexOf('\n', m.start()) + 1;
            int end = output.indexOf('\n', m.start());
            return output.substring(start, end < 0 ? output.length() : end);
        }
        return firstLine(output);
    }

    static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return firstLine(candidate);
            }
        }
        return "";
    }

    static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }

    static String text(Map<String, List<Finding>> scorecards) {
        return scorecards.size() == 1 ? textOne(scorecards.values().iterator().next()) : textSideBySide(scorecards);
    }

    static String textOne(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-18s %-8s %s%n", "ATTACK", "RESULT", "EVIDENCE"));
        for (Finding f : findings) {
            out.append(String.format("%-18s %-8s %s%n", f.attack().id(), f.works() ? "works" : "blocked",
                    f.evidence()));
        }
        return out.append(worked(findings)).append(" attacks worked\n").toString();
    }

    /** One column a service, as --markdown has it: the result and the start of its evidence, cut to fit. */
    static String textSideBySide(Map<String, List<Finding>> scorecards) {
        int width = 34;
        StringBuilder out = new StringBuilder(String.format("%-18s", "ATTACK"));
        scorecards.keySet().forEach(target -> out.append(' ').append(fit(target.toUpperCase(Locale.ROOT), width)));
        out.setLength(out.toString().stripTrailing().length());
        out.append('\n');
        int attacks = scorecards.values().iterator().next().size();
        for (int i = 0; i < attacks; i++) {
            out.append(String.format("%-18s", scorecards.values().iterator().next().get(i).attack().id()));
            for (List<Finding> findings : scorecards.values()) {
                Finding f = findings.get(i);
                String cell = (f.works() ? "works" : "blocked") + (f.evidence().isEmpty() ? "" : ": " + f.evidence());
                out.append(' ').append(fit(cell, width));
            }
            out.setLength(out.toString().stripTrailing().length());
            out.append('\n');
        }
        out.append(String.format("%-18s", "attacks worked"));
        scorecards.values().forEach(findings -> out.append(' ').append(fit(worked(findings), width)));
        out.setLength(out.toString().stripTrailing().length());
        return out.append('\n').toString();
    }

    static String worked(List<Finding> findings) {
        return findings.stream().filter(Finding::works).count() + " of " + findings.size();
    }

    /** Exactly {@code width} characters: padded, or cut with "..." at its end. */
    static String fit(String text, int width) {
        String line = text.replace('\n', ' ');
        return line.length() > width ? line.substring(0, width - 3) + "..." : String.format("%-" + width + "s", line);
    }

    /** One row an attack; with several services, one column each, side by side. */
    static String markdown(List<Attack> attacks, Map<String, List<Finding>> scorecards) {
        boolean single = scorecards.size() == 1;
        StringBuilder out = new StringBuilder("| attack | tries |");
        StringBuilder rule = new StringBuilder("|---|---|");
        if (single) {
            out.append(" result | evidence |");
            rule.append("---|---|");
        } else {
            for (String target : scorecards.keySet()) {
                out.append(' ').append(target).append(" |");
                rule.append("---|");
            }
        }
        out.append('\n').append(rule).append('\n');
        for (int i = 0; i < attacks.size(); i++) {
            out.append("| ").append(attacks.get(i).id()).append(" | ").append(cell(attacks.get(i).tries())).append(" |");
            for (List<Finding> findings : scorecards.values()) {
                Finding f = findings.get(i);
                String result = f.works() ? "**works**" : "blocked";
                out.append(' ').append(result).append(single ? " | " : ": ").append(cell(f.evidence())).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String cell(String text) {
        return text.isEmpty() ? "" : "`" + text.replace("|", "\\|").replace("`", "'") + "`";
    }

    /** {"targets": [...], "attacks": [{"attack", "category", "tries", "results": {target: {result, evidence}}}]} */
    static String json(List<Attack> attacks, Map<String, List<Finding>> scorecards) {
        StringBuilder out = new StringBuilder("{\"targets\": [");
        out.append(String.join(", ", scorecards.keySet().stream().map(Json::quote).toList())).append("],\n");
        out.append(" \"attacks\": [\n");
        for (int i = 0; i < attacks.size(); i++) {
            Attack attack = attacks.get(i);
            out.append("  {\"attack\": ").append(Json.quote(attack.id()))
                    .append(", \"category\": ").append(Json.quote(attack.category()))
                    .append(", \"tries\": ").append(Json.quote(attack.tries()))
                    .append(", \"results\": {");
            int column = 0;
            for (Map.Entry<String, List<Finding>> scorecard : scorecards.entrySet()) {
                Finding f = scorecard.getValue().get(i);
                out.append(column++ > 0 ? ", " : "").append(Json.quote(scorecard.getKey()))
                        .append(": {\"result\": ").append(Json.quote(f.works() ? "works" : "blocked"))
                        .append(", \"evidence\": ").append(Json.quote(f.evidence())).append('}');
            }
            out.append("}}").append(i < attacks.size() - 1 ? ",\n" : "\n");
        }
        return out.append(" ]}\n").toString();
    }

    /** Just enough JSON for the playground's answers, so the probe needs nothing but a JDK. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Map<String, Object> parseObject(String text) {
            Object value = new Json(text).value();
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                return object;
            }
            throw new IllegalArgumentException("not a JSON object: " + text);
        }

        static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        private Object value() {
            skipSpace();
            char c = text.charAt(at);
            switch (c) {
                case '{' -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    at++;
                    skipSpace();
                    if (text.charAt(at) == '}') {
                        at++;
                        return object;
                    }
                    do {
                        skipSpace();
                        String key = string();
                        skipSpace();
                        expect(':');
                        object.put(key, value());
                        skipSpace();
                    } while (text.charAt(at++) == ',');
                    return object;
                }
                case '[' -> {
                    List<Object> array = new ArrayList<>();
                    at++;
                    skipSpace();
                    if (text.charAt(at) == ']') {
                        at++;
                        return array;
                    }
                    do {
                        array.add(value());
                        skipSpace();
                    } while (text.charAt(at++) == ',');
                    return array;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    int start = at;
                    while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
                        at++;
                    }
                    String literal = text.substring(start, at);
                    return switch (literal) {
                        case "null" -> null;
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> Double.valueOf(literal);
                    };
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private void expect(char c) {
            if (text.charAt(at++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
