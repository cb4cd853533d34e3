package io.pgshift.exec;

import io.pgshift.plan.LockMode;
import java.util.List;

/**
 * Which held table locks (as {@code pg_locks.mode} names them) a requested lock waits for:
 * the conflict table of the PostgreSQL manual, "Explicit Locking".
 */
final class LockConflicts {
    private static final String ACCESS_SHARE = "AccessShareLock";
    private static final String ROW_SHARE = "RowShareLock";
    private static final String ROW_EXCLUSIVE = "RowExclusiveLock";
    private static final String SHARE_UPDATE_EXCLUSIVE = "ShareUpdateExclusiveLock";
    private static final String SHARE = "ShareLock";
    private static final String SHARE_ROW_EXCLUSIVE = "ShareRowExclusiveLock";
    private static final String EXCLUSIVE = "ExclusiveLock";
    private static final String ACCESS_EXCLUSIVE = "AccessExclusiveLock";

    private LockConflicts() {
    }

    /** Whether a session queued for {@code requested} makes the application's writes (ROW EXCLUSIVE) queue behind it. */
    static boolean queuesWrites(LockMode requested) {
        return heldModesBlocking(requested).contains(ROW_EXCLUSIVE);
    }

    static List<String> heldModesBlocking(LockMode requested) {
        return switch (requested) {
            case NONE -> List.of();
            case ACCESS_SHARE -> List.of(ACCESS_EXCLUSIVE);
            case ROW_SHARE -> List.of(EXCLUSIVE, ACCESS_EXCLUSIVE);
            case ROW_EXCLUSIVE -> List.of(SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
            case SHARE_UPDATE_EXCLUSIVE -> List.of(SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
                    ACCESS_EXCLUSIVE);
            case SHARE -> List.of(ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
                    ACCESS_EXCLUSIVE);
            case SHARE_ROW_EXCLUSIVE -> List.of(ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE,
                    EXCLUSIVE, ACCESS_EXCLUSIVE);
            case EXCLUSIVE -> List.of(ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE,
                    EXCLUSIVE, ACCESS_EXCLUSIVE);
            case ACCESS_EXCLUSIVE -> List.of(ACCESS_SHARE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE,
                    SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
        };
    }
}
