package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.NONE;
import static io.pgshift.plan.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;

import io.pgshift.plan.TxMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells, without a database, what a raw SQL statement locks, how much of the table it touches and
 * why that can hurt the live application. Pure and stateless. Comments, string literals and
 * dollar-quoted bodies are never mistaken for keywords; quoted identifiers keep their case.
 * When unsure it says so ({@link Danger#UNRECOGNISED}) rather than guess a weak lock.
 */
public final class RawSqlClassifier {

    /** One effect per statement ({@code ;}-separated); empty when the text holds no statement. */
    public List<SqlEffect> classifyAll(String sql) {
        List<SqlEffect> effects = new ArrayList<>();
        for (List<SqlToken> statement : TokenCursor.splitTopLevel(SqlLexer.tokenize(sql), ";")) {
            effects.add(classifyStatement(statement));
        }
        return effects;
    }

    /**
     * The effect of the whole text: the single statement's, or for several statements the worst
     * lock, the worst impact and every danger, named after the statement with the strongest lock.
     */
    public SqlEffect classify(String sql) {
        List<SqlEffect> effects = classifyAll(sql);
        if (effects.isEmpty()) {
            return SqlEffect.unrecognised(StatementType.UNKNOWN, null);
        }
        SqlEffect dominant = effects.get(0);
        Action total = Action.NOTHING;
        boolean outsideTransaction = false;
        for (SqlEffect e : effects) {
            if (e.lock().compareTo(dominant.lock()) > 0) {
                dominant = e;
            }
            total = total.with(new Action(e.lock(), e.impact(), java.util.Set.copyOf(e.dangers())));
            outsideTransaction |= e.tx() == TxMode.NO_TRANSACTION;
        }
        return effects.size() == 1 ? dominant
                : new SqlEffect(dominant.type(), dominant.table(), total.lock(), total.impact(),
                        outsideTransaction ? TxMode.NO_TRANSACTION : TxMode.TRANSACTION, total.dangerList());
    }

    SqlEffect classifyStatement(List<SqlToken> tokens) {
        TokenCursor c = new TokenCursor(tokens);
        SqlToken first = c.next();
        if (first == null || first.kind() != SqlToken.Kind.WORD) {
            return SqlEffect.unrecognised(StatementType.UNKNOWN, null);
        }
        return switch (first.text()) {
            case "create" -> CreateStatements.classify(c);
            case "drop" -> DropStatements.classify(c);
            case "alter" -> alter(c);
            case "vacuum" -> MaintenanceStatements.vacuum(c);
            case "cluster" -> MaintenanceStatements.cluster(c);
            case "analyze", "analyse" -> MaintenanceStatements.analyze(c);
            case "reindex" -> MaintenanceStatements.reindex(c);
            case "lock" -> MaintenanceStatements.lock(c);
            case "truncate" -> MaintenanceStatements.truncate(c);
            case "insert" -> DmlStatements.insert(c);
            case "update" -> DmlStatements.update(c);
            case "delete" -> DmlStatements.delete(c);
            case "select" -> DmlStatements.select(c);
            case "with" -> DmlStatements.with(c, this);
            case "comment" -> comment(c);
            case "grant", "revoke" -> SqlEffect.of(StatementType.GRANT, null, NONE, METADATA);
            default -> SqlEffect.unrecognised(StatementType.UNKNOWN, null);
        };
    }

    private static SqlEffect alter(TokenCursor c) {
        if (c.accept("table")) {
            return AlterTableStatements.classify(c);
        }
        if (c.accept("type")) {
            return TypeStatements.alterType(c);
        }
        if (c.accept("system")) {
            // a server setting, no relation locked; PostgreSQL refuses it inside a transaction block
            return SqlEffect.outsideTransaction(StatementType.ALTER_SYSTEM, null, NONE, METADATA);
        }
        return c.accept("domain") ? TypeStatements.alterDomain(c) : SqlEffect.unrecognised(StatementType.UNKNOWN, null);
    }

    /** {@code COMMENT ON TABLE t IS '...'} takes SHARE UPDATE EXCLUSIVE on the object. */
    private static SqlEffect comment(TokenCursor c) {
        String table = c.accept("on", "table") ? c.name() : null;
        return SqlEffect.of(StatementType.COMMENT, table, SHARE_UPDATE_EXCLUSIVE, METADATA);
    }
}
