package io.pgshift.daemon;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of single values of the config file, with errors that name the file and key only. */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String file;
    private final Map<String, String> env;

    ConfigValues(String file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    ConfigInvalidException invalid(String key, String why) {
        return new ConfigInvalidException(file + ": '" + key + "' " + why);
    }

    /** Replaces each {@code ${NAME}} by the environment variable; null stays null. */
    String expand(String key, String value) {
        if (value == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = env.get(name);
            if (replacement == null) {
                throw invalid(key, "refers to ${" + name + "}, but the environment variable " + name + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(key, "is required");
        }
        return value;
    }

    String nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(key, "must not be empty");
        }
        return value.trim();
    }

    int positive(String key, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw invalid(key, "must be at least 1");
        }
        return value;
    }

    /** {@code 500ms}, {@code 10s} or {@code 2m}; {@code fallback} when absent. */
    java.time.Duration duration(String key, String text, java.time.Duration fallback) {
        if (text == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw invalid(key, "must be a duration such as 500ms, 10s or 2m (got '" + text + "')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            default -> java.time.Duration.ofMinutes(n);
        };
    }

    /** The config file's name, as errors start with it. */
    String file() {
        return file;
    }

    String env(String name) {
        return env.get(name);
    }
}
