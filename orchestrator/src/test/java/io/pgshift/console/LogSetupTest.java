package io.pgshift.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    private static ExecutionStatus configure(LoggerContext context, Map<String, String> variables, boolean testFile) {
        LogSetup setup = new LogSetup(variables::get, resource -> testFile && resource.equals("logback-test.xml"));
        setup.setContext(context);
        return setup.configure(context);
    }

    @Test
    void logsGoToStderrAtWarnAndTheAccessLogAloneAsJsonLines() {
        LoggerContext context = new LoggerContext();
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure(context, Map.of(), false));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertEquals("System.err", stderr.getTarget());
        assertTrue(stderr.isStarted());
        assertEquals(Level.WARN, context.getLogger("io.pgshift").getLevel());
        assertEquals(Level.ERROR, context.getLogger("org.eclipse.jetty.util.thread.QueuedThreadPool").getLevel());

        Logger access = context.getLogger("io.pgshift.api.access");
        assertEquals(Level.INFO, access.getLevel());
        assertFalse(access.isAdditive(), "access lines must not reach the root's timestamped appender");
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> json = (ConsoleAppender<ILoggingEvent>) access.getAppender("ACCESS");
        assertEquals("System.err", json.getTarget());
        String line = new String(json.getEncoder().encode(event(context, access, "{\"status\":200}")),
                StandardCharsets.UTF_8);
        assertEquals("{\"status\":200}" + System.lineSeparator(), line, "nothing around the JSON");
    }

    @Test
    void levelsComeFromTheirVariablesAndAWrongNameKeepsTheDefault() {
        LoggerContext context = new LoggerContext();
        configure(context, Map.of("PGSHIFT_LOG_LEVEL", "debug", "PGSHIFT_ACCESS_LOG", "OFF"), false);
        assertEquals(Level.DEBUG, context.getLogger("io.pgshift").getLevel());
        assertEquals(Level.OFF, context.getLogger("io.pgshift.api.access").getLevel());

        LoggerContext wrong = new LoggerContext();
        configure(wrong, Map.of("PGSHIFT_LOG_LEVEL", "loud"), false);
        assertEquals(Level.WARN, wrong.getLogger("io.pgshift").getLevel());
    }

    @Test
    void aConfigurationFileWinsAndIsLeftToLogback() {
        LoggerContext named = new LoggerContext();
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY,
                configure(named, Map.of("logback.configurationFile", "/etc/pgshift/logback.xml"), false));
        assertNull(named.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));

        LoggerContext tests = new LoggerContext();
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure(tests, Map.of(), true));
        assertNull(tests.getLogger("io.pgshift.api.access").getAppender("ACCESS"));
    }

    @Test
    void theJarDeclaresItAsLogbacksConfigurator() throws IOException {
        try (InputStream in = LogSetup.class.getClassLoader()
                .getResourceAsStream("META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
            assertNotNull(in, "without the service file logback falls back to its own default (DEBUG to stdout)");
            assertEquals(LogSetup.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    private static ch.qos.logback.classic.spi.LoggingEvent event(LoggerContext context, Logger logger, String message) {
        ch.qos.logback.classic.spi.LoggingEvent e = new ch.qos.logback.classic.spi.LoggingEvent();
        e.setLoggerContext(context);
        e.setLoggerName(logger.getName());
        e.setLevel(Level.INFO);
        e.setMessage(message);
        e.setTimeStamp(System.currentTimeMillis());
        return e;
    }
}
