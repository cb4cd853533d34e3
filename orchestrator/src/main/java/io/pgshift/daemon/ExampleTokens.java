package io.pgshift.daemon;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hashes of tokens that pgshift's own documentation and examples published (README, docs,
 * scripts/daemon): anyone who read them holds the token, so a config naming one of these hashes
 * grants the world its roles. The daemon refuses to start on them. Only ever add to this list:
 * a hash once published stays public. Tests use tokens of their own, which are not listed.
 */
final class ExampleTokens {
    /** Hash to where it was published (never the token itself, though it is public too). */
    private static final Map<String, String> PUBLISHED = Map.of(
            "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b",
            "scripts/daemon/pgshift-daemon.yaml and README (token 'alice')",
            "81b637d8fcd2c6da6359e6963113a1170de795e4b725b84d1e0b4cfd9ec58ce9",
            "scripts/daemon/pgshift-daemon.yaml and README (token 'bob')",
            "3fc9b689459d738f8c88a3a48aa9e33542016b7a4052e001aaa536fca74813cb",
            "scripts/daemon/pgshift-daemon.yaml (token 'grafana')");

    private ExampleTokens() {
    }

    /** Where the hash was published, if it is one of the examples'. */
    static Optional<String> publishedIn(byte[] sha256) {
        return Optional.ofNullable(PUBLISHED.get(HexFormat.of().formatHex(sha256).toLowerCase(Locale.ROOT)));
    }
}
