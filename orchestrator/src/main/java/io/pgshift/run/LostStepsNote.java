package io.pgshift.run;

import java.util.List;

/**
 * How a run that succeeded, whose target has lost steps of it since (a failover to a standby
 * behind it), is described wherever it is shown: {@code apply}, a daemon's answer, {@code status};
 * and a rolled-back one whose target lost the undo of some steps.
 */
public final class LostStepsNote {
    private LostStepsNote() {
    }

    /** {@code steps} as {@code ORDINAL PATH}: "the target has lost 2 of its steps since (...: 5 contract[0]..., 6 ...)". */
    public static String of(List<String> steps) {
        return "the target has lost " + steps.size() + " of its steps since (a failover to a standby that had not"
                + " received them: " + String.join(", ", steps) + ")";
    }

    /** {@code steps} of a rolled-back run as {@code ORDINAL PATH}: "the target has lost the undo of 2 of its steps since (...)". */
    public static String ofUndos(List<String> steps) {
        return "the target has lost the undo of " + steps.size() + " of its steps since (a failover to a standby that"
                + " had not received it: " + String.join(", ", steps) + ")";
    }
}
