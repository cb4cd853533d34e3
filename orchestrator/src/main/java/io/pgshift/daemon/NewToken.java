package io.pgshift.daemon;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A freshly drawn API token and the config line that grants it: 32 random bytes, URL-safe base64
 * behind the prefix {@code pgs_} (so a leaked one is recognisable in logs and by secret
 * scanners). The token is shown once; the daemon keeps only its SHA-256.
 */
public record NewToken(String name, String token, Set<Role> roles, TargetScope targets) {
    public static final String PREFIX = "pgs_";
    private static final int RANDOM_BYTES = 32;
    /** Names and targets go unquoted into a YAML flow mapping: keep them to plain characters. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public NewToken {
        roles = Set.copyOf(roles);
    }

    /**
     * @throws IllegalArgumentException for a name or target that is not plain, or no role
     */
    public static NewToken issue(String name, Set<Role> roles, List<String> targets, SecureRandom random) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("the token name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one role: viewer, operator, approver");
        }
        Set<String> scope = new LinkedHashSet<>();
        for (String target : targets) {
            if (!PLAIN.matcher(target).matches()) {
                throw new IllegalArgumentException("the target name '" + target
                        + "' must be letters, digits, '.', '_' or '-'");
            }
            scope.add(target);
        }
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new NewToken(name, token, roles, scope.isEmpty() ? TargetScope.ALL : TargetScope.of(scope));
    }

    public String sha256Hex() {
        return TokenHash.hex(token);
    }

    /** The entry of the config's {@code tokens} list, roles in their documented order. */
    public String configLine() {
        String roleList = EnumSet.copyOf(roles).stream().map(Role::configName).collect(Collectors.joining(", "));
        String scope = targets.isAll() ? "" : ", targets: [" + String.join(", ", targets.names()) + "]";
        return "- {name: " + name + ", sha256: " + sha256Hex() + ", roles: [" + roleList + "]" + scope + "}";
    }

    @Override
    public String toString() {
        // never the token: records print their fields, and this one is a secret
        return "NewToken[" + name + " " + roles + " on " + targets + "]";
    }
}
