package io.pgshift.cli;

/** How a command prints its result. */
public enum OutputFormat {
    TEXT, JSON, SQL,
    /** {@code plan} only: the release note in Markdown. */
    NOTES
}
