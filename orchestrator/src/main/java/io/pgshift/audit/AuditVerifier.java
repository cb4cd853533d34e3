package io.pgshift.audit;

import io.pgshift.db.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks the audit log in id order and checks the chain. The links ({@code prev_hash} equal to
 * the previous row's hash) are the truth, not the ids: a rolled-back append leaves an id gap
 * that is no tampering. It finds a row edited after it was written (its content no longer
 * hashes to its hash), deleted rows (the next row links to a hash that is not its
 * predecessor's) and inserted rows (their hash or the next row's link is wrong). The chain alone
 * cannot see rows deleted at the very end, nor a chain rewritten in full by someone who recomputed
 * every hash: {@link AuditAnchor}s, heads written down outside the database earlier, can. Each
 * anchored row must still be there with the anchored hash (every anchor: a file may name a row
 * twice, and each time must hold).
 *
 * <p>With the {@link AuditKey}, a rewrite with recomputed hashes is told without anchors: a row
 * hashed without the key is accepted only before the first keyed row (written before the key
 * existed; the keyed row's link to it protects it), and a non-empty log must have a keyed row.
 */
public final class AuditVerifier {
    private static final int FETCH_SIZE = 1000;

    private final Optional<AuditKey> key;

    /** Verifies plain SHA-256 chains; a keyed row then reads as changed. */
    public AuditVerifier() {
        this(Optional.empty());
    }

    public AuditVerifier(Optional<AuditKey> key) {
        this.key = key;
    }

    public VerificationResult verify(Connection c) throws SQLException {
        return verify(c, List.of());
    }

    /** Checks the chain, then that every one of {@code anchors} is still in it unchanged. */
    public VerificationResult verify(Connection c, List<AuditAnchor> anchors) throws SQLException {
        Map<Long, List<AuditAnchor>> byId = new HashMap<>();
        anchors.forEach(a -> byId.computeIfAbsent(a.id(), id -> new ArrayList<>()).add(a));
        // A transaction, so the driver streams with a cursor instead of loading the whole log.
        return Transactions.inTransaction(c, tx -> {
            try (Statement s = tx.createStatement()) {
                s.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = s.executeQuery("SELECT " + AuditRows.COLUMNS + " FROM pgshift.audit_log ORDER BY id")) {
                    return walk(rs, byId, anchors.size());
                }
            }
        });
    }

    private VerificationResult walk(ResultSet rs, Map<Long, List<AuditAnchor>> anchors, int anchorCount)
            throws SQLException {
        AuditRows.Raw previous = null;
        long checked = 0;
        long unkeyed = 0;
        Long firstKeyed = null;
        Map<Long, List<AuditAnchor>> unseen = new HashMap<>(anchors);
        while (rs.next()) {
            AuditRows.Raw row = AuditRows.raw(rs);
            checked++;
            String expectedPrev = previous == null ? null : previous.hash();
            if (!Objects.equals(row.prevHash(), expectedPrev)) {
                return VerificationResult.broken(checked, row.id(), brokenLink(row, previous), expectedPrev);
            }
            boolean keyed = key.isPresent() && row.keyedHash(key.get()).equals(row.hash());
            if (!keyed) {
                String recomputed = row.recomputedHash();
                if (!recomputed.equals(row.hash())) {
                    return VerificationResult.broken(checked, row.id(), "row " + row.id() + " (" + row.action()
                            + " by " + row.actor() + ") was changed after it was written: its content hashes to "
                            + shortHash(recomputed) + ", its stored hash is " + shortHash(row.hash())
                            + (key.isEmpty() ? " (or it was written with an audit key: verify with --audit-key-file)"
                            : ", and not to its keyed hash either"), expectedPrev);
                }
                if (firstKeyed != null) {
                    return VerificationResult.broken(checked, row.id(), "row " + row.id() + " (" + row.action() + " by "
                            + row.actor() + ") is hashed without the audit key but follows keyed row " + firstKeyed
                            + ": the log was rewritten from here, hashes recomputed by someone without the key",
                            expectedPrev);
                }
                unkeyed++;
            } else if (firstKeyed == null) {
                firstKeyed = row.id();
            }
            List<AuditAnchor> anchored = unseen.remove(row.id());
            for (AuditAnchor anchor : anchored == null ? List.<AuditAnchor>of() : anchored) {
                if (!anchor.hash().equals(row.hash())) {
                    return VerificationResult.broken(checked, row.id(), "row " + row.id() + " is not the row anchored at "
                            + anchor.at() + " (hash " + shortHash(anchor.hash()) + ", now " + shortHash(row.hash())
                            + "): the log was rewritten from here or earlier, hashes recomputed", expectedPrev);
                }
            }
            previous = row;
        }
        String head = previous == null ? null : previous.hash();
        if (!unseen.isEmpty()) {
            AuditAnchor missing = unseen.values().stream().flatMap(List::stream)
                    .min(Comparator.comparingLong(AuditAnchor::id)).orElseThrow();
            return VerificationResult.broken(checked, missing.id(), "row " + missing.id() + ", anchored at "
                    + missing.at() + ", is missing: " + (previous == null ? "the log is empty" : "the log ends at row "
                    + previous.id()) + ", so rows at its end were deleted", head);
        }
        if (key.isPresent() && previous != null && firstKeyed == null) {
            return VerificationResult.broken(checked, previous.id(), "no row is keyed: all " + checked + " rows up to row "
                    + previous.id() + " hash without the audit key. Either the key was configured after the last"
                    + " append (the next audited action writes the first keyed row) or the log was rewritten in full",
                    head);
        }
        return VerificationResult.valid(checked, head, anchorCount, key.isPresent() ? unkeyed : 0,
                unkeyed > 0 ? firstKeyed : null);
    }

    private static String brokenLink(AuditRows.Raw row, AuditRows.Raw previous) {
        if (previous == null) {
            return "row " + row.id() + " is the first row but links to an earlier row (" + shortHash(row.prevHash())
                    + "): the rows before it were deleted";
        }
        return "row " + row.id() + " does not follow row " + previous.id() + ": it links to "
                + shortHash(row.prevHash()) + " but row " + previous.id() + " hashes to " + shortHash(previous.hash())
                + "; rows between them were deleted, or one of the two was inserted";
    }

    private static String shortHash(String hash) {
        return hash == null ? "nothing" : hash.substring(0, Math.min(12, hash.length()));
    }
}
