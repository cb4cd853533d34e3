package io.pgshift.api;

import io.pgshift.daemon.DaemonConfig.Token;
import io.pgshift.daemon.TokenHash;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bearer tokens: the presented token is hashed with SHA-256 and compared, in constant time, with
 * every configured hash (the daemon never holds a token in clear).
 */
public final class Authenticator {
    private final List<Token> tokens;

    public Authenticator(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** @throws ApiException 401 when the header is missing, malformed or names no known token */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("this endpoint needs a token: send the header 'Authorization: Bearer <token>'");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        byte[] presented = sha256(parts[1].trim());
        Token found = null;
        for (Token token : tokens) {
            // no early exit: the time taken does not depend on which token matched
            if (token.matches(presented) && found == null) {
                found = token;
            }
        }
        if (found == null) {
            throw unauthorized("unknown token");
        }
        return new Principal(found.name(), found.roles(), found.targets());
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message, Map.of());
    }

    static byte[] sha256(String token) {
        return TokenHash.of(token);
    }
}
