package io.pgshift.cli;

import io.pgshift.lint.LintReport;
import io.pgshift.lint.Linter;
import io.pgshift.playbook.Playbook;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.TargetPolicy;
import io.pgshift.run.TargetPolicyStore;
import java.sql.Connection;
import java.sql.SQLException;
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
            RunPolicy runs = storedRunPolicy(target, refused);
            if (runs.defaultSettings() == null) {
                throw refused;
            }
            playbook = new PlaybookParser(runs.defaults()).parse(file);
        }
        return lint(playbook, linter, err);
    }

    /** Whether every problem lies where default settings fill in: the settings, a batch, a throttle. */
    private static boolean defaultsMayChange(PlaybookInvalidException refused) {
        return refused.problems().stream().allMatch(p -> DEFAULTED.matcher(p.path()).matches());
    }

    /** The target's stored run policy; NONE without one, or when it cannot be read (kept on {@code refusal}). */
    private static RunPolicy storedRunPolicy(DatabaseUrl target, PlaybookInvalidException refusal) {
        try (Connection c = Connections.open(target)) {
            c.setReadOnly(true);
            return storedRunPolicy(c);
        } catch (SQLException e) {
            refusal.addSuppressed(e);
            return RunPolicy.NONE;
        }
    }

    /** The run policy the target's stored policy sets (windows, default settings); NONE without one. */
    static RunPolicy storedRunPolicy(Connection target) throws SQLException {
        return TargetPolicyStore.read(target).map(TargetPolicy::runs).orElse(RunPolicy.NONE);
    }

    /**
     * The playbook of {@code file} as its run on a target with {@code runs} takes it: parsed again
     * with the policy's default settings when it sets any, else {@code parsed} as it is.
     */
    static Playbook withTargetDefaults(Path file, Playbook parsed, RunPolicy runs) {
        return runs.defaultSettings() == null ? parsed : new PlaybookParser(runs.defaults()).parse(file);
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
