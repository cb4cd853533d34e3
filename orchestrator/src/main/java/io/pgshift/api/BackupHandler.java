package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.ops.BackupResult;
import io.pgshift.ops.BackupSpec;
import io.pgshift.ops.Backups;
import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/targets/{target}/backups} with {@code {"tables": [...], "verify_restore":
 * bool, "schema": "public"}}: a pg_dump of the tables into the daemon's {@code backup_dir}, as
 * {@code pgshift backup}; audited BACKUP_TAKEN with the token's name. A job ({@link ApiJobs}): a
 * verifying restore of large tables takes as long as the restore, so the request answers 202
 * with the job's location once the body is checked, and the result is polled.
 */
final class BackupHandler implements Handler {
    private final Targets targets;
    private final Path dir;
    private final Backups backups;
    private final ApiJobs jobs;

    BackupHandler(Targets targets, Path dir, Clock clock, ApiJobs jobs) {
        this.targets = targets;
        this.dir = dir;
        this.backups = new Backups(clock);
        this.jobs = jobs;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        var target = targets.get(request.pathParam("target"));
        JsonNode body = request.jsonObject();
        Bodies.onlyFields(body, "tables", "verify_restore", "schema");
        String schema = Bodies.optionalText(body, "schema", "public");
        List<TableRef> tables = Bodies.strings(body, "tables").stream().map(t -> TableRef.parse(t, schema)).toList();
        boolean verifyRestore = Bodies.optionalBoolean(body, "verify_restore", false);
        if (tables.isEmpty()) {
            throw ApiException.badRequest("give the tables to back up: {\"tables\": [\"users\"]}");
        }
        String actor = request.actor();
        return jobs.start(target.name(), "backup", actor, () -> {
            BackupResult result = backups.take(target.ref(), new BackupSpec(tables, dir, verifyRestore), actor,
                    Map.of("via", "api"));
            return result.details();
        });
    }
}
