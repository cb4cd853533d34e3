package io.pgshift.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why a partition waits for its window, as shown on the partition row. It names which restriction
 * applies (the playbook's schedule, the target's allowed windows, or both) so an operator knows
 * whether to change the playbook or the target's policy.
 */
final class WindowReason {
    private WindowReason() {
    }

    /** {@code schedule} and {@code allowed} as in {@link Windows#of}; at least one must restrict. */
    static String outside(Optional<Schedule> schedule, List<Schedule> allowed, Optional<Instant> opens) {
        Optional<String> own = schedule.map(s -> "the schedule window " + new ScheduleWindow(s).describe());
        Optional<String> target = allowed.isEmpty() ? Optional.empty()
                : Optional.of("the target's allowed windows "
                        + new AnyWindow(allowed.stream().map(ScheduleWindow::new).toList()).describe());
        String where = own.isPresent() && target.isPresent() ? own.get() + " within " + target.get()
                : own.or(() -> target).orElseThrow(() -> new IllegalArgumentException("no window restricts"));
        return "outside " + where + "; opens " + opens.map(Instant::toString).orElse("never again");
    }
}
