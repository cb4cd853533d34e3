package io.pgshift.backfill;

/** A column of the key a backfill walks, with its type as format_type() prints it. */
public record KeyColumn(String name, String type) {
}
