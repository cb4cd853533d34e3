package io.pgshift.ops;

import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a custom-format dump holds, read from its table of contents ({@code pg_restore --list}):
 * the database it was taken from, its tables, and every entry line, which the restore passes back
 * to pg_restore ({@code --use-list}) split in two passes.
 *
 * @param database the database pg_dump read, as the archive header records it
 * @param tables   the tables, in the archive's order
 * @param entries  the table of contents' entry lines (comments dropped)
 */
public record DumpContents(String database, List<TableRef> tables, List<String> entries) {
    private static final Pattern DBNAME = Pattern.compile("^;\\s+dbname: (.*)$", Pattern.CASE_INSENSITIVE);
    // "217; 1259 16584 TABLE public grades postgres"; TABLE DATA entries name the same tables again
    private static final Pattern TABLE = Pattern.compile("^\\d+; \\d+ \\d+ TABLE (?!DATA )(\\S+) (\\S+)(?: .*)?$");
    /**
     * Entries that may name objects outside the dump: a foreign key to a table that was not backed
     * up, a trigger calling a function that was not. Restored in a second pass where a failure is
     * reported rather than fatal, so a backup of one table still restores.
     */
    private static final Pattern OUTWARD = Pattern.compile("^\\d+; \\d+ \\d+ (FK CONSTRAINT|TRIGGER) .*$");

    public DumpContents {
        tables = List.copyOf(tables);
        entries = List.copyOf(entries);
    }

    /** Parses {@code pg_restore --list}'s output. */
    static DumpContents parse(String list) {
        String database = null;
        List<TableRef> tables = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String line : list.lines().toList()) {
            Matcher db = DBNAME.matcher(line);
            if (db.matches() && database == null) {
                database = db.group(1).strip();
            }
            if (line.isBlank() || line.startsWith(";")) {
                continue;
            }
            entries.add(line);
            Matcher t = TABLE.matcher(line);
            if (t.matches()) {
                tables.add(new TableRef(t.group(1), t.group(2)));
            }
        }
        return new DumpContents(database == null ? "" : database, tables, entries);
    }

    /** The entries every restore needs: all but {@link #outward()}. */
    List<String> inward() {
        return entries.stream().filter(e -> !OUTWARD.matcher(e).matches()).toList();
    }

    /** Foreign keys and triggers, which may depend on what the backup does not hold. */
    List<String> outward() {
        return entries.stream().filter(e -> OUTWARD.matcher(e).matches()).toList();
    }
}
