package io.pgshift.backfill;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the window a piece of work runs in from a playbook's schedule and a target's allowed windows. */
public final class Windows {
    private Windows() {
    }

    /**
     * {@code schedule} (a backfill's own window, if any) within any of {@code allowed} (a target's
     * policy; empty means any time). Empty when neither restricts anything.
     */
    public static Optional<Window> of(Optional<Schedule> schedule, List<Schedule> allowed) {
        List<Window> parts = new ArrayList<>();
        schedule.map(ScheduleWindow::new).ifPresent(parts::add);
        if (!allowed.isEmpty()) {
            parts.add(new AnyWindow(allowed.stream().map(ScheduleWindow::new).toList()));
        }
        return switch (parts.size()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(parts.get(0));
            default -> Optional.of(new AllWindows(parts));
        };
    }
}
