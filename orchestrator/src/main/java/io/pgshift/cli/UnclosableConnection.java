package io.pgshift.cli;

import java.lang.reflect.Proxy;
import java.sql.Connection;

/** A view of a connection whose {@code close()} does nothing, for lending it where a second one is expected. */
final class UnclosableConnection {
    private final Connection delegate;

    UnclosableConnection(Connection delegate) {
        this.delegate = delegate;
    }

    Connection proxy() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
