package io.pgshift.playbook;

import java.time.Duration;

/**
 * How a run fits around the deploy of the application's new version, which rolls out while the
 * old one still runs.
 *
 * @param holdBeforeContract stop after the gate passed ({@code AWAITING_CONTRACT}) until an
 *                           operator runs {@code pgshift complete}: the new version is deployed
 *                           before anything is tightened
 * @param syncQuietPeriod    how long a {@code keep_in_sync} trigger must have filled no row before
 *                           cleanup drops it (and before complete goes on): the evidence that no
 *                           writer still omits the columns it fills
 */
public record DeploySettings(boolean holdBeforeContract, Duration syncQuietPeriod) {
    public static final DeploySettings DEFAULT = new DeploySettings(false, Duration.ofMinutes(15));
}
