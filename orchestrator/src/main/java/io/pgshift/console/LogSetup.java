package io.pgshift.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * pgshift's logging, set up in code (found by logback as a service). Read from a logback.xml, the
 * same few settings cost about 0.15 s of every start, CLI commands included: logback's XML
 * configuration loads a SAX parser, builds a model and checks it.
 *
 * <p>The settings: logs go to stderr (the CLI's stdout is for results) as
 * {@code HH:mm:ss.SSS LEVEL logger - message}, at WARN, {@code io.pgshift} at
 * {@code PGSHIFT_LOG_LEVEL} (default WARN); the daemon's access log ({@code io.pgshift.api.access})
 * is one JSON object a line with nothing around it, so that log shippers parse it as is, at
 * {@code PGSHIFT_ACCESS_LOG} (INFO on, OFF off); Jetty's warning at every start that its thread
 * pool's queue is bounded (it is, on purpose: docs/OPERATIONS.md) is left out. Each variable is read
 * as a system property first, then from the environment.
 *
 * <p>A configuration file still wins: one named by {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} on the class path (the tests'); logback's own configurator reads it.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The daemon's access log's logger (the API's {@code JsonAccessLog} writes to it). */
    public static final String ACCESS_LOGGER = "io.pgshift.api.access";

    private final UnaryOperator<String> variables;
    private final Predicate<String> onClassPath;

    /** As logback creates it: variables from system properties, then the environment. */
    public LogSetup() {
        this(name -> System.getProperty(name, System.getenv(name)),
                resource -> LogSetup.class.getClassLoader().getResource(resource) != null);
    }

    LogSetup(UnaryOperator<String> variables, Predicate<String> onClassPath) {
        this.variables = variables;
        this.onClassPath = onClassPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (variables.apply("logback.configurationFile") != null || onClassPath.test("logback-test.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger access = context.getLogger(ACCESS_LOGGER);
        access.setLevel(level("PGSHIFT_ACCESS_LOG", Level.INFO));
        access.setAdditive(false);
        access.addAppender(stderr(context, "ACCESS", "%msg%n"));
        context.getLogger("org.eclipse.jetty.util.thread.QueuedThreadPool").setLevel(Level.ERROR);
        context.getLogger("io.pgshift").setLevel(level("PGSHIFT_LOG_LEVEL", Level.WARN));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr(context, "STDERR", "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The variable's level; unset or not a level name: {@code otherwise}. */
    private Level level(String variable, Level otherwise) {
        return Level.toLevel(variables.apply(variable), otherwise);
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
