package io.pgshift.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Long API operations (a backup and its verifying restore can take as long as the restore) run
 * here, not in request threads: the request answers 202 with the job's location at once, and
 * the client polls {@code GET .../jobs/{id}}. A few threads of their own, a bounded queue (a
 * full one is 503: try again later), and finished jobs kept for an hour. Jobs live in this
 * daemon's memory: after a restart their ids are unknown (404), and what they did is in the
 * audit log. A job may leave a file to download (an audit export), kept in a directory only
 * the daemon's user can read and deleted with the job.
 */
final class ApiJobs {
    static final Duration KEPT = Duration.ofHours(1);
    private static final int THREADS = 2;
    private static final int QUEUED = 16;

    enum State { RUNNING, SUCCEEDED, FAILED }

    /** What a job does: its result body, or an exception that becomes its error as a request's would. */
    interface Work {
        Map<String, Object> run() throws Exception;
    }

    /** A job that writes a file to download ({@code file}, created empty, private), and returns its result body. */
    interface FileWork {
        Map<String, Object> write(Path file) throws Exception;
    }

    /** A finished job's file, and its content type. */
    record Download(Path file, String contentType) {
    }

    private record Job(long id, String target, String kind, String actor, Instant startedAt, State state,
                       Instant finishedAt, Map<String, Object> result, ApiResponse error, Download download) {
        Job finished(State state, Instant at, Map<String, Object> result, ApiResponse error, Download download) {
            return new Job(id, target, kind, actor, startedAt, state, at, result, error, download);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiJobs.class);
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private Path files;
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;
    private final ThreadPoolExecutor executor;

    ApiJobs(Clock clock) {
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED),
                r -> {
                    Thread t = new Thread(r, "pgshift-api-job-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Starts {@code work}; the 202 answer names the job and where to poll it. */
    ApiResponse start(String target, String kind, String actor, Work work) {
        return start(target, kind, actor, () -> new Outcome(work.run(), null));
    }

    /** Starts {@code work}, which writes a file served by {@code GET .../jobs/{id}/download} once it succeeded. */
    ApiResponse start(String target, String kind, String actor, String contentType, FileWork work) {
        return start(target, kind, actor, () -> {
            Path file = Files.createTempFile(files(), kind + "-", ".part");
            try {
                return new Outcome(work.write(file), new Download(file, contentType));
            } catch (Exception | Error e) {
                delete(file);
                throw e;
            }
        });
    }

    /** What a job ended with: its result body, and the file it left to download (or null). */
    private record Outcome(Map<String, Object> result, Download download) {
    }

    private interface Task {
        Outcome run() throws Exception;
    }

    private ApiResponse start(String target, String kind, String actor, Task task) {
        forgetOld();
        long id = ids.incrementAndGet();
        jobs.put(id, new Job(id, target, kind, actor, clock.instant(), State.RUNNING, null, null, null, null));
        try {
            executor.execute(() -> finish(id, task));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw new ApiException(503, "BUSY", "too many " + kind + " jobs queued on this daemon: try again later");
        }
        String location = "/api/v1/targets/" + target + "/jobs/" + id;
        return ApiResponse.json(202, view(jobs.get(id))).withHeader("Location", location);
    }

    private void finish(long id, Task task) {
        Job job = jobs.get(id);
        try {
            Outcome outcome = task.run();
            jobs.put(id, job.finished(State.SUCCEEDED, clock.instant(), outcome.result(), null, outcome.download()));
        } catch (Exception | Error e) {
            ApiResponse error = ApiErrors.toResponse(e, "job", job.kind() + " " + id);
            jobs.put(id, job.finished(State.FAILED, clock.instant(), null, error, null));
        }
    }

    /** The file a finished job of {@code target} left to download. */
    Optional<Download> download(String target, long id) {
        return Optional.ofNullable(jobs.get(id)).filter(j -> j.target().equals(target) && j.state() == State.SUCCEEDED)
                .map(Job::download);
    }

    /** The job of {@code target} with that id, as the API shows it. */
    Optional<Map<String, Object>> find(String target, long id) {
        return Optional.ofNullable(jobs.get(id)).filter(j -> j.target().equals(target)).map(ApiJobs::view);
    }

    private static Map<String, Object> view(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("kind", job.kind());
        m.put("state", job.state().name());
        m.put("actor", job.actor());
        m.put("started_at", job.startedAt().toString());
        m.put("finished_at", job.finishedAt() == null ? null : job.finishedAt().toString());
        m.put("location", "/api/v1/targets/" + job.target() + "/jobs/" + job.id());
        if (job.result() != null) {
            m.put("result", job.result());
        }
        if (job.download() != null) {
            m.put("download", "/api/v1/targets/" + job.target() + "/jobs/" + job.id() + "/download");
        }
        if (job.error() != null) {
            m.put("status", job.error().status());
            m.put("error", ApiJson.tree(new String(job.error().body(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return m;
    }

    private void forgetOld() {
        Instant before = clock.instant().minus(KEPT);
        jobs.values().removeIf(j -> {
            boolean old = j.finishedAt() != null && j.finishedAt().isBefore(before);
            if (old && j.download() != null) {
                delete(j.download().file());
            }
            return old;
        });
    }

    /** The jobs' files: a directory of its own, readable by the daemon's user only, made at the first need. */
    private synchronized Path files() throws IOException {
        if (files == null) {
            files = Files.createTempDirectory("pgshift-api-jobs-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return files;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the job file {}: {}", file, e.getMessage());
        }
    }
}
