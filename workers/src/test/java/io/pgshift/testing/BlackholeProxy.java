package io.pgshift.testing;

import io.pgshift.db.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 in front of the tests' PostgreSQL server that can stop forwarding
 * without closing anything: the half-open failure of a network that drops packets (a firewall
 * forgetting its state, a failover, a cut link), where neither side gets a reset or a FIN and a
 * read without a timeout waits for ever.
 *
 * <p>{@link #blackhole()}: from then on no byte goes through in either direction; sockets stay
 * open, new connections are accepted (as a kernel completes handshakes for a listening socket)
 * and get no answer either. {@link #restore()}: the held bytes and everything after flow again,
 * as TCP delivers its retransmissions once a partition heals; a side that gave up meanwhile has
 * closed its socket, and its FIN now reaches the other side, which ends that session.
 */
public final class BlackholeProxy implements AutoCloseable {
    private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:postgresql://)([^/?]+)(.*)$");
    private static final int BUFFER = 16 * 1024;

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Valve valve = new Valve();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    /** Each connection opened, by the port of its side towards the server; severed, it forwards nothing any more. */
    private final List<Link> links = new CopyOnWriteArrayList<>();

    private record Link(int upstreamPort, AtomicBoolean severed) {
    }
    private volatile boolean closed;

    private BlackholeProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "blackhole-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the server {@code url} names (forwarding). */
    public static BlackholeProxy inFrontOf(DatabaseUrl url) throws IOException {
        Matcher m = HOST_PORT.matcher(url.jdbcUrl());
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot find host and port in " + url);
        }
        String hostPort = m.group(2);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        return new BlackholeProxy(new InetSocketAddress(host, port));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code jdbcUrl} (a JDBC URL of the proxied server) going through this proxy instead. */
    public String route(String jdbcUrl) {
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a JDBC URL with a host: " + DatabaseUrl.redact(jdbcUrl));
        }
        return m.group(1) + "127.0.0.1:" + port() + m.group(3);
    }

    /** {@code url} going through this proxy, with its credentials. */
    public DatabaseUrl route(DatabaseUrl url) {
        return DatabaseUrl.parse(route(url.jdbcUrl())).withCredentials(url.user(), url.password());
    }

    /** How many connections were opened through the proxy so far, blackholed or not. */
    public int accepted() {
        return accepted.get();
    }

    /** Stops forwarding, both ways, on every connection and any new one; closes nothing. */
    public void blackhole() {
        valve.close();
    }

    /** Forwards again, the bytes held meanwhile first. */
    public void restore() {
        valve.open();
    }

    /**
     * Forwards again, but only on connections opened from now on: every connection opened before
     * stays silent for ever, as after a failover to another host or a firewall that lost its
     * state for good. A client that waits on one of them without a timeout waits for ever.
     */
    public void restoreForNewConnectionsOnly() {
        for (Link link : links) {
            link.severed().set(true);
        }
        valve.open();
    }

    /**
     * Makes the one connection whose session the server knows by {@code clientPort}
     * ({@code pg_stat_activity.client_port}: the proxy's side of it) silent for ever, the others
     * going on: a session the server ends then (pg_terminate_backend) ends without a word reaching
     * the client, as when a pooler or a failover loses it.
     */
    public void sever(int clientPort) {
        Link link = links.stream().filter(l -> l.upstreamPort() == clientPort).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connection of the proxy has port " + clientPort));
        link.severed().set(true);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the blackhole proxy stopped accepting", e);
                }
                return;
            }
            sockets.add(client);
            accepted.incrementAndGet();
            Socket server = new Socket();
            sockets.add(server);
            try {
                server.connect(upstream, 5_000);
            } catch (IOException e) {
                closeBoth(client, server);
                continue;
            }
            AtomicInteger ended = new AtomicInteger();
            AtomicBoolean severed = new AtomicBoolean();
            links.add(new Link(server.getLocalPort(), severed));
            pump(client, server, ended, severed, "up");
            pump(server, client, ended, severed, "down");
        }
    }

    /**
     * Copies {@code from} to {@code to}; bytes read while the valve is closed wait for it to open,
     * bytes of a severed connection are dropped and the pump waits for the proxy's close.
     * An end of stream is passed on as one (a half close) and the sockets are closed once both
     * directions ended; a reset or an error closes both at once, as it would end a TCP connection.
     */
    private void pump(Socket from, Socket to, AtomicInteger ended, AtomicBoolean severed, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[BUFFER];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buf);
                    valve.awaitOpen();
                    if (severed.get()) {
                        valve.awaitClosing();
                        return;
                    }
                    if (n < 0) {
                        to.shutdownOutput();
                        if (ended.incrementAndGet() == 2) {
                            closeBoth(from, to);
                        }
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                closeBoth(from, to);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeBoth(from, to);
            }
        }, "blackhole-proxy-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException alreadyBroken) {
            // closing a socket whose peer reset it can fail the same way; it is closed either way
        }
    }

    /** Closes the listener and every connection; forwarding threads end with their sockets. */
    @Override
    public void close() throws IOException {
        closed = true;
        valve.shut();
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /** Open or closed, with waiting for it to open; shut when the proxy closes. */
    private static final class Valve {
        private boolean open = true;
        private boolean shut;

        synchronized void close() {
            open = false;
        }

        synchronized void open() {
            open = true;
            notifyAll();
        }

        synchronized void shut() {
            shut = true;
            open = true;
            notifyAll();
        }

        /** Until the proxy closes: a severed connection's pumps hold their sockets open till then. */
        synchronized void awaitClosing() throws InterruptedException {
            while (!shut) {
                wait();
            }
        }

        synchronized void awaitOpen() throws InterruptedException {
            while (!open) {
                wait();
            }
        }
    }
}
