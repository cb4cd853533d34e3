package io.pgshift.gate;

import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.Sql;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The violation test of each constraint kind: NULLs for NOT NULL, duplicates for UNIQUE, orphans
 * for FOREIGN KEY (NULL references are allowed, as PostgreSQL does), failing rows for CHECK
 * (a NULL result passes a CHECK, so {@code NOT (expr)} is exactly the failing rows).
 */
public final class GateChecks {
    private GateChecks() {
    }

    /** The check for one contract step; empty for steps that no existing row can violate (set_default). */
    public static Optional<GateCheck> of(String path, ContractStep step) {
        if (step instanceof SetNotNull s) {
            return Optional.of(row(path, "NULLs in " + s.table().display() + "." + s.column(), step,
                    "t." + Sql.ident(s.column()) + " IS NULL"));
        }
        if (step instanceof AddForeignKey f) {
            String notNull = f.columns().stream().map(c -> "t." + Sql.ident(c) + " IS NOT NULL")
                    .collect(Collectors.joining(" AND "));
            StringBuilder match = new StringBuilder();
            for (int i = 0; i < f.columns().size(); i++) {
                match.append(i == 0 ? "" : " AND ").append("r.").append(Sql.ident(f.referencedColumns().get(i)))
                        .append(" = t.").append(Sql.ident(f.columns().get(i)));
            }
            return Optional.of(row(path, "orphans in " + f.table().display() + " (" + String.join(", ", f.columns())
                    + ") without a row in " + f.referencedTable().display(), step,
                    notNull + " AND NOT EXISTS (SELECT 1 FROM " + f.referencedTable().sql() + " AS r WHERE " + match + ")"));
        }
        if (step instanceof AddCheck c) {
            return Optional.of(row(path, "rows of " + c.table().display() + " failing " + c.name(), step,
                    "NOT (" + c.check() + ")"));
        }
        if (step instanceof AddUnique u) {
            String cols = Sql.idents(u.columns());
            String notNull = u.columns().stream().map(c -> Sql.ident(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            // Duplicates can sit in different key ranges: counted in one pass, not in chunks. The
            // most repeated values come back as samples: they are what a person has to clean up.
            return Optional.of(new GateCheck(path, "duplicate values of " + u.table().display() + " ("
                    + String.join(", ", u.columns()) + ")", u.table(), null,
                    "SELECT count(*), (array_agg(format('%s in %s rows', v, n) ORDER BY n DESC, v))[1:"
                            + GateChunkSql.SAMPLES + "] FROM (SELECT ROW(" + cols + ")::text AS v, count(*) AS n FROM "
                            + u.table().sql() + " WHERE " + notNull + " GROUP BY " + cols
                            + " HAVING count(*) > 1) AS duplicates", "values"));
        }
        if (step instanceof SetDefault) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no gate check for " + step.kind());
    }

    private static GateCheck row(String path, String description, ContractStep step, String predicate) {
        return new GateCheck(path, description, step.table(), predicate,
                "SELECT count(*) FROM " + step.table().sql() + " AS t WHERE " + predicate, "keys");
    }
}
