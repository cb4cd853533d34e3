package io.pgshift.cli;

import java.util.Map;

/**
 * What the operator's screen can take, decided once: whether pgshift talks to a terminal (the
 * progress line is then redrawn in place), and whether it may colour its words. Colour needs a
 * terminal and is off whenever {@code NO_COLOR} is set to anything but the empty string
 * (https://no-color.org) or {@code TERM=dumb}. Every ANSI sequence pgshift prints goes through
 * here, so that rule holds everywhere.
 *
 * <p>Java only tells whether stdin and stdout are a terminal ({@link System#console()}), not
 * stderr: with stdout piped ({@code | jq}) nothing is coloured, stderr included.
 */
public record Terminal(boolean interactive, boolean colour) {
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    /** This process's terminal and environment. */
    public static Terminal detect() {
        return of(System.getenv(), System.console() != null);
    }

    /** The decision for an environment and whether the output is a terminal: pure, for tests. */
    static Terminal of(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        boolean colour = terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
        return new Terminal(terminal, colour);
    }

    /** {@code text} in red when colour is allowed, else as it is. */
    public String red(String text) {
        return colour ? RED + text + RESET : text;
    }
}
