package io.pgshift.playbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated playbook. {@code source} is the file's text (its checksum is the run's
 * identity); {@code locations} maps each path inside the playbook ({@code contract[1].add_unique})
 * to where it is written, so later findings can point at the line.
 */
public record Playbook(String name, String description, Settings settings, Requires requires,
                       List<ExpandStep> expand, List<Backfill> backfill, List<ContractStep> contract,
                       String file, String source, Map<String, SourceLocation> locations) {
    public Playbook {
        expand = List.copyOf(expand);
        backfill = List.copyOf(backfill);
        contract = List.copyOf(contract);
        locations = Map.copyOf(locations);
    }

    /** Where {@code path} is written; falls back to the nearest enclosing path, then to the file. */
    public SourceLocation locate(String path) {
        String p = path;
        while (!p.isEmpty()) {
            SourceLocation loc = locations.get(p);
            if (loc != null) {
                return loc;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
        return SourceLocation.unknown(file);
    }

    /** SHA-256 of the content with line endings normalised: same text, same run. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(source.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
