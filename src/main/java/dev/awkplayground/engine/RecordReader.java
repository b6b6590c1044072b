package dev.awkplayground.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads records, for the main input and for getline from files and commands, with the run's limits applied: a record may not outgrow the largest value a run may
 * hold (reading {@code /dev/zero} or a file without line breaks ends with {@code memory-limit}, not with the server
 * out of memory), and a regular-expression {@code RS} is matched over text that checks the deadline.
 * <p>
 * {@code RS} is read before every record, so an assignment to it applies from the next record on, as in awk.
 * Separators as jawk 5.0.00 treats them (this reader replaces its {@code PartitioningReader}): the empty RS reads the rest of the input as one record; a newline, a
 * carriage return or CR LF is a literal separator; anything longer is a regular expression. A single other character
 * is a literal separator here, as POSIX says (jawk reads it as a regular expression, so that {@code RS="."} would split
 * at every character).
 */
public final class RecordReader implements Closeable {
    private static final int CHUNK = 8192;

    private final Reader source;
    private final Supplier<String> recordSeparator;
    private final RunGuard guard;
    private final StringBuilder buffer = new StringBuilder();
    private final char[] chunk = new char[CHUNK];
    private boolean eof;
    // Where the search for a literal separator goes on after more text arrives.
    private int searchedTo;
    private String lastSeparator;

    /**
     * @param recordSeparator {@code RS} as it is now
     */
    public RecordReader(InputStream input, Supplier<String> recordSeparator, RunGuard guard) {
        this.source = new InputStreamReader(input, StandardCharsets.UTF_8);
        this.recordSeparator = recordSeparator;
        this.guard = guard;
    }

    /**
     * @return the next record without its separator, or {@code null} at the end of the input
     */
    public String readRecord() throws IOException {
        String separator = recordSeparator.get();
        if (!separator.equals(lastSeparator)) {
            lastSeparator = separator;
            searchedTo = 0;
        }
        if (separator.isEmpty()) {
            while (fill()) {
                // the rest of the input is the record
            }
            return takeAll();
        }
        boolean literal = separator.length() == 1 || separator.equals("\r\n");
        Pattern pattern = literal ? null
                : guard.regexes().compile(separator, Pattern.DOTALL | Pattern.MULTILINE, "RS");
        while (true) {
            if (literal) {
                int at = buffer.indexOf(separator, searchedTo);
                if (at >= 0) {
                    return take(at, at + separator.length());
                }
                searchedTo = Math.max(0, buffer.length() - separator.length() + 1);
            } else if (buffer.length() > 0) {
                Matcher match = guard.regexes().matcher(pattern, buffer);
                if (match.find()) {
                    return take(match.start(), match.end());
                }
            }
            if (!fill()) {
                return takeAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Reads one more chunk; false at the end of the input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = source.read(chunk, 0, CHUNK);
        if (n < 0) {
            eof = true;
            return false;
        }
        long length = buffer.length() + (long) n;
        if (length > guard.largestValue()) {
            throw guard.stop(Outcome.MEMORY_LIMIT, "a record grew past " + guard.largestValue()
                    + " characters without reaching a record separator, over the limit for a single value "
                    + "(a quarter of the memory limit)");
        }
        buffer.append(chunk, 0, n);
        return true;
    }

    private String take(int end, int separatorEnd) {
        guard.reserve(end + RunGuard.VALUE_OVERHEAD, () -> "a record");
        String record = buffer.substring(0, end);
        buffer.delete(0, separatorEnd);
        searchedTo = 0;
        return record;
    }

    private String takeAll() {
        if (buffer.isEmpty()) {
            return null;
        }
        guard.reserve(buffer.length() + RunGuard.VALUE_OVERHEAD, () -> "a record");
        String record = buffer.toString();
        buffer.setLength(0);
        searchedTo = 0;
        return record;
    }
}
