package io.pgshift.playbook;

/**
 * What a playbook gets for every setting it leaves out. Built-in defaults unless a target's
 * policy sets its own ({@code default_settings}); a value written in the playbook always wins.
 *
 * @param settings the playbook-wide {@code settings}
 * @param batch    each backfill's {@code batch}
 * @param throttle each backfill's {@code throttle}
 */
public record PlaybookDefaults(Settings settings, BatchSpec batch, ThrottleSpec throttle) {
    public static final PlaybookDefaults BUILT_IN = new PlaybookDefaults(Settings.DEFAULT, BatchSpec.DEFAULT,
            ThrottleSpec.DEFAULT);
}
