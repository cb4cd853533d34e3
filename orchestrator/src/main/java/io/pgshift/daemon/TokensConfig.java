package io.pgshift.daemon;

import io.pgshift.daemon.DaemonConfig.Token;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the {@code tokens} section: unique names, SHA-256 hashes that no example published,
 * known roles, and targets the config defines.
 */
final class TokensConfig {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ConfigValues values;

    TokensConfig(ConfigValues values) {
        this.values = values;
    }

    /** @param targets the configured targets' names, which a token's {@code targets} must be among */
    List<Token> tokens(List<RawConfig.Token> raw, Set<String> targets) {
        if (raw == null || raw.isEmpty()) {
            throw values.invalid("tokens", "needs at least one token: every API call but the health checks needs one");
        }
        List<Token> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Token token = token("tokens[" + i + "]", raw.get(i), targets);
            if (!names.add(token.name())) {
                throw values.invalid("tokens[" + i + "].name", "repeats the token name '" + token.name() + "'");
            }
            tokens.add(token);
        }
        return tokens;
    }

    private Token token(String key, RawConfig.Token raw, Set<String> targets) {
        if (raw == null) {
            throw values.invalid(key, "must be a mapping with name, sha256 and roles");
        }
        String name = values.nonBlank(key + ".name", values.expand(key + ".name", raw.name));
        String hash = values.required(key + ".sha256", values.expand(key + ".sha256", raw.sha256)).trim();
        if (!SHA256.matcher(hash).matches()) {
            throw values.invalid(key + ".sha256", "must be the 64 hex digits of the token's SHA-256, not the token"
                    + " itself nor a placeholder: `pgshift token new " + name + " --roles ...` prints a token and its line");
        }
        byte[] sha256 = HexFormat.of().parseHex(hash.toLowerCase(Locale.ROOT));
        ExampleTokens.publishedIn(sha256).ifPresent(where -> {
            throw new PublishedTokenException(values.file() + ": '" + key + ".sha256' (token '" + name
                    + "') is the hash of a token published in pgshift's examples (" + where + "), which anyone can use;"
                    + " make a new one with `pgshift token new " + name + " --roles ...` and replace the line");
        });
        return new Token(name, sha256, roles(key, raw.roles), scope(key, raw.targets, targets));
    }

    private Set<Role> roles(String key, List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            throw values.invalid(key + ".roles", "needs at least one of: viewer, operator, approver");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : raw) {
            try {
                roles.add(Role.parse(role));
            } catch (IllegalArgumentException e) {
                throw values.invalid(key + ".roles", "has an " + e.getMessage());
            }
        }
        return roles;
    }

    /** No {@code targets}: every target. An empty list or an unknown name is a mistake, never "all". */
    private TargetScope scope(String key, List<String> raw, Set<String> configured) {
        if (raw == null) {
            return TargetScope.ALL;
        }
        if (raw.isEmpty()) {
            throw values.invalid(key + ".targets", "is empty, which would allow nothing; name the targets, or leave"
                    + " the key out for every target");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String target : raw) {
            String name = target == null ? "" : target.trim();
            if (!configured.contains(name)) {
                throw values.invalid(key + ".targets", "names the target '" + name + "', which the config does not"
                        + " define; targets are: " + String.join(", ", configured));
            }
            names.add(name);
        }
        return TargetScope.of(names);
    }
}
