package io.pgshift.dashboard;

import io.pgshift.api.ApiException;
import io.pgshift.api.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's files (plain HTML, CSS and JavaScript: no build step, no external assets),
 * read from the classpath once at start-up and served from memory. Only the names listed here
 * exist: a request names an asset, never a path, so nothing outside this list can be reached
 * ({@code ..}, encoded slashes and the like simply are not keys).
 */
public final class DashboardAssets {
    static final String RESOURCE_DIR = "/io/pgshift/dashboard/";
    static final String INDEX = "index.html";

    /**
     * The files are small and the daemon is usually local, so browsers revalidate every time:
     * an upgraded daemon never runs with yesterday's script.
     */
    static final String CACHE_CONTROL = "no-cache";

    /**
     * Everything from the daemon itself, nothing inline or from elsewhere: the dashboard works
     * offline, and a run's SQL or an audit row shown on the page cannot run script.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private static final List<String> NAMES = List.of(INDEX, "style.css", "icon.svg", "app.js", "api.js", "dom.js",
            "runs.js", "run.js", "sync.js", "audit.js", "chart.js");

    private final Map<String, byte[]> files;

    private DashboardAssets(Map<String, byte[]> files) {
        this.files = Map.copyOf(files);
    }

    /** Reads every asset; a missing one is a packaging bug, reported at start rather than on a click. */
    public static DashboardAssets load() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset " + RESOURCE_DIR + name + " is not on the classpath");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard asset " + name, e);
            }
        }
        return new DashboardAssets(files);
    }

    /** The asset called {@code name} (one path segment, as requested); 404 for anything else. */
    public ApiResponse serve(String name) {
        byte[] body = files.get(name);
        if (body == null) {
            throw ApiException.notFound("the dashboard has no file '" + name + "'; open /dashboard/");
        }
        ApiResponse response = new ApiResponse(200, TYPES.get(extension(name)), Map.of(), body, null)
                .withHeader("Cache-Control", CACHE_CONTROL)
                .withHeader("X-Content-Type-Options", "nosniff");
        if (name.equals(INDEX)) {
            response = response.withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .withHeader("Referrer-Policy", "no-referrer");
        }
        return response;
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
