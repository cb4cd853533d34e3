package io.pgshift.hooks;

import io.pgshift.audit.AuditAction;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One hook: what it listens to and what it runs, either a command (argv, run without a shell) or
 * a webhook (a JSON POST). Validated on construction, so a daemon refuses a bad configuration at
 * start-up with a message naming the hook.
 *
 * @param events  audit actions that trigger it, among {@link #EVENTS}
 * @param command argv of the program to run, or an empty list for a webhook
 * @param webhook http(s) URL to POST the event to, or null for a command
 * @param timeout how long the hook may run before it is killed (or the request abandoned)
 * @param env     names of the daemon's environment variables a command hook also receives, besides
 *                PATH, HOME, LANG and the event's PGSHIFT_* variables; nothing else is passed
 */
public record HookConfig(String name, Set<AuditAction> events, List<String> command, URI webhook, Duration timeout,
                         List<String> env) {
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The events a hook may listen to. HOOK_FAILED is never one: a hook's failure must not trigger hooks. */
    public static final Set<AuditAction> EVENTS = Set.copyOf(EnumSet.of(AuditAction.SUBMITTED,
            AuditAction.AWAITING_APPROVAL, AuditAction.PHASE_DONE, AuditAction.GATE_FAILED, AuditAction.FAILED,
            AuditAction.SUCCEEDED, AuditAction.WAITING_FOR_WINDOW, AuditAction.AWAITING_CONTRACT,
            AuditAction.HOLD_RELEASED, AuditAction.SYNC_TRIGGER_RETAINED, AuditAction.SYNC_TRIGGER_DROPPED,
            AuditAction.WAITING_FOR_DATABASE, AuditAction.STEPS_LOST));
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public HookConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a hook needs a name");
        }
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("hook '" + name + "' needs at least one event, among " + names(EVENTS));
        }
        events = Set.copyOf(EnumSet.copyOf(events));
        if (!EVENTS.containsAll(events)) {
            Set<AuditAction> unsupported = EnumSet.copyOf(events);
            unsupported.removeAll(EVENTS);
            throw new IllegalArgumentException("hook '" + name + "' listens to " + names(unsupported)
                    + ", which hooks do not support; use events among " + names(EVENTS));
        }
        command = command == null ? List.of() : List.copyOf(command);
        if (command.isEmpty() == (webhook == null)) {
            throw new IllegalArgumentException("hook '" + name + "' needs exactly one of command (argv) and webhook (URL)");
        }
        if (webhook != null && !("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme()))) {
            throw new IllegalArgumentException("hook '" + name + "': webhook must be an http or https URL, got '"
                    + webhook + "'");
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("hook '" + name + "': timeout must be above 0 and at most "
                    + MAX_TIMEOUT.toMinutes() + " minutes, got " + timeout);
        }
        env = env == null ? List.of() : List.copyOf(env);
        if (!env.isEmpty() && webhook != null) {
            throw new IllegalArgumentException("hook '" + name + "': env is for command hooks; a webhook gets no environment");
        }
        for (String variable : env) {
            if (!ENV_NAME.matcher(variable).matches()) {
                throw new IllegalArgumentException("hook '" + name + "': env lists '" + variable
                        + "', which is not a variable name (letters, digits, _)");
            }
        }
    }

    public HookConfig(String name, Set<AuditAction> events, List<String> command, URI webhook, Duration timeout) {
        this(name, events, command, webhook, timeout, List.of());
    }

    public static HookConfig command(String name, Set<AuditAction> events, List<String> argv, Duration timeout) {
        return new HookConfig(name, events, argv, null, timeout);
    }

    /** A command hook that also receives the daemon's variables named in {@code env}. */
    public static HookConfig command(String name, Set<AuditAction> events, List<String> argv, Duration timeout,
                                     List<String> env) {
        return new HookConfig(name, events, argv, null, timeout, env);
    }

    public static HookConfig webhook(String name, Set<AuditAction> events, URI url, Duration timeout) {
        return new HookConfig(name, events, List.of(), url, timeout);
    }

    public boolean isWebhook() {
        return webhook != null;
    }

    /**
     * Whether an audit row of {@code action} runs this hook. A run that starts waiting for an
     * approver is audited APPROVAL_REQUESTED; hooks name that moment AWAITING_APPROVAL, after the
     * state the run then waits in (the name configs have always used), and receive the row as it is.
     */
    public boolean listensTo(AuditAction action) {
        return events.contains(action == AuditAction.APPROVAL_REQUESTED ? AuditAction.AWAITING_APPROVAL : action);
    }

    private static String names(Set<AuditAction> actions) {
        return actions.stream().map(Enum::name).sorted().toList().toString();
    }
}
