package io.pgshift.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a token's text: all the daemon ever holds of a token. */
public final class TokenHash {
    private TokenHash() {
    }

    public static byte[] of(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Lower-case hex, as {@code sha256sum} prints it and the config takes it. */
    public static String hex(String token) {
        return HexFormat.of().formatHex(of(token));
    }
}
