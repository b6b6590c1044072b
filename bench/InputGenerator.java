import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the benchmark input: lines like a web server's access log, nine blank-separated fields, always the same for
 * the same size (a fixed seed), ASCII only so every AWK reads it the same way.
 * <pre>
 *   $1 sequence  $2 user  $3 client address  $4 method  $5 path  $6 status  $7 bytes  $8 seconds (3 decimals)  $9 note
 *   1 alice 10.0.3.17 GET /api/v1/users/4411 200 5123 0.125 ok
 * </pre>
 */
final class InputGenerator {
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
            "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe"};
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE"};
    private static final String[] RESOURCES = {"users", "orders", "items", "search", "reports"};
    private static final String[] STATIC = {"/", "/index.html", "/static/app.js", "/static/style.css",
            "/favicon.ico", "/observe/health/ready"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 403, 404, 500, 503};
    private static final String[] NOTES = {"ok", "ok", "ok", "ok", "ok", "cached", "retry", "error", "timeout",
            "upstream-failed", "slow"};

    private InputGenerator() {
    }

    /** Writes lines until the file holds at least {@code bytes} bytes; returns the number of lines. */
    static long write(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(6);
        long written = 0;
        long line = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder text = new StringBuilder(128);
            while (written < bytes) {
                line++;
                text.setLength(0);
                text.append(line).append(' ')
                        .append(pick(random, USERS)).append(' ')
                        .append("10.0.").append(random.nextInt(8)).append('.').append(1 + random.nextInt(254)).append(' ')
                        .append(pick(random, METHODS)).append(' ');
                if (random.nextInt(4) == 0) {
                    text.append(pick(random, STATIC));
                } else {
                    text.append("/api/v").append(1 + random.nextInt(2)).append('/').append(pick(random, RESOURCES))
                            .append('/').append(random.nextInt(100_000));
                }
                int millis = random.nextInt(10) == 0 ? random.nextInt(10_000) : random.nextInt(400);
                text.append(' ').append(STATUSES[random.nextInt(STATUSES.length)])
                        .append(' ').append(random.nextInt(100_000))
                        .append(' ').append(millis / 1000).append('.').append(String.format("%03d", millis % 1000))
                        .append(' ').append(pick(random, NOTES)).append('\n');
                out.append(text);
                written += text.length();
            }
        }
        return line;
    }

    private static String pick(SplittableRandom random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
