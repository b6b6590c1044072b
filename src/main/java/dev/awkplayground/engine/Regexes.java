package dev.awkplayground.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Field splitting follows jawk 5.0.00 exactly: FS {@code " "} splits at runs of blanks, tabs and newlines; any other
 * single character is a literal separator; the empty FS makes every character a field; anything longer is a
 * regular expression.
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
            pattern = Pattern.compile(regex, flags);
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
     * {@code sub()} and {@code gsub()}, as jawk computes them ({@code Matcher.appendReplacement} with jawk's translation
     * of {@code &} and backslashes), but over text that checks the deadline: jawk's own goes through
     * {@code String.replaceAll}, which one catastrophic regular expression holds for ever.
     *
     * @param javaReplacement the replacement as jawk prepares it for {@code appendReplacement}
     * @return the new text, and how many replacements were made
     */
    public Substitution substitute(String text, Pattern pattern, String javaReplacement, boolean global) {
        Matcher matcher = matcher(pattern, text);
        StringBuilder result = new StringBuilder();
        int count = 0;
        while (matcher.find()) {
            count++;
            matcher.appendReplacement(result, javaReplacement);
            if (!global) {
                break;
            }
        }
        matcher.appendTail(result);
        return new Substitution(result.toString(), count);
    }

    /** What {@link #substitute} made. */
    public record Substitution(String text, int count) {
    }

    /**
     * Splits text into fields as jawk does, after checking that they fit the run's memory limit.
     */
    public List<String> split(String text, String separator, String what) {
        if (text.isEmpty()) {
            return List.of();
        }
        long count = fieldCount(text, separator, what);
        // Each piece is a string, an element of the list made here and then of the array or the fields.
        guard.reserveMany(count * (RunGuard.VALUE_OVERHEAD + RunGuard.ELEMENT_OVERHEAD + 8)
                        + text.length() * (long) RunGuard.bytesPerChar(text),
                () -> what + " into " + count + " fields");
        List<String> fields = new ArrayList<>((int) Math.min(count, 1 << 16));
        if (separator.equals(" ")) {
            StringTokenizer words = new StringTokenizer(text);
            while (words.hasMoreTokens()) {
                fields.add(words.nextToken());
            }
        } else if (separator.length() == 1) {
            char c = separator.charAt(0);
            int start = 0;
            for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, start)) {
                fields.add(text.substring(start, i));
                start = i + 1;
            }
            fields.add(text.substring(start));
        } else if (separator.isEmpty()) {
            for (int i = 0; i < text.length(); i++) {
                fields.add(String.valueOf(text.charAt(i)));
            }
        } else {
            for (CharSequence field : compile(separator, 0, what).split(new CheckedText(text, guard), -1)) {
                fields.add(field.toString());
            }
        }
        return fields;
    }

    /**
     * How many fields splitting would make; counted exactly only when the cheap bound (one field per character)
     * would not fit, since counting with a regular expression costs as much as splitting.
     */
    private long fieldCount(String text, String separator, String what) {
        long bound = text.length() + 1L;
        if (bound * (RunGuard.VALUE_OVERHEAD + RunGuard.ELEMENT_OVERHEAD + 8) + 2 * text.length()
                <= guard.largestValue() / 4) {
            return bound;
        }
        if (separator.equals(" ")) {
            return new StringTokenizer(text).countTokens();
        }
        if (separator.length() == 1) {
            return text.chars().filter(c -> c == separator.charAt(0)).count() + 1;
        }
        if (separator.isEmpty()) {
            return text.length();
        }
        Matcher separators = matcher(compile(separator, 0, what), text);
        long count = 1;
        while (separators.find()) {
            count++;
        }
        return count;
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
