package dev.awkplayground.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions and field splitting as a run uses them, held to its limits:
 * <ul>
 *     <li>a regular expression is at most {@value #MAX_LENGTH} characters long: Java compiles a long literal in time
 *     that grows with the square of its length (65,536 characters took 2.6 s, 262,144 took 46 s), and a compilation
 *     cannot be interrupted;</li>
 *     <li>matching goes over text that checks the run's deadline as the matcher reads it, so a match with
 *     catastrophic backtracking ends at the time limit instead of holding its thread for ever;</li>
 *     <li>a record or string is split into fields only once the fields are known to fit the memory limit.</li>
 * </ul>
 * Regular expressions are AWK's, translated by {@link AwkRegex}. Field splitting is awk's: FS {@code " "} splits at
 * runs of blanks, tabs and newlines, ignoring them at both ends; any other single character is a literal separator
 * (in paragraph mode, {@code RS = ""}, a newline is one too); the empty FS makes every character a field; anything
 * longer is a regular expression, whose matches of the empty string separate nothing.
 */
public final class Regexes {
    public static final int MAX_LENGTH = 16 * 1024;
    private static final int CACHED = 64;
    private static final long PRIME1 = 1_000_000_007L;
    private static final long PRIME2 = 998_244_353L;
    private static final java.util.Random RANDOM = new java.security.SecureRandom();

    private final RunGuard guard;
    private final Map<String, Pattern> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > CACHED;
        }
    };

    Regexes(RunGuard guard) {
        this.guard = guard;
    }

    /**
     * Compiles a regular expression once per run.
     *
     * @param what what the expression is, for the message when it is too long ({@code FS}, {@code match()})
     */
    public Pattern compile(String regex, int flags, String what) {
        if (regex.length() > MAX_LENGTH) {
            throw new ScriptError(what + " is a regular expression of " + regex.length()
                    + " characters, over the limit of " + MAX_LENGTH);
        }
        String key = flags == 0 ? regex : flags + "/" + regex;
        Pattern pattern = cache.get(key);
        if (pattern == null) {
            try {
                pattern = AwkRegex.compile(regex, flags);
            } catch (PatternSyntaxException e) {
                throw new ScriptError(what + " `" + regex + "` is not a valid regular expression: "
                        + AwkRegex.problem(e));
            }
            cache.put(key, pattern);
        }
        return pattern;
    }

    /** A matcher over text that stops the run at its deadline while the match goes on. */
    public Matcher matcher(Pattern pattern, CharSequence text) {
        return pattern.matcher(new CheckedText(text, guard));
    }

    /**
     * {@code index()}: where a string first occurs in another. {@link String#indexOf} compares naively: a needle of
     * n/2 characters in a text of n took 9 s for n = 400,000, in one uninterruptible call. Short searches still use
     * it; long ones use a rolling hash (Rabin-Karp, two moduli, random bases), linear in time, checking the deadline.
     *
     * @return the index, or -1
     */
    public int indexOf(String text, String needle) {
        int n = text.length();
        int m = needle.length();
        if (m == 0 || (long) n * m <= 1L << 22) {
            return text.indexOf(needle);
        }
        if (m > n) {
            return -1;
        }
        long base1 = 256 + RANDOM.nextInt(1 << 20);
        long base2 = 256 + RANDOM.nextInt(1 << 20);
        long target1 = 0;
        long target2 = 0;
        long window1 = 0;
        long window2 = 0;
        long top1 = 1;
        long top2 = 1;
        for (int i = 0; i < m; i++) {
            target1 = (target1 * base1 + needle.charAt(i)) % PRIME1;
            target2 = (target2 * base2 + needle.charAt(i)) % PRIME2;
            window1 = (window1 * base1 + text.charAt(i)) % PRIME1;
            window2 = (window2 * base2 + text.charAt(i)) % PRIME2;
            if (i > 0) {
                top1 = top1 * base1 % PRIME1;
                top2 = top2 * base2 % PRIME2;
            }
        }
        for (int start = 0; ; start++) {
            if (window1 == target1 && window2 == target2 && text.regionMatches(start, needle, 0, m)) {
                return start;
            }
            if (start + m >= n) {
                return -1;
            }
            if ((start & 0xffff) == 0) {
                guard.checkTime();
            }
            window1 = ((window1 - text.charAt(start) * top1 % PRIME1 + PRIME1) * base1 + text.charAt(start + m)) % PRIME1;
            window2 = ((window2 - text.charAt(start) * top2 % PRIME2 + PRIME2) * base2 + text.charAt(start + m)) % PRIME2;
        }
    }

    /**
     * {@code sub()} and {@code gsub()} as gawk does them, over text that checks the deadline: in the replacement (as
     * the script's string holds it) {@code &} is the matched text, {@code \&} a literal {@code &}, {@code \\&} a
     * backslash and the matched text, {@code \\\&} a backslash and {@code &}, {@code \\\\} two backslashes,
     * and any other backslash stays ({@code \\} stays two). An empty match right after the previous match is not
     * replaced ({@code gsub(/b*\/, "-")} on {@code abc} gives {@code -a-c-}). jawk's own goes through {@code String.replaceAll}, which one catastrophic
     * regular expression holds for ever, and reads the replacement as Java's.
     *
     * @return the new text, and how many replacements were made
     */
    public Substitution substitute(String text, Pattern pattern, String replacement, boolean global) {
        Matcher matcher = matcher(pattern, text);
        StringBuilder result = new StringBuilder();
        int count = 0;
        int copied = 0;
        int previousEnd = -1;
        int from = 0;
        while (from <= text.length() && matcher.find(from)) {
            int start = matcher.start();
            int end = matcher.end();
            if (start == end && start == previousEnd) {
                from = start + 1;
                continue;
            }
            count++;
            result.append(text, copied, start);
            appendReplacement(result, replacement, text, start, end);
            copied = end;
            previousEnd = end;
            from = start == end ? end + 1 : end;
            if (start == end && start < text.length()) {
                result.append(text.charAt(start));
                copied = start + 1;
            }
            if (!global) {
                break;
            }
        }
        result.append(text, copied, text.length());
        return new Substitution(result.toString(), count);
    }

    private static void appendReplacement(StringBuilder result, String replacement, String text, int start, int end) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c != '\\') {
                if (c == '&') {
                    result.append(text, start, end);
                } else {
                    result.append(c);
                }
            } else if (replacement.startsWith("\\\\\\&", i) || replacement.startsWith("\\\\\\\\", i)) {
                // three backslashes and &: a backslash and &; four backslashes: two
                result.append('\\').append(replacement.charAt(i + 3));
                i += 3;
            } else if (replacement.startsWith("\\\\&", i)) {
                // two backslashes and &: a backslash, then the match
                result.append('\\').append(text, start, end);
                i += 2;
            } else if (i + 1 < replacement.length() && replacement.charAt(i + 1) == '&') {
                result.append('&');
                i++;
            } else {
                // a backslash before anything else stays, two of them as well
                result.append(c);
            }
        }
    }

    /** What {@link #substitute} made. */
    public record Substitution(String text, int count) {
    }

    /**
     * Splits text into fields as awk splits a record by {@code FS}, after checking that they fit the run's memory
     * limit.
     *
     * @param paragraphs whether {@code RS} is empty and this is a record, where a newline separates fields whatever a
     *                   one-character FS ({@code split()} never has that rule)
     */
    public List<String> split(String text, String separator, boolean paragraphs, String what) {
        return split(text, separator, paragraphs, null, what);
    }

    /** Splits text at the matches of a regular expression ({@code split(s, a, /re/)}), however short it is. */
    public List<String> split(String text, Pattern separator, String what) {
        return split(text, null, false, separator, what);
    }

    private List<String> split(String text, String separator, boolean paragraphs, Pattern regex, String what) {
        if (text.isEmpty()) {
            return List.of();
        }
        Pattern pattern = regex != null ? regex
                : separator.length() > 1 ? compile(separator, 0, what)
                : paragraphs && separator.length() == 1 && !separator.equals(" ")
                ? compile("[" + (separator.equals("\\") ? "\\\\" : separator.equals("]") || separator.equals("^")
                        ? "\\" + separator : separator) + "\n]", 0, what) : null;
        long count = fieldCount(text, separator, pattern);
        // Each piece is a string, an element of the list made here and then of the array or the fields.
        guard.reserveMany(count * (RunGuard.VALUE_OVERHEAD + RunGuard.ELEMENT_OVERHEAD + 8)
                        + text.length() * (long) RunGuard.bytesPerChar(text),
                () -> what + " into " + count + " fields");
        List<String> fields = new ArrayList<>((int) Math.min(count, 1 << 16));
        if (pattern != null) {
            splitAtMatches(text, pattern, fields);
        } else if (separator.equals(" ")) {
            splitAtBlanks(text, fields);
        } else if (separator.length() == 1) {
            char c = separator.charAt(0);
            int start = 0;
            for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, start)) {
                fields.add(text.substring(start, i));
                start = i + 1;
            }
            fields.add(text.substring(start));
        } else {
            for (int i = 0; i < text.length(); i++) {
                fields.add(String.valueOf(text.charAt(i)));
            }
        }
        return fields;
    }

    /** AWK's default splitting: fields are runs of anything but blanks, tabs and newlines. */
    private static long splitAtBlanks(String text, List<String> fields) {
        long count = 0;
        int i = 0;
        while (true) {
            while (i < text.length() && isBlank(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                return count;
            }
            int start = i;
            while (i < text.length() && !isBlank(text.charAt(i))) {
                i++;
            }
            count++;
            if (fields != null) {
                fields.add(text.substring(start, i));
            }
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n';
    }

    /** Fields between the non-empty matches; a match of the empty string separates nothing (as gawk). */
    private long splitAtMatches(String text, Pattern pattern, List<String> fields) {
        Matcher matcher = matcher(pattern, text);
        long count = 1;
        int start = 0;
        int from = 0;
        while (from < text.length() && matcher.find(from)) {
            if (matcher.end() == matcher.start()) {
                from = matcher.start() + 1;
                continue;
            }
            count++;
            if (fields != null) {
                fields.add(text.substring(start, matcher.start()));
            }
            start = matcher.end();
            from = start;
        }
        if (fields != null) {
            fields.add(text.substring(start));
        }
        return count;
    }

    /**
     * How many fields splitting would make; counted exactly only when the cheap bound (one field per character)
     * would not fit, since counting with a regular expression costs as much as splitting.
     */
    private long fieldCount(String text, String separator, Pattern pattern) {
        long bound = text.length() + 1L;
        if (bound * (RunGuard.VALUE_OVERHEAD + RunGuard.ELEMENT_OVERHEAD + 8) + 2 * text.length()
                <= guard.largestValue() / 4) {
            return bound;
        }
        if (pattern != null) {
            return splitAtMatches(text, pattern, null);
        }
        if (separator.equals(" ")) {
            return splitAtBlanks(text, null);
        }
        if (separator.length() == 1) {
            return text.chars().filter(c -> c == separator.charAt(0)).count() + 1;
        }
        return text.length();
    }

    /**
     * Text for the regular-expression engine that checks the run's deadline every few thousand characters read: the
     * engine reads its input through {@link CharSequence#charAt}, so even one match that backtracks for ever stops.
     */
    private static final class CheckedText implements CharSequence {
        private static final int CHECK_EVERY = 1 << 14;

        private final CharSequence text;
        private final RunGuard guard;
        private int countdown = CHECK_EVERY;

        CheckedText(CharSequence text, RunGuard guard) {
            this.text = text;
            this.guard = guard;
        }

        @Override
        public char charAt(int index) {
            if (--countdown <= 0) {
                countdown = CHECK_EVERY;
                guard.checkTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end).toString();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
