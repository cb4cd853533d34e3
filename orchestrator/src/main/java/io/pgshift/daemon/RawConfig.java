package io.pgshift.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The configuration file as written, before validation: Jackson maps YAML onto these records and
 * rejects any key they do not declare. Everything is nullable here; {@link DaemonConfigParser}
 * applies defaults and checks values.
 */
final class RawConfig {
    private RawConfig() {
    }

    record Root(String listen, String node, Map<String, Target> targets, List<Token> tokens, Integer partitions,
                Integer threads) {
    }

    record Target(String url, String user, @JsonProperty("password_env") String passwordEnv,
                  @JsonProperty("password_file") String passwordFile, Policy policy) {
    }

    record Policy(@JsonProperty("approval_required") Boolean approvalRequired,
                  @JsonProperty("allowed_windows") List<String> allowedWindows) {
    }

    record Token(String name, String sha256, List<String> roles) {
    }
}
