package io.pgshift.daemon;

import io.pgshift.audit.AuditAction;
import io.pgshift.hooks.HookConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code hooks:} list: {@code {name, events: [...], command: [argv...] | webhook: URL,
 * timeout: 10s, env: [NAME...]}}; {@code env} lists the daemon's variables a command hook may see. Event names are audit actions, case-insensitive; a webhook URL is never echoed
 * in an error (it often carries a secret).
 */
final class HooksConfig {
    private final ConfigValues values;

    HooksConfig(ConfigValues values) {
        this.values = values;
    }

    List<HookConfig> hooks(List<RawConfig.Hook> raw) {
        List<HookConfig> hooks = new ArrayList<>();
        if (raw == null) {
            return hooks;
        }
        for (int i = 0; i < raw.size(); i++) {
            RawConfig.Hook h = raw.get(i);
            String key = "hooks[" + i + "]";
            if (h == null) {
                throw values.invalid(key, "must be a mapping with name, events and command or webhook");
            }
            try {
                hooks.add(new HookConfig(h.name, events(key, h.events), h.command, webhook(key, h.webhook),
                        timeout(key, h.timeout), h.env));
            } catch (IllegalArgumentException e) {
                throw values.invalid(key, e.getMessage());
            }
        }
        return hooks;
    }

    private Set<AuditAction> events(String key, List<String> names) {
        Set<AuditAction> events = EnumSet.noneOf(AuditAction.class);
        for (String name : names == null ? List.<String>of() : names) {
            try {
                events.add(AuditAction.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw values.invalid(key + ".events", "unknown event '" + name + "'; expected some of "
                        + HookConfig.EVENTS.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).sorted().toList());
            }
        }
        return events;
    }

    private URI webhook(String key, String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(values.expand(key + ".webhook", url));
        } catch (URISyntaxException e) {
            throw values.invalid(key + ".webhook", "is not a valid URL");
        }
    }

    private Duration timeout(String key, String text) {
        return values.duration(key + ".timeout", text, HookConfig.DEFAULT_TIMEOUT);
    }
}
