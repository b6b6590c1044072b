package dev.awkplayground.config;

import java.util.Locale;

/**
 * How much of AWK the service lets a script use.
 */
public enum Mode {
    /**
     * Everything AWK can do, including running commands and touching files: the hole the demo needs.
     */
    VULNERABLE,
    /**
     * Commands, pipes and file input/output are refused, and {@code ENVIRON} is empty.
     */
    SANDBOXED;

    /**
     * The name used in configuration and in API responses.
     *
     * @return lower-case name, for example {@code vulnerable}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a mode from its configuration name.
     *
     * @param value {@code vulnerable} or {@code sandboxed}, in any case
     * @return the mode
     * @throws IllegalArgumentException for any other value, naming the accepted ones
     */
    public static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.id().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("playground.mode must be 'vulnerable' or 'sandboxed', not '" + value + "'");
    }
}
