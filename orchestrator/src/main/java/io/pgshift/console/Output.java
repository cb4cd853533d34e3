package io.pgshift.console;

/** What a command prints on stdout: words for people, or one JSON document for scripts. */
public enum Output {
    TEXT, JSON
}
