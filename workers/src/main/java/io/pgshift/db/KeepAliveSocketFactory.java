package io.pgshift.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * The sockets pgJDBC opens for pgshift (its {@code socketFactory} property): TCP keepalive on,
 * with probes after {@link #IDLE} of silence, every {@link #INTERVAL}, {@link #PROBES} of them.
 *
 * <p>pgJDBC's own {@code tcpKeepAlive=true} leaves the timing to the kernel, whose default is to
 * probe after two hours. A pgshift connection waiting for a long statement (an index build, a
 * gate scan) reads nothing for hours, so only keepalive can tell that the server's host went away
 * meanwhile; with these values a dead peer is noticed within about a minute (the read then fails
 * with 08006 and the caller reconnects). A peer that answers probes but sends nothing (a stuck
 * middlebox) is the socket timeout's to notice ({@link SocketTimeouts}). Where the platform
 * cannot set the timing, keepalive stays on with the kernel's.
 */
public final class KeepAliveSocketFactory extends SocketFactory {
    static final Duration IDLE = Duration.ofSeconds(30);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int PROBES = 3;

    /** pgJDBC instantiates the factory by its class name. */
    public KeepAliveSocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.setKeepAlive(true);
        setIfSupported(s, ExtendedSocketOptions.TCP_KEEPIDLE, (int) IDLE.toSeconds());
        setIfSupported(s, ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) INTERVAL.toSeconds());
        setIfSupported(s, ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        return s;
    }

    private static void setIfSupported(Socket s, SocketOption<Integer> option, int value) throws IOException {
        if (s.supportedOptions().contains(option)) {
            s.setOption(option, value);
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote) throws IOException {
        Socket s = createSocket();
        s.connect(remote);
        return s;
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket s = createSocket();
        s.bind(local);
        s.connect(remote);
        return s;
    }
}
