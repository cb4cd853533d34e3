package io.pgshift.api;

import com.sun.net.httpserver.HttpServer;
import io.pgshift.daemon.DaemonConfig.Listen;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP server of the API, on the JDK's built-in server, with a small pool of request threads. */
public final class ApiServer implements AutoCloseable {
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static ApiServer start(Listen listen, List<Route> routes, Authenticator authenticator) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 64);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "pgshift-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", new Router(routes, authenticator));
        server.start();
        return new ApiServer(server, executor);
    }

    /** The port actually bound (listen port 0 picks one). */
    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    /** Stops accepting, gives requests in flight a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
