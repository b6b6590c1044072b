package dev.awkplayground.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The keys a tool accepts in its YAML file, as a tree of shapes. apko, melange and Skaffold decode their files into Go
 * structs with yaml.v3's KnownFields(true), so a key their structs do not have fails the build: {@link #problems}
 * finds those keys (and values of the wrong kind) without the tools.
 */
final class Keys {
    private static final Pattern YAML12_OCTAL = Pattern.compile("0o[0-7]+");

    private Keys() {
    }

    /** What a value in a YAML file may be. */
    sealed interface Shape permits Struct, ListOf, MapOf, Leaf {
    }

    /**
     * A Go struct: these keys only. The map is kept as given (not copied) so that a struct can contain itself.
     */
    record Struct(String goType, Map<String, Shape> keys) implements Shape {
    }

    record ListOf(Shape item) implements Shape {
    }

    /** A Go map: any key. */
    record MapOf(Shape value) implements Shape {
    }

    enum Leaf implements Shape {
        /** A YAML string. Stricter than yaml.v3, which turns any scalar into a string: quote what is meant as text. */
        STRING,
        /** An integer; YAML 1.2 octal (0o755), which yaml.v3 reads as a number, arrives here as a string. */
        INT,
        BOOL,
        /** An integer or a string (Skaffold's IntOrString). */
        INT_OR_STRING,
        /** Not modelled further: none of this project's files uses what is below it. */
        ANY
    }

    static Struct struct(String goType, Object... keyShapePairs) {
        Map<String, Shape> keys = new LinkedHashMap<>();
        for (int i = 0; i < keyShapePairs.length; i += 2) {
            keys.put((String) keyShapePairs[i], (Shape) keyShapePairs[i + 1]);
        }
        return new Struct(goType, keys);
    }

    static ListOf listOf(Shape item) {
        return new ListOf(item);
    }

    static MapOf mapOf(Shape value) {
        return new MapOf(value);
    }

    /** Every key the shape does not allow, and every value of the wrong kind, with its path in the file. */
    static List<String> problems(Object value, Shape shape) {
        List<String> problems = new ArrayList<>();
        check(value, shape, "", problems);
        return problems;
    }

    private static void check(Object value, Shape shape, String path, List<String> problems) {
        if (value == null) {
            return; // yaml.v3 leaves the field unset
        }
        switch (shape) {
            case Struct struct -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": a mapping (" + struct.goType() + ") expected, found " + value);
                    return;
                }
                map.forEach((key, child) -> {
                    Shape childShape = struct.keys().get(String.valueOf(key));
                    if (childShape == null) {
                        problems.add(path + "." + key + ": not a field of " + struct.goType());
                    } else {
                        check(child, childShape, path + "." + key, problems);
                    }
                });
            }
            case ListOf list -> {
                if (!(value instanceof List<?> items)) {
                    problems.add(path + ": a list expected, found " + value);
                    return;
                }
                for (int i = 0; i < items.size(); i++) {
                    check(items.get(i), list.item(), path + "[" + i + "]", problems);
                }
            }
            case MapOf map -> {
                if (!(value instanceof Map<?, ?> entries)) {
                    problems.add(path + ": a mapping expected, found " + value);
                    return;
                }
                entries.forEach((key, child) -> check(child, map.value(), path + "." + key, problems));
            }
            case Leaf leaf -> {
                boolean ok = switch (leaf) {
                    case STRING -> value instanceof String;
                    case INT -> value instanceof Integer || value instanceof Long
                            || value instanceof String text && YAML12_OCTAL.matcher(text).matches();
                    case BOOL -> value instanceof Boolean;
                    case INT_OR_STRING -> value instanceof Integer || value instanceof String;
                    case ANY -> true;
                };
                if (!ok) {
                    problems.add(path + ": " + leaf + " expected, found " + value.getClass().getSimpleName() + " "
                            + value);
                }
            }
        }
    }
}
