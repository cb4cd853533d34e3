package io.pgshift.usecase;

import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunPolicy;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link SubmitPlaybook} submits, and how. Where a local apply and the daemon have always
 * differed, the difference is an input here, never a second code path.
 *
 * @param playbook   parsed (and linted) with the defaults of {@code policy}
 * @param actor      who submits, for the audit log
 * @param policy     the target's run policy (windows, default settings), recorded with a new run
 * @param options    what the submitter asks on top of the policy
 * @param windows    whether a backfill schedule that never meets the policy's windows is refused
 * @param backup     the backup taken before the run is created
 * @param approval   whether a new run waits for an approval before it starts
 * @param breakGlass a local apply's bypass of its target's policy, audited with the new run
 * @param audit      what the SUBMITTED row says besides the playbook
 * @param held       what resubmitting a run held before contract does
 */
public record SubmitRequest(Playbook playbook, String actor, RunPolicy policy, Set<RunOption> options,
                            WindowCheck windows, BackupRequest backup, Approval approval,
                            Optional<BreakGlass> breakGlass, SubmittedAudit audit, HeldRun held) {
    public SubmitRequest {
        options = Set.copyOf(options);
    }

    /**
     * As a local {@code pgshift apply} asks: a schedule that never meets the target's windows is
     * refused (the run would wait in the foreground forever after expand), no approval (the
     * local policy check refused a policy asking for one, or breaks glass), the SUBMITTED row
     * names the playbook, and a run held before contract is left as it is.
     */
    public static SubmitRequest local(Playbook playbook, String actor, RunPolicy policy, Set<RunOption> options,
                                      BackupRequest backup) {
        return new SubmitRequest(playbook, actor, policy, options, WindowCheck.REFUSE_NEVER_OPEN, backup,
                Approval.NOT_REQUIRED, Optional.empty(), SubmittedAudit.PLAYBOOK, HeldRun.LEAVE);
    }

    /**
     * As the daemon's API asks: windows checked, an approval when the target's policy wants one,
     * no options and no break-glass, the SUBMITTED row names the target and its policy, and a
     * resubmitted run is resumed like any other.
     */
    public static SubmitRequest daemon(Playbook playbook, String actor, RunPolicy policy, BackupRequest backup,
                                       Approval approval) {
        return new SubmitRequest(playbook, actor, policy, Set.of(), WindowCheck.REFUSE_NEVER_OPEN, backup, approval,
                Optional.empty(), SubmittedAudit.PLAYBOOK_TARGET_AND_POLICY, HeldRun.RESUME);
    }

    /** The same request, breaking glass as recorded (empty: nothing bypassed). */
    public SubmitRequest withBreakGlass(Optional<BreakGlass> bypass) {
        return new SubmitRequest(playbook, actor, policy, options, windows, backup, approval, bypass, audit, held);
    }

    /** The policy the run records: the target's, with the submitter's options. */
    RunPolicy runPolicy() {
        RunPolicy runs = policy;
        runs = options.contains(RunOption.HOLD_BEFORE_CONTRACT) ? runs.withHoldBeforeContract() : runs;
        return options.contains(RunOption.AUDIT_SAMPLES) ? runs.withAuditSamples() : runs;
    }

    public enum RunOption {
        /** Stop in AWAITING_CONTRACT once the gate passes ({@code --hold-before-contract}). */
        HOLD_BEFORE_CONTRACT,
        /** Let the run's audit rows quote gate samples and others' queries in full ({@code --audit-samples}). */
        AUDIT_SAMPLES
    }

    public enum WindowCheck {
        /** Refused, as the daemon does: accepted, the run would wait forever after its expand phase. */
        REFUSE_NEVER_OPEN,
        /** Not checked: the run waits for its windows like any other, however long. */
        NONE
    }

    public enum Approval {
        /** A new run waits in AWAITING_APPROVAL (APPROVAL_REQUESTED audited) until approved. */
        REQUIRED,
        /** The run starts at once (a local apply refuses a policy asking for one, or bypasses it by break-glass). */
        NOT_REQUIRED
    }

    public enum SubmittedAudit {
        /** The playbook's name, checksum and YAML (a local apply). */
        PLAYBOOK,
        /** Those, the target's name and, when it has one, the run policy (the daemon). */
        PLAYBOOK_TARGET_AND_POLICY
    }

    public enum HeldRun {
        /** Left as it is and reported: the hold is an operator's decision, not something a re-run carries past. */
        LEAVE,
        /** Resumed like any other, which a held run refuses (IllegalTransitionException: complete it instead). */
        RESUME
    }
}
