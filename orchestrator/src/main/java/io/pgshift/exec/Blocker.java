package io.pgshift.exec;

import io.pgshift.audit.Disclosure;
import io.pgshift.plan.DurationText;
import java.time.Duration;
import java.util.List;

/**
 * A session that kept a statement from getting its lock, as pg_stat_activity showed it.
 *
 * @param mode      the conflicting table lock it holds or waits for, or null when it was found
 *                  as an old open transaction (what concurrent index builds wait for)
 * @param granted   false when it is itself queued for the lock, ahead of pgshift
 * @param xactAge   how long its transaction has been open
 * @param stateAge  how long it has been in {@code state}
 * @param query     its current or last query, truncated
 * @param blockedBy pg_blocking_pids of a session that is itself waiting
 * @param object    what it holds {@code mode} on when that is no table ({@code function f()}), else null
 */
public record Blocker(int pid, String applicationName, String state, String mode, boolean granted,
                      Duration xactAge, Duration stateAge, String query, List<Integer> blockedBy, String object) {
    public Blocker {
        blockedBy = List.copyOf(blockedBy);
    }

    /** {@code a transaction idle in transaction for 12m (pid 123, app 'web') holds AccessShareLock on users}. */
    public String describe(String table) {
        return describe(table, Disclosure.FULL);
    }

    /** As {@link #describe(String)}; redacted, the session's query (another team's SQL and its literals) is not quoted. */
    public String describe(String table, Disclosure disclosure) {
        String who = "a transaction " + state + " for " + DurationText.format(stateAge) + ", open for "
                + DurationText.format(xactAge) + " (pid " + pid + ", app '" + applicationName + "')";
        String what;
        if (mode == null) {
            what = " is older than the index build, which waits for it";
        } else if (granted) {
            what = " holds " + mode + " on " + (object == null ? table : object);
        } else {
            what = " is queued ahead for " + mode + " on " + table
                    + (blockedBy.isEmpty() ? "" : ", itself blocked by pids " + blockedBy);
        }
        return who + what + (query.isBlank() ? "" : "; last query: " + (disclosure.redacts() ? Disclosure.QUERY : query));
    }
}
