package io.pgshift.cli;

import io.pgshift.console.Output;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.plan.Plan;
import io.pgshift.plan.render.JsonPlanRenderer;
import io.pgshift.plan.render.SqlScriptRenderer;
import io.pgshift.plan.render.TextPlanRenderer;
import io.pgshift.playbook.Playbook;
import io.pgshift.usecase.PlanPlaybook;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import io.pgshift.client.RemotePlan;
import io.pgshift.client.ServerOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgshift plan FILE}: the dry run. Reads the live catalog in a read-only transaction and
 * prints every statement pgshift would run, with its lock and cost. Changes nothing.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the exact SQL a playbook will run against a database, with locks and costs (dry run),"
                + " with the default settings the target's policy recorded; with --server, as the daemon would run it"
                + " on --target (its default settings and windows).")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "playbook YAML file")
    Path file;

    @Mixin
    DatabaseOptions database;

    @Mixin
    ServerOptions server;

    /** With --target NAME and no daemon: the config the name is looked up in. */
    @Mixin
    ConfigOptions config;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|sql|notes",
            description = "which document --output text prints: text (for people), sql (a psql script) or notes"
                    + " (the release note in Markdown); default: ${DEFAULT-VALUE}")
    OutputFormat format;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (format == OutputFormat.JSON) {
            // the old spelling of --output json, kept for scripts written before --output
            err.println("pgshift: --format json is deprecated: use --output json");
            output.output = Output.JSON;
        } else if (output.json() && format != OutputFormat.TEXT) {
            throw new PgshiftException(ErrorCode.USAGE, "--format " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " chooses a text document, --output json prints the plan as JSON: give one of them");
        }
        OutputFormat document = output.json() ? OutputFormat.JSON : format;
        if (server.given(database.url)) {
            if (format == OutputFormat.NOTES) {
                throw ServerOptions.notWithServer("--format notes", "the release note is written on the planning"
                        + " connection: plan with --database-url");
            }
            // the daemon plans with the target's default settings and refuses what a submission would
            return RemotePlan.plan(server, file, document.name(), spec.commandLine().getOut(), err);
        }
        DatabaseUrl url = database.resolve();
        // checked before connecting: a malformed or unsafe playbook is refused without a database
        Playbook playbook = Playbooks.load(file, url, StandardRules.linter(Clock.systemUTC()), err);
        Plan plan;
        String notes = null;
        try (Connection c = Connections.open(url)) {
            // Belt and braces: the catalog reader only reads, and the session refuses writes anyway.
            c.setReadOnly(true);
            // the target's default settings fill what the playbook leaves out, as a local apply's run takes them
            playbook = Playbooks.withTargetDefaults(file, playbook, Playbooks.storedRunPolicy(c));
            plan = new PlanPlaybook().plan(c, playbook);
            BaselineWarnings.print(c, playbook, err);
            PrivilegeWarnings.print(c, playbook, err);
            if (format == OutputFormat.NOTES) {
                notes = PlanNotes.render(c, playbook, plan, StandardRules.linter(Clock.systemUTC()));
            }
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot read the catalog of " + url + ": "
                    + e.getMessage().split("\n", 2)[0], e);
        }
        String rendered = switch (document) {
            case TEXT -> new TextPlanRenderer().render(plan);
            case JSON -> new JsonPlanRenderer().render(plan);
            case SQL -> new SqlScriptRenderer().render(plan);
            case NOTES -> notes;
        };
        var out = spec.commandLine().getOut();
        out.print(rendered);
        out.flush();
        return 0;
    }
}
