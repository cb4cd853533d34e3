package io.pgshift.cli;

import io.pgshift.lint.LintReport;
import io.pgshift.lint.Linter;
import io.pgshift.playbook.Playbook;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.TargetPolicy;
import io.pgshift.run.TargetPolicyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Parse then lint, as every command that takes a playbook does before anything else. */
final class Playbooks {
    /** Problem paths default settings fill in: the settings, a backfill's batch or throttle (or their keys). */
    private static final Pattern DEFAULTED = Pattern.compile("settings(\\..*)?|(.*\\.)?(batch|throttle)(\\..*)?");

    private Playbooks() {
    }

    /**
     * Parses and lints {@code file}; prints the findings to {@code err}; throws
     * {@link LintFailedException} when lint found errors, so nothing further runs.
     */
    static Playbook load(Path file, Linter linter, PrintWriter err) {
        return lint(new PlaybookParser().parse(file), linter, err);
    }

    /**
     * As {@link #load}, for a playbook that will run on {@code target}: one the built-in defaults
     * refuse is parsed again with the default settings the target's stored policy sets, as its run
     * takes them (say {@code batch: {size: 50}} on a target whose policy sets {@code min_size: 10}).
     * Only then is the target read: a playbook fine under the built-in defaults, or one refused for
     * what no defaults change (anything but its settings, batches and throttles), is checked
     * without a database.
     */
    static Playbook load(Path file, DatabaseUrl target, Linter linter, PrintWriter err) {
        Playbook playbook;
        try {
            playbook = new PlaybookParser().parse(file);
        } catch (PlaybookInvalidException refused) {
            if (!defaultsMayChange(refused)) {
                throw refused;
            }
            Optional<PlaybookDefaults> defaults = targetDefaults(target, refused);
            if (defaults.isEmpty()) {
                throw refused;
            }
            playbook = new PlaybookParser(defaults.get()).parse(file);
        }
        return lint(playbook, linter, err);
    }

    /** Whether every problem lies where default settings fill in: the settings, a batch, a throttle. */
    private static boolean defaultsMayChange(PlaybookInvalidException refused) {
        return refused.problems().stream().allMatch(p -> DEFAULTED.matcher(p.path()).matches());
    }

    /** The target's stored default settings; empty without any, or when they cannot be read (kept on {@code refusal}). */
    private static Optional<PlaybookDefaults> targetDefaults(DatabaseUrl target, PlaybookInvalidException refusal) {
        try (Connection c = Connections.open(target)) {
            c.setReadOnly(true);
            return TargetPolicyStore.read(c).map(TargetPolicy::runs).filter(runs -> runs.defaultSettings() != null)
                    .map(RunPolicy::defaults);
        } catch (SQLException e) {
            refusal.addSuppressed(e);
            return Optional.empty();
        }
    }

    private static Playbook lint(Playbook playbook, Linter linter, PrintWriter err) {
        LintReport report = linter.lint(playbook);
        if (!report.findings().isEmpty()) {
            err.println(report.render());
            err.flush();
        }
        if (report.hasErrors()) {
            throw new LintFailedException(report);
        }
        return playbook;
    }
}
