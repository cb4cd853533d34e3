package io.pgshift.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole environment a command hook starts with. Nothing is inherited by default: the daemon's
 * own environment holds the targets' passwords ({@code *_PGPASSWORD}, {@code password_env}) and
 * tokens, and a hook is often a third-party script. It gets what a program needs to start
 * ({@link #BASE}), the variables its config lists under {@code env:}, and the event's PGSHIFT_*
 * variables, which win over a listed variable of the same name.
 */
final class HookEnvironment {
    /** Passed when the daemon has them: a program needs them to find tools, its home and its locale. */
    static final List<String> BASE = List.of("PATH", "HOME", "LANG");

    private HookEnvironment() {
    }

    static Map<String, String> of(Map<String, String> daemon, HookConfig hook, HookEvent event) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : BASE) {
            copy(daemon, name, env);
        }
        for (String name : hook.env()) {
            copy(daemon, name, env);
        }
        env.putAll(event.environment());
        return env;
    }

    private static void copy(Map<String, String> from, String name, Map<String, String> to) {
        String value = from.get(name);
        if (value != null) {
            to.put(name, value);
        }
    }
}
