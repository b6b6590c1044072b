package dev.awkplayground.deploy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A Dockerfile read by the rules of Docker's frontend (docs.docker.com/reference/dockerfile): comment lines,
 * backslash continuations, known instructions only, ARGs before the first FROM as the only variables a FROM may use,
 * stages named with AS, JSON arrays in exec form. What it cannot read is refused with the line it stopped at.
 */
record Dockerfiles(List<Instruction> instructions, Map<String, String> globalArgs, List<Stage> stages) {
    static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY",
            "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    private static final Pattern FROM = Pattern.compile("(?i)(--platform=\\S+\\s+)?(\\S+)(\\s+AS\\s+([a-z][\\w.-]*))?");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    record Instruction(int line, String keyword, String arguments) {
    }

    /** A build stage: its base image as written, as resolved from the global ARGs' defaults, and its instructions. */
    record Stage(String name, String base, String resolvedBase, List<Instruction> instructions) {
        String user() {
            String user = null;
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("USER")) {
                    user = instruction.arguments().trim();
                }
            }
            return user;
        }
    }

    static Dockerfiles parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = i + 1;
            StringBuilder logical = new StringBuilder();
            while (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                do {
                    if (++i == lines.length) {
                        throw new IllegalArgumentException("line " + start + ": a continuation runs past the end");
                    }
                    line = lines[i].strip();
                } while (line.startsWith("#")); // comment lines inside a continuation are dropped
            }
            logical.append(line);
            String[] words = logical.toString().strip().split("\\s+", 2);
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (!INSTRUCTIONS.contains(keyword)) {
                throw new IllegalArgumentException("line " + start + ": unknown instruction " + words[0]);
            }
            if (words.length < 2 || words[1].isBlank()) {
                throw new IllegalArgumentException("line " + start + ": " + keyword + " needs arguments");
            }
            instructions.add(new Instruction(start, keyword, words[1].strip()));
        }
        return stages(instructions);
    }

    private static Dockerfiles stages(List<Instruction> instructions) {
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                Matcher from = FROM.matcher(instruction.arguments());
                if (!from.matches()) {
                    throw new IllegalArgumentException("line " + instruction.line() + ": FROM [--platform=P] IMAGE [AS NAME]");
                }
                current = new ArrayList<>();
                String base = from.group(2);
                stages.add(new Stage(from.group(4), base, resolve(base, globalArgs, instruction.line()), current));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException("line " + instruction.line() + ": only ARG may come before FROM");
                }
                String[] arg = instruction.arguments().split("=", 2);
                globalArgs.put(arg[0].strip(), arg.length > 1 ? arg[1].strip() : null);
            } else {
                current.add(instruction);
                check(instruction, stages);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM");
        }
        return new Dockerfiles(instructions, globalArgs, stages);
    }

    /** Variables of a FROM line replaced by the global ARGs' defaults; an ARG without one stays as ${NAME}. */
    private static String resolve(String image, Map<String, String> globalArgs, int line) {
        Matcher variable = VARIABLE.matcher(image);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            if (!globalArgs.containsKey(name)) {
                throw new IllegalArgumentException("line " + line + ": FROM uses $" + name + ", not an ARG before it");
            }
            String value = globalArgs.get(name);
            variable.appendReplacement(resolved, Matcher.quoteReplacement(value != null ? value : "${" + name + "}"));
        }
        return variable.appendTail(resolved).toString();
    }

    private static void check(Instruction instruction, List<Stage> stages) {
        String arguments = instruction.arguments();
        switch (instruction.keyword()) {
            case "CMD", "ENTRYPOINT", "RUN", "SHELL" -> {
                if (arguments.startsWith("[")) {
                    JsonArray array = Json.createReader(new StringReader(arguments)).readArray();
                    for (JsonValue word : array) {
                        if (!(word instanceof JsonString)) {
                            throw new IllegalArgumentException("line " + instruction.line() + ": exec form takes strings");
                        }
                    }
                }
            }
            case "COPY" -> {
                Matcher from = Pattern.compile("--from=(\\S+)").matcher(arguments);
                if (from.find()) {
                    String stage = from.group(1);
                    boolean earlier = stages.subList(0, stages.size() - 1).stream()
                            .anyMatch(s -> stage.equals(s.name()));
                    if (!earlier) {
                        throw new IllegalArgumentException("line " + instruction.line() + ": no earlier stage " + stage);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The stage that becomes the image. */
    Stage last() {
        return stages.getLast();
    }

    /** The command the image starts: the last stage's last CMD or ENTRYPOINT, in exec form. */
    List<String> startCommand() {
        Instruction start = last().instructions().stream()
                .filter(i -> i.keyword().equals("CMD") || i.keyword().equals("ENTRYPOINT"))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("no CMD or ENTRYPOINT"));
        if (!start.arguments().startsWith("[")) {
            throw new IllegalArgumentException("line " + start.line() + ": not in exec form");
        }
        return Json.createReader(new StringReader(start.arguments())).readArray()
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /**
     * Whether a base image names a version: a tag other than latest, or a digest. Stage names do not count as bases;
     * a registry given as an ARG without a default (so no registry's host is written into the file) is allowed.
     */
    static boolean pinned(String resolvedBase) {
        String image = resolvedBase.replaceFirst("^\\$\\{\\w+}/", "");
        if (image.contains("${")) {
            return false;
        }
        if (image.contains("@sha256:")) {
            return true;
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        return colon > 0 && colon < lastPart.length() - 1 && !lastPart.substring(colon + 1).equals("latest");
    }
}
