package io.pgshift.api;

/**
 * {@code GET /api/v1/targets/{target}/jobs/{id}}: a long operation started by another request
 * (a backup): RUNNING, then SUCCEEDED with its {@code result} or FAILED with its {@code status}
 * and {@code error} as the request would have answered them.
 */
final class GetJobHandler implements Handler {
    private final Targets targets;
    private final ApiJobs jobs;

    GetJobHandler(Targets targets, ApiJobs jobs) {
        this.targets = targets;
        this.jobs = jobs;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String target = targets.get(request.pathParam("target")).name();
        long id = request.idParam("id");
        return ApiResponse.ok(jobs.find(target, id).orElseThrow(() -> ApiException.notFound("no job " + id + " of target "
                + target + " on this daemon (jobs are kept " + ApiJobs.KEPT.toHours() + " h, and not across a restart;"
                + " the audit log records what they did)")));
    }
}
