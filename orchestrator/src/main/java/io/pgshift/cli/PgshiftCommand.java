package io.pgshift.cli;

import picocli.CommandLine.Command;

/** The root command; each subcommand is one class, added by {@link CommandTree}. */
@Command(name = "pgshift", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Online, zero-downtime schema changes for PostgreSQL, run as three-phase playbooks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal error (a bug: please report it)",
            "2:usage error (wrong options or arguments)",
            "3:invalid playbook (syntax, unknown key, bad identifier ...)",
            "4:lint found errors",
            "5:plan rejected: the playbook does not fit the database",
            "6:database error (cannot connect, statement failed)",
            "7:run conflict (changed playbook under an existing name, table busy, illegal transition)",
            "8:the run failed (see its error; fix and apply again to retry, or roll back)",
            "9:the run is paused (Ctrl-C or pgshift pause); apply again to resume",
            "10:audit verify found a tampered audit log",
            "11:drift: targets status or schema diff found the targets different",
            "12:backup failed (pg_dump, checksum or verifying restore); nothing was started",
            "13:preflight found a failing check",
            "14:the daemon refused the token (401) or its role (403)",
            "15:the run is held before contract: deploy the new application version, then pgshift complete RUN",
            "16:the target's policy asks for what this path cannot give (an approval, a backup): submit to the daemon, or --break-glass --reason",
            "17:the daemon's config names a token published in pgshift's examples: make one with pgshift token new",
            "18:restore refused the backup file: its .sha256 is missing or does not match; nothing was touched",
            "19:restore failed or was refused (--into exists, columns changed, locks not granted); see what was left"})
public final class PgshiftCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: try pgshift --help");
    }
}
