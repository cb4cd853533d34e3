package io.pgshift.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Open when any of its windows is open: a target's list of allowed windows. */
public final class AnyWindow implements Window {
    private final List<Window> windows;

    public AnyWindow(List<? extends Window> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a union of windows needs at least one window");
        }
        this.windows = List.copyOf(windows);
    }

    @Override
    public boolean isOpen(Instant t) {
        return windows.stream().anyMatch(w -> w.isOpen(t));
    }

    @Override
    public Optional<Instant> nextOpening(Instant t) {
        return windows.stream().map(w -> w.nextOpening(t)).flatMap(Optional::stream).min(Instant::compareTo);
    }

    @Override
    public String describe() {
        return windows.size() == 1 ? windows.get(0).describe()
                : windows.stream().map(Window::describe).collect(Collectors.joining(" or ", "(", ")"));
    }
}
