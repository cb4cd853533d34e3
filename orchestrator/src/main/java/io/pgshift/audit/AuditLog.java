package io.pgshift.audit;

import io.pgshift.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends to the hash-chained audit log. Appends serialise on a transaction-level advisory
 * lock: each reads the last hash and inserts the next row while holding it, so concurrent
 * appenders (threads or nodes) never fork the chain. Given a connection with autocommit off,
 * the row is part of the caller's transaction: the audited action and its row commit together,
 * and the lock is held until that commit, so keep such transactions short and append last.
 *
 * <p>Rows are keyed (HMAC-SHA256, {@link AuditKey}) when the process has a key: given, or named
 * by {@code PGSHIFT_AUDIT_KEY_FILE}. Without one they carry a plain SHA-256, which anyone able to
 * rewrite the table can recompute.
 *
 * <p>Each appended row is then shown to the {@link AuditObserver} (after the insert; after the
 * commit only when the append ran in its own transaction). What the observer throws is logged and
 * counted ({@link #observerFailures()}), never thrown into the caller.
 */
public final class AuditLog {
    /** Advisory lock key of the chain (ASCII "pgsaudit"); every pgshift process uses the same one. */
    static final long CHAIN_LOCK_KEY = 0x7067736175646974L;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Clock clock;
    private final AuditObserver observer;
    private final Optional<AuditKey> key;
    private final AtomicLong observerFailures = new AtomicLong();

    public AuditLog(Clock clock) {
        this(clock, AuditObserver.NONE);
    }

    /** Keyed by the file {@code PGSHIFT_AUDIT_KEY_FILE} names, if set (a bad key file is an error here). */
    public AuditLog(Clock clock, AuditObserver observer) {
        this(clock, observer, AuditKey.fromEnvironment(System.getenv()));
    }

    public AuditLog(Clock clock, AuditObserver observer, Optional<AuditKey> key) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** How many times the observer threw since this log was created. */
    public long observerFailures() {
        return observerFailures.get();
    }

    public AuditRecord append(Connection c, AuditEntry entry) throws SQLException {
        // Under REPEATABLE READ the snapshot predates the lock: the last hash read could be stale.
        if (!c.getAutoCommit() && c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            throw new IllegalStateException("audit rows must be appended in a READ COMMITTED transaction");
        }
        String details = AuditHash.toJson(entry.details());
        AuditRecord record = Transactions.inTransaction(c, tx -> {
            try (PreparedStatement lock = tx.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CHAIN_LOCK_KEY);
                lock.execute();
            }
            try (PreparedStatement ps = tx.prepareStatement("SELECT nextval('pgshift.audit_log_id_seq'), ?::jsonb::text,"
                    + " (SELECT hash FROM pgshift.audit_log ORDER BY id DESC LIMIT 1)")) {
                ps.setString(1, details);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    // taken under the lock, so times grow along the chain (unless the clock steps back)
                    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    return insert(tx, entry, new HashedRow(rs.getString(3), rs.getLong(1), at, entry.actor(),
                            entry.action().name(), entry.runId(), rs.getString(2)));
                }
            }
        });
        tell(record);
        return record;
    }

    /** The observer's boundary: the row is written, so nothing it does may fail the append. */
    private void tell(AuditRecord record) {
        try {
            observer.appended(record);
        } catch (RuntimeException e) {
            observerFailures.incrementAndGet();
            LOG.warn("audit observer failed on audit row {} ({}); the row is written", record.id(), record.action(), e);
        }
    }

    private AuditRecord insert(Connection tx, AuditEntry entry, HashedRow row) throws SQLException {
        long id = row.id();
        Instant at = row.at();
        String storedDetails = row.detailsJsonb();
        String prevHash = row.prevHash();
        String hash = key.isPresent() ? AuditHash.keyed(key.get(), row) : AuditHash.of(row);
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO pgshift.audit_log"
                + " (id, at, actor, action, run_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setLong(1, id);
            ps.setObject(2, at.atOffset(ZoneOffset.UTC));
            ps.setString(3, entry.actor());
            ps.setString(4, entry.action().name());
            if (entry.runId() == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, entry.runId());
            }
            ps.setString(6, storedDetails);
            ps.setString(7, prevHash);
            ps.setString(8, hash);
            ps.executeUpdate();
        }
        return new AuditRecord(id, at, entry.actor(), entry.action(), entry.runId(), AuditHash.parse(storedDetails),
                prevHash, hash);
    }
}
