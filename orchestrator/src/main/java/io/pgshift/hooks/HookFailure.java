package io.pgshift.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a hook failed, as audited (HOOK_FAILED) and counted ({@code reason} tag).
 *
 * @param detail exit code, HTTP status or exception, in words
 * @param output the end of the command's output or the response body, possibly empty
 */
record HookFailure(Reason reason, String detail, String output) {
    enum Reason {
        /** the command exited non-zero, or the webhook answered outside 2xx */
        FAILED,
        /** it ran past its timeout and was killed (or the request abandoned) */
        TIMEOUT,
        /** it could not run at all: program not found, connection refused, ... */
        ERROR,
        /** the dispatcher's queue was full: the hook never ran */
        REJECTED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final int MAX_OUTPUT = 2000;

    HookFailure {
        output = tail(output == null ? "" : output);
    }

    Map<String, Object> details(HookConfig hook, HookEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hook", hook.name());
        details.put("event", event.record().action().name());
        details.put("event_audit_id", event.record().id());
        details.put("reason", reason.tag());
        details.put("detail", detail);
        details.put("timeout_ms", hook.timeout().toMillis());
        if (!output.isEmpty()) {
            details.put("output", output);
        }
        return details;
    }

    private static String tail(String text) {
        return text.length() <= MAX_OUTPUT ? text : "…" + text.substring(text.length() - MAX_OUTPUT);
    }
}
