package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.ops.BackupResult;
import io.pgshift.ops.Backups;
import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/targets/{target}/backups} with {@code {"tables": [...], "verify_restore":
 * bool, "schema": "public"}}: a pg_dump of the tables into the daemon's {@code backup_dir}, as
 * {@code pgshift backup}; audited BACKUP_TAKEN with the token's name. Runs in the request: a
 * verifying restore of large tables takes as long as the restore.
 */
final class BackupHandler implements Handler {
    private final Targets targets;
    private final Path dir;
    private final Backups backups;

    BackupHandler(Targets targets, Path dir, Clock clock) {
        this.targets = targets;
        this.dir = dir;
        this.backups = new Backups(clock);
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        var target = targets.get(request.pathParam("target"));
        JsonNode body = request.jsonObject();
        Bodies.onlyFields(body, "tables", "verify_restore", "schema");
        String schema = Bodies.optionalText(body, "schema", "public");
        List<TableRef> tables = Bodies.strings(body, "tables").stream().map(t -> TableRef.parse(t, schema)).toList();
        boolean verifyRestore = Bodies.optionalBoolean(body, "verify_restore", false);
        BackupResult result = backups.take(target.ref(), tables, dir, verifyRestore, request.actor(), Map.of("via", "api"));
        return ApiResponse.json(201, result.details());
    }
}
