package io.pgshift.run;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.json.Mappers;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The target's policy as stored in the target ({@code pgshift.target_policy}): the one every path
 * reads, so that a daemon with another configuration file, or a local apply, cannot skip it.
 */
public final class TargetPolicyStore {
    private TargetPolicyStore() {
    }

    /** The stored policy; empty when none was recorded (or the target has no pgshift schema yet). */
    public static Optional<TargetPolicy> read(Connection target) throws SQLException {
        if (!tableExists(target)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT approval_required, backup_required, verify_restore,"
                + " runs::text FROM pgshift.target_policy");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new TargetPolicy(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                    RunPolicy.fromJson(rs.getString(4))));
        }
    }

    /**
     * Records {@code policy} as the target's, audited in {@code state} (POLICY_CHANGED, with the
     * policy before and after) when it differs from the stored one; does nothing otherwise.
     * Returns whether it changed.
     */
    public static boolean record(Connection target, Connection state, AuditLog audit, TargetPolicy policy, String actor)
            throws SQLException {
        Optional<TargetPolicy> stored = read(target);
        if (stored.isPresent() && same(stored.get(), policy)) {
            return false;
        }
        try (PreparedStatement ps = target.prepareStatement("INSERT INTO pgshift.target_policy AS p (approval_required,"
                + " backup_required, verify_restore, runs, set_by) VALUES (?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (singleton) DO UPDATE SET approval_required = excluded.approval_required,"
                + " backup_required = excluded.backup_required, verify_restore = excluded.verify_restore,"
                + " runs = excluded.runs, set_by = excluded.set_by, set_at = now()")) {
            ps.setBoolean(1, policy.approvalRequired());
            ps.setBoolean(2, policy.backupRequired());
            ps.setBoolean(3, policy.verifyRestore());
            ps.setString(4, policy.runs().toJson());
            ps.setString(5, actor);
            ps.executeUpdate();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", stored.map(TargetPolicy::describe).orElse("not recorded"));
        details.put("after", policy.describe());
        audit.append(state, new AuditEntry(actor, AuditAction.POLICY_CHANGED, null, details));
        return true;
    }

    /** Run policies compared as JSON trees: jsonb stores object keys in its own order. */
    private static boolean same(TargetPolicy a, TargetPolicy b) {
        return a.approvalRequired() == b.approvalRequired() && a.backupRequired() == b.backupRequired()
                && a.verifyRestore() == b.verifyRestore() && Objects.equals(tree(a.runs()), tree(b.runs()));
    }

    private static JsonNode tree(RunPolicy runs) {
        String json = runs.toJson();
        try {
            return json == null ? null : Mappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("run policy is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('pgshift.target_policy') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
