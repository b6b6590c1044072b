package dev.awkplayground.engine;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One AWK program to run, with what {@code awk -v} and {@code awk -F} would give it.
 *
 * @param script         the AWK program text
 * @param input          the text the program reads as its standard input
 * @param variables      variables assigned before the program starts, like {@code awk -v name=value}
 * @param fieldSeparator the initial {@code FS}, like {@code awk -F}; {@code null} for AWK's default
 */
public record RunRequest(String script, String input, Map<String, String> variables, String fieldSeparator) {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public RunRequest {
        if (script == null) {
            throw InvalidRunRequestException.malformed("script", "is required");
        }
        input = input == null ? "" : input;
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        for (String name : variables.keySet()) {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw InvalidRunRequestException.malformed("variables",
                        "'" + name + "' is not an AWK variable name (letters, digits and _, not starting with a digit)");
            }
        }
        if (fieldSeparator != null && fieldSeparator.isEmpty()) {
            throw InvalidRunRequestException.malformed("fieldSeparator", "must not be empty; leave it out for AWK's default");
        }
    }

    /**
     * A request with only a script and its input.
     *
     * @param script the AWK program
     * @param input  its standard input
     * @return the request
     */
    public static RunRequest of(String script, String input) {
        return new RunRequest(script, input, Map.of(), null);
    }
}
