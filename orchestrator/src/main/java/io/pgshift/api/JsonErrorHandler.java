package io.pgshift.api;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before the router sees them (a malformed request line, a
 * header over the size limit) with the API's JSON error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        String reason = HttpStatus.getMessage(status);
        String message = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m && !m.isBlank() ? m : reason;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "the request was refused: " + message);
        error.put("code", reason.toUpperCase(Locale.ROOT).replace(' ', '_'));
        byte[] body = ApiJson.write(error);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
