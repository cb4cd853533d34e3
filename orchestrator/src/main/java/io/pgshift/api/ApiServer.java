package io.pgshift.api;

import io.pgshift.daemon.DaemonConfig.Listen;
import io.pgshift.tls.ServerIdentity;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server of the API, on Jetty: a bounded pool of server threads, a bounded pool of API
 * workers ({@link Lane}), idle and header timeouts ({@link HttpLimits}), TLS when the listen
 * section has a certificate, and a JSON access log.
 */
public final class ApiServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiServer.class);
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor apiWorkers;
    private final boolean tls;

    private ApiServer(Server server, ServerConnector connector, ThreadPoolExecutor apiWorkers, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.apiWorkers = apiWorkers;
        this.tls = tls;
    }

    public static ApiServer start(Listen listen, List<Route> routes, Authenticator authenticator) throws IOException {
        return start(listen, HttpLimits.DEFAULT, routes, authenticator);
    }

    public static ApiServer start(Listen listen, HttpLimits limits, List<Route> routes, Authenticator authenticator)
            throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(limits.serverThreads(), Math.min(4, limits.serverThreads()),
                60_000, new BlockingArrayQueue<>(limits.serverQueue()));
        pool.setName("pgshift-http");
        pool.setDaemon(true);
        Server server = new Server(pool);
        ThreadPoolExecutor apiWorkers = apiWorkers(limits);
        HeaderDeadline deadline = new HeaderDeadline(server.getScheduler(), limits.headerTimeout());
        ServerConnector connector = connector(server, listen);
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.setHandler(new Router(routes, authenticator, apiWorkers, deadline));
        server.setErrorHandler(new JsonErrorHandler());
        server.setRequestLog(new JsonAccessLog());
        try {
            server.start();
        } catch (Exception e) {
            apiWorkers.shutdownNow();
            stopQuietly(server, e);
            throw new IOException("cannot serve the API on " + listen + ": " + e.getMessage(), e);
        }
        return new ApiServer(server, connector, apiWorkers, listen.tls() != null);
    }

    private static ServerConnector connector(Server server, Listen listen) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // The router matches the path as sent, segment by segment, and serves no files: encoded
        // or dotted segments simply match no route (404), as they did before Jetty.
        http.setUriCompliance(UriCompliance.UNSAFE);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        ServerIdentity identity = listen.tls();
        if (identity == null) {
            return new ServerConnector(server, 1, 1, plain);
        }
        char[] password = ServerIdentity.ephemeralPassword();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore(password));
        ssl.setKeyStorePassword(new String(password));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, plain.getProtocol()), plain);
    }

    private static ThreadPoolExecutor apiWorkers(HttpLimits limits) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.apiThreads(), limits.apiThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.apiQueue()), r -> {
                    Thread t = new Thread(r, "pgshift-api-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        return workers;
    }

    /** The port actually bound (listen port 0 picks one). */
    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    /** {@code https} when the API serves TLS, else {@code http}. */
    public String scheme() {
        return tls ? "https" : "http";
    }

    /**
     * Stops accepting, gives requests in flight a second to finish. Jetty stops everything even
     * when that second runs out, and reports it as a timeout: connections still open (kept-alive
     * ones too) are then cut, which is the intent, so that is logged and not thrown.
     */
    @Override
    public void close() {
        server.setStopTimeout(1_000);
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.info("the API stopped; connections still open after 1 s were closed");
        } catch (Exception e) {
            throw new IllegalStateException("the API server did not stop: " + e.getMessage(), e);
        } finally {
            apiWorkers.shutdown();
            try {
                apiWorkers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void stopQuietly(Server server, Exception failure) {
        try {
            server.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
