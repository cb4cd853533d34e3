package io.pgshift.catalog;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live index; {@code columns} are the key columns in order (an expression key is given as its
 * text); {@code definition} is pg_get_indexdef(); {@code valid} is false after a failed CONCURRENTLY build.
 */
public record IndexInfo(String name, List<String> columns, boolean unique, boolean primary, boolean valid,
                        boolean partial, String definition) {
    private static final Pattern USING = Pattern.compile(" USING (\\w+) \\(");

    public IndexInfo {
        columns = List.copyOf(columns);
    }

    /** The access method ({@code btree}, {@code gin}, ...) as written in the definition; btree when unknown. */
    public String method() {
        Matcher m = definition == null ? null : USING.matcher(definition);
        return m != null && m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "btree";
    }
}
