package io.pgshift.db;

/**
 * One entry of a host list, {@code host[:port]}, as libpq and the JDBC driver write it: an IPv6
 * address is bracketed when a port follows ({@code [::1]:5432}); written bare ({@code ::1}) it
 * has no port, since its last colon is its own.
 *
 * @param host as written, an IPv6 address with its brackets if it had them
 * @param port as written, or the default given to {@link #split}
 */
public record HostPort(String host, String port) {
    /** {@code entry} split at the colon before its port, if it has one; else {@code defaultPort}. */
    public static HostPort split(String entry, String defaultPort) {
        int close = entry.lastIndexOf(']');
        int colon = entry.lastIndexOf(':');
        boolean hasPort = colon > close && (close >= 0 || entry.indexOf(':') == colon);
        return hasPort ? new HostPort(entry.substring(0, colon), entry.substring(colon + 1)) : new HostPort(entry, defaultPort);
    }

    /** The host without the brackets of an IPv6 address, as libpq's {@code PGHOST} takes it. */
    public String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether {@code text} is a TCP port number, 1 to 65535. */
    public static boolean isPort(String text) {
        return text.matches("\\d{1,5}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535;
    }
}
