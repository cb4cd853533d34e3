package io.pgshift.api;

import io.pgshift.console.LogSetup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the logger {@value #LOGGER}: time, method, path, status, duration
 * and the token's name when the route needed one. Jetty calls it for every request, also those it
 * refused itself (a malformed request line). The query string is left out (a client may put
 * anything there) and no header is logged, so a bearer token never reaches the log.
 */
final class JsonAccessLog implements RequestLog {
    static final String LOGGER = LogSetup.ACCESS_LOGGER;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(Request.getTimeStamp(request)).toString());
        line.put("method", request.getMethod());
        line.put("path", request.getHttpURI().getPath());
        line.put("status", response.getStatus());
        line.put("duration_ms", NanoTime.millisSince(request.getBeginNanoTime()));
        Object principal = request.getAttribute(Router.PRINCIPAL_ATTRIBUTE);
        if (principal != null) {
            line.put("principal", principal);
        }
        LOG.info(new String(ApiJson.write(line), java.nio.charset.StandardCharsets.UTF_8));
    }
}
