package io.pgshift.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a target requires of every run, whichever path submits it: an approval, a backup (proved
 * restorable with {@code verifyRestore}), and for the run itself its default settings and allowed
 * windows ({@code runs}).
 */
public record TargetPolicy(boolean approvalRequired, boolean backupRequired, boolean verifyRestore, RunPolicy runs) {
    public static final TargetPolicy NONE = new TargetPolicy(false, false, false, RunPolicy.NONE);

    public TargetPolicy {
        runs = runs == null ? RunPolicy.NONE : runs;
    }

    /** What a local apply cannot give: an approval always, a backup unless it takes one. */
    public List<String> unmetLocally(boolean takesBackup) {
        List<String> unmet = new ArrayList<>();
        if (approvalRequired) {
            unmet.add("an approval");
        }
        if (backupRequired && !takesBackup) {
            unmet.add("a backup (--backup-dir)");
        }
        return unmet;
    }

    /** For people and the audit log: {@code approval required, backup required, 1 allowed window}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (approvalRequired) {
            parts.add("approval required");
        }
        if (backupRequired) {
            parts.add("backup required" + (verifyRestore ? " and its restore verified" : ""));
        }
        if (!runs.allowedWindows().isEmpty()) {
            parts.add(runs.allowedWindows().size() + " allowed window(s)");
        }
        if (runs.defaultSettings() != null) {
            parts.add("default settings");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
