package org.octflow.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** `--name value` options, `--flag` switches and positional arguments, checked against what a command accepts. */
final class Arguments {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    Arguments(List<String> args, Set<String> valued, Set<String> switches) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (switches.contains(name)) {
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (inline == null && i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    options.put(name, inline != null ? inline : args.get(++i));
                } else {
                    throw new UsageException("unknown option --" + name + "; known: " + known(valued, switches));
                }
            } else {
                positional.add(arg);
            }
        }
    }

    private static String known(Set<String> valued, Set<String> switches) {
        List<String> all = new ArrayList<>();
        valued.forEach(v -> all.add("--" + v + " <value>"));
        switches.forEach(s -> all.add("--" + s));
        all.sort(String::compareTo);
        return String.join(", ", all);
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int getInt(String name, int fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, was '" + value + "'");
        }
    }

    double getDouble(String name, double fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, was '" + value + "'");
        }
    }

    Path getPath(String name, Path fallback) {
        String value = options.get(name);
        return value == null ? fallback : Path.of(value);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }

    /** A command line the user must correct; the message says how. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
