package io.pgshift.backfill;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Open when all of its windows are open: a playbook's backfill schedule inside a target's allowed
 * windows. The next opening is found by jumping: at a candidate minute, every closed window names
 * its own next opening, and the latest of those is the next candidate; the first candidate at
 * which none is closed is the answer. Each jump moves at least one minute forward, and the search
 * stops at {@link #HORIZON}: two windows that never overlap have no opening.
 */
public final class AllWindows implements Window {
    /** How far ahead an opening is searched for; beyond it the windows are taken never to meet. */
    public static final Duration HORIZON = Duration.ofDays(366);

    private final List<Window> windows;

    public AllWindows(List<? extends Window> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("an intersection of windows needs at least one window");
        }
        this.windows = List.copyOf(windows);
    }

    @Override
    public boolean isOpen(Instant t) {
        return windows.stream().allMatch(w -> w.isOpen(t));
    }

    @Override
    public Optional<Instant> nextOpening(Instant t) {
        Instant end = t.plus(HORIZON);
        Instant candidate = t.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        while (candidate.isBefore(end)) {
            Instant latest = candidate;
            for (Window w : windows) {
                if (!w.isOpen(candidate)) {
                    Optional<Instant> opens = w.nextOpening(candidate);
                    if (opens.isEmpty()) {
                        return Optional.empty();
                    }
                    latest = opens.get().isAfter(latest) ? opens.get() : latest;
                }
            }
            if (latest.equals(candidate)) {
                return Optional.of(candidate);
            }
            // A closed window's opening lies in a later minute (windows are decided per minute).
            Instant next = latest.truncatedTo(ChronoUnit.MINUTES);
            candidate = next.isAfter(candidate) ? next : candidate.plus(1, ChronoUnit.MINUTES);
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return windows.stream().map(Window::describe).collect(Collectors.joining(" and "));
    }
}
