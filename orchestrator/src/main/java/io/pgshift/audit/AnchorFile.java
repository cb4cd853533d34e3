package io.pgshift.audit;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A file of audit anchors, one per line, appended to and never rewritten. Keep it where whoever
 * could edit the database cannot (another host, write-once storage): it is only as good as that.
 */
public final class AnchorFile {
    private final Path path;

    public AnchorFile(Path path) {
        this.path = path;
    }

    /** Every anchor in the file; a missing file is an error (a wrong path must not pass as "no anchors"). */
    public List<AuditAnchor> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PgshiftException(ErrorCode.USAGE, "anchor file " + path + " does not exist");
        } catch (IOException e) {
            throw new PgshiftException(ErrorCode.USAGE, "cannot read anchor file " + path + ": " + e.getMessage(), e);
        }
        List<AuditAnchor> anchors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank() || lines.get(i).startsWith("#")) {
                continue;
            }
            try {
                anchors.add(AuditAnchor.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new PgshiftException(ErrorCode.USAGE, path + ":" + (i + 1) + ": not an audit anchor: " + e.getMessage());
            }
        }
        return anchors;
    }

    /** The last anchor written, if the file exists and has one. */
    public Optional<AuditAnchor> last() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        List<AuditAnchor> all = read();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Appends {@code anchor} and forces it to disk before returning. */
    public void append(AuditAnchor anchor) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(StandardCharsets.UTF_8.encode(anchor.line() + "\n"));
            ch.force(true);
        }
    }
}
