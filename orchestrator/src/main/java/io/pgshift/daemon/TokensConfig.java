package io.pgshift.daemon;

import io.pgshift.daemon.DaemonConfig.Token;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the {@code tokens} section: unique names, SHA-256 hashes, known roles. */
final class TokensConfig {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ConfigValues values;

    TokensConfig(ConfigValues values) {
        this.values = values;
    }

    List<Token> tokens(List<RawConfig.Token> raw) {
        if (raw == null || raw.isEmpty()) {
            throw values.invalid("tokens", "needs at least one token: every API call but the health checks needs one");
        }
        List<Token> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Token token = token("tokens[" + i + "]", raw.get(i));
            if (!names.add(token.name())) {
                throw values.invalid("tokens[" + i + "].name", "repeats the token name '" + token.name() + "'");
            }
            tokens.add(token);
        }
        return tokens;
    }

    private Token token(String key, RawConfig.Token raw) {
        if (raw == null) {
            throw values.invalid(key, "must be a mapping with name, sha256 and roles");
        }
        String name = values.nonBlank(key + ".name", values.expand(key + ".name", raw.name));
        String hash = values.required(key + ".sha256", values.expand(key + ".sha256", raw.sha256)).trim();
        if (!SHA256.matcher(hash).matches()) {
            throw values.invalid(key + ".sha256", "must be the 64 hex digits of the token's SHA-256"
                    + " (printf %s \"$TOKEN\" | sha256sum), not the token itself");
        }
        if (raw.roles == null || raw.roles.isEmpty()) {
            throw values.invalid(key + ".roles", "needs at least one of: viewer, operator, approver");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : raw.roles) {
            String normalised = role == null ? "" : role.trim().toLowerCase(Locale.ROOT);
            roles.add(Role.fromConfig(normalised).orElseThrow(() -> values.invalid(key + ".roles",
                    "has an unknown role '" + role + "'; roles are viewer, operator, approver")));
        }
        return new Token(name, HexFormat.of().parseHex(hash.toLowerCase(Locale.ROOT)), roles);
    }
}
