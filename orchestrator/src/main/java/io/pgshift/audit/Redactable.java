package io.pgshift.audit;

/**
 * An exception whose message quotes data or other sessions' queries: it can say the same without
 * them, for the audit log and hooks ({@link Disclosure}).
 */
public interface Redactable {
    /** The message as {@code disclosure} allows; {@link Disclosure#FULL} gives {@code getMessage()}. */
    String message(Disclosure disclosure);

    /** The first line of {@code e}'s message as {@code disclosure} allows, for an audit row's {@code error}. */
    static String firstLine(Throwable e, Disclosure disclosure) {
        String message = e instanceof Redactable r ? r.message(disclosure) : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.split("\n", 2)[0];
    }
}
