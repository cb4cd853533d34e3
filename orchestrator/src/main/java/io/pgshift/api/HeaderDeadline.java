package io.pgshift.api;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not delivered a complete request header within the header timeout
 * of opening. Jetty's idle timeout alone resets on every byte, so a client sending one byte every
 * few seconds would hold its connection for ever; this deadline does not move while bytes trickle
 * in. Once a connection was answered it is kept alive under the idle timeout only: closing an
 * idle kept-alive connection at the header deadline raced clients reusing it (the JDK's client
 * keeps connections 20 minutes by default and does not retry a POST), which then failed with
 * "header parser received no bytes".
 *
 * <p>Deadlines are kept by the client's address and port, which name one TCP connection to this
 * listener; that lets the router, which sees the HTTP connection (inside TLS, not the socket),
 * reach the deadline of the socket under it.
 */
final class HeaderDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Map<SocketAddress, Armed> armed = new ConcurrentHashMap<>();

    private record Armed(EndPoint socket, Scheduler.Task task) {
    }

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public void onOpened(Connection connection) {
        // the connection on the socket itself (plain HTTP, or TLS under HTTP); not the HTTP inside TLS
        if (connection.getEndPoint() instanceof SocketChannelEndPoint socket) {
            arm(socket);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection.getEndPoint() instanceof SocketChannelEndPoint socket) {
            Armed gone = armed.remove(socket.getRemoteSocketAddress());
            if (gone != null) {
                gone.task().cancel();
            }
        }
    }

    /** A request's header arrived on the connection from {@code client}: no deadline while it is served. */
    void headerReceived(SocketAddress client) {
        Armed current = armed.get(client);
        if (current != null) {
            current.task().cancel();
        }
    }

    /** The answer to the connection's request is sent: from now on the idle timeout governs it. */
    void answered(SocketAddress client) {
        Armed done = armed.remove(client);
        if (done != null) {
            done.task().cancel();
        }
    }

    private void arm(EndPoint socket) {
        Scheduler.Task task = scheduler.schedule(socket::close, timeout);
        Armed previous = armed.put(socket.getRemoteSocketAddress(), new Armed(socket, task));
        if (previous != null) {
            previous.task().cancel();
        }
    }
}
