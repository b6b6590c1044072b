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
 * Separators as awk reads them (this reader replaces jawk's {@code PartitioningReader}): the empty RS is paragraph mode,
 * records separated by one or more blank lines, with the newlines at the start and end of the input ignored (jawk
 * reads the rest of the input as one record); a single character or CR LF is a literal separator, as POSIX says
 * (jawk reads a single character as a regular expression, so that {@code RS="."} would split at every character);
 * anything longer is a regular expression.
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
    // A regular-expression RS's first non-empty match past empty ones ([nonEmptyAt, nonEmptyEnd), -1 when not
    // known), and where the search that found it started, or goes on from after more input arrives.
    private int nonEmptyAt = -1;
    private int nonEmptyEnd;
    private int searchFrom;

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
            nonEmptyAt = -1;
            searchFrom = 0;
        }
        if (separator.isEmpty()) {
            return readParagraph();
        }
        boolean literal = separator.length() == 1 || separator.equals("\r\n");
        Pattern pattern = literal ? null
                : guard.regexes().compile(separator, 0, "RS");
        boolean more = true;
        while (true) {
            if (literal) {
                int at = buffer.indexOf(separator, searchedTo);
                if (at >= 0) {
                    return take(at, at + separator.length());
                }
                searchedTo = Math.max(0, buffer.length() - separator.length() + 1);
            } else if (buffer.length() > 0) {
                // at the end of the input, once more: a match that waited for more input is now whole
                int[] separatorAt = separator(pattern);
                if (separatorAt != null) {
                    return take(separatorAt[0], separatorAt[1]);
                }
            }
            if (!more) {
                return takeAll();
            }
            more = fill();
            if (!more && literal) {
                return takeAll();
            }
        }
    }

    /**
     * Where a regular-expression RS ends the record, as gawk reads it: at its first match, unless more input could
     * make that match longer ({@code RS = "\n+"} at the end of a chunk). A match of the empty string separates
     * nothing: gawk searches again from the character after it, and again, until a match that is not empty; when
     * there is none ({@code RS = "()"}) the rest of the input is one record. When there is one, gawk measures it from
     * where its last search started, not from the record's start: the record is as long as the distance from that
     * start to the match, and it and the match's length are dropped from the record's start. So with {@code RS =
     * "x*"} each character before an {@code x} ends an empty record, and {@code abxxc} is three records, "", "" and
     * "c". What that search found is kept for the records that follow, so a long stretch is searched once.
     *
     * @return the record's end and the separator's end, or null to read more input first
     */
    private int[] separator(Pattern pattern) {
        Matcher match = guard.regexes().matcher(pattern, buffer);
        if (!match.find()) {
            return null;
        }
        if (match.hitEnd() && !eof) {
            return null;
        }
        if (match.end() > match.start()) {
            nonEmptyAt = -1;
            searchFrom = 0;
            return new int[] {match.start(), match.end()};
        }
        int from = Math.max(match.start() + 1, searchFrom);
        while (nonEmptyAt < 0) {
            if (from > buffer.length() || !match.find(from) || match.hitEnd() && !eof) {
                searchFrom = from;
                return null;
            }
            if (match.end() > match.start()) {
                nonEmptyAt = match.start();
                nonEmptyEnd = match.end();
                searchFrom = from;
            } else {
                from = match.start() + 1;
            }
        }
        int length = nonEmptyAt - searchFrom;
        int dropped = length + nonEmptyEnd - nonEmptyAt;
        // What is known moves with the buffer's start; once the search's start is dropped, a search from the
        // record's start meets the non-empty match first.
        nonEmptyAt -= dropped;
        nonEmptyEnd -= dropped;
        searchFrom -= dropped;
        if (searchFrom <= 0) {
            nonEmptyAt = -1;
            searchFrom = 0;
        }
        return new int[] {length, dropped};
    }

    /** {@code RS = ""}: leading newlines skipped, the record ends at a blank line, trailing newlines dropped. */
    private String readParagraph() throws IOException {
        while (true) {
            int start = 0;
            while (start < buffer.length() && buffer.charAt(start) == '\n') {
                start++;
            }
            buffer.delete(0, start);
            if (!buffer.isEmpty() || !fill()) {
                break;
            }
        }
        while (true) {
            int at = buffer.indexOf("\n\n", searchedTo);
            if (at >= 0) {
                int end = at + 2;
                while (true) {
                    while (end < buffer.length() && buffer.charAt(end) == '\n') {
                        end++;
                    }
                    if (end < buffer.length() || !fill()) {
                        break;
                    }
                }
                return take(at, end);
            }
            searchedTo = Math.max(0, buffer.length() - 1);
            if (!fill()) {
                int end = buffer.length();
                while (end > 0 && buffer.charAt(end - 1) == '\n') {
                    end--;
                }
                buffer.setLength(end);
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
        nonEmptyAt = -1;
        searchFrom = 0;
        return record;
    }
}
