package io.pgshift.console;

import java.io.PrintWriter;

/**
 * Shows the progress line: redrawn in place on a terminal; elsewhere (CI, logs) printed only when
 * it changes state or every 10 seconds, so logs stay readable.
 */
public final class ProgressPrinter {
    private static final long LOG_EVERY_MS = 10_000;
    private final PrintWriter out;
    private final boolean terminal;
    private String lastState = "";
    private long lastPrinted;
    private int lastLength;

    public ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void show(String line) {
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            out.flush();
            return;
        }
        String state = line.split(" ", 2)[0];
        long now = System.currentTimeMillis();
        if (!state.equals(lastState) || now - lastPrinted >= LOG_EVERY_MS) {
            out.println(line);
            out.flush();
            lastState = state;
            lastPrinted = now;
        }
    }

    public void done() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }
}
