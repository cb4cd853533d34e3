package io.pgshift.exec;

import io.pgshift.audit.Disclosure;
import io.pgshift.audit.Redactable;
import io.pgshift.db.SqlStates;
import io.pgshift.plan.Statement;

/**
 * pgshift did not request its lock because a session has held a conflicting one too long: queued
 * behind it, the lock request would queue the application's writes too. Retried as a lock
 * timeout (55P03). Its message quotes the holder's last query, which {@link #message(Disclosure)}
 * can leave out.
 */
final class LongHolderException extends java.sql.SQLException implements Redactable {
    private final transient Statement statement;
    private final transient Blocker holder;

    LongHolderException(Statement statement, Blocker holder) {
        super(text(statement, holder, Disclosure.FULL), SqlStates.LOCK_NOT_AVAILABLE);
        this.statement = statement;
        this.holder = holder;
    }

    @Override
    public String message(Disclosure disclosure) {
        return text(statement, holder, disclosure);
    }

    private static String text(Statement st, Blocker holder, Disclosure disclosure) {
        return "not requesting " + st.lock() + " yet, so as not to queue the application behind it: "
                + holder.describe(st.table(), disclosure);
    }
}
