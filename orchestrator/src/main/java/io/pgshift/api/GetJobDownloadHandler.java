package io.pgshift.api;

import java.nio.file.Files;

/**
 * {@code GET /api/v1/targets/{target}/jobs/{id}/download}: the file a finished job left (an audit
 * export's JSON lines), streamed from disk; 404 while the job runs, after it failed, or once it
 * was forgotten.
 */
final class GetJobDownloadHandler implements Handler {
    private final Targets targets;
    private final ApiJobs jobs;

    GetJobDownloadHandler(Targets targets, ApiJobs jobs) {
        this.targets = targets;
        this.jobs = jobs;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String target = targets.get(request.pathParam("target")).name();
        long id = request.idParam("id");
        ApiJobs.Download download = jobs.download(target, id).orElseThrow(() -> ApiException.notFound("job " + id
                + " of target " + target + " has nothing to download (still running, failed, or forgotten: poll"
                + " GET .../jobs/" + id + ")"));
        return ApiResponse.streamed(download.contentType(), out -> Files.copy(download.file(), out));
    }
}
