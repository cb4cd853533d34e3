package io.pgshift.hooks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs the event as JSON; the whole exchange (not only the wait for headers) is bounded by the
 * hook's timeout. Failures never quote the URL: webhook URLs often carry a secret, and the audit
 * log keeps what it is given forever.
 */
final class Webhook {
    private final HttpClient client;

    Webhook(HttpClient client) {
        this.client = client;
    }

    Optional<HookFailure> post(HookConfig hook, HookEvent event) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(hook.webhook())
                .timeout(hook.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "pgshift")
                .POST(HttpRequest.BodyPublishers.ofString(event.json(), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = exchange.get(hook.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Optional.of(new HookFailure(HookFailure.Reason.TIMEOUT,
                    "no answer within " + hook.timeout().toMillis() + " ms", ""));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            HookFailure.Reason reason = cause instanceof java.net.http.HttpTimeoutException
                    ? HookFailure.Reason.TIMEOUT : HookFailure.Reason.ERROR;
            return Optional.of(new HookFailure(reason, "POST failed: " + describe(cause), ""));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
        if (response.statusCode() / 100 != 2) {
            return Optional.of(new HookFailure(HookFailure.Reason.FAILED, "HTTP " + response.statusCode(),
                    String.valueOf(response.body()).strip()));
        }
        return Optional.empty();
    }

    private static String describe(Throwable t) {
        return t instanceof IOException && t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
