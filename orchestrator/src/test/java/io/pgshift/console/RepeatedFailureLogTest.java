package io.pgshift.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RepeatedFailureLogTest {
    @Test
    void aFailureIsLoggedOncePerMessageAndTheRecoveryOnce() {
        Logger logger = (Logger) LoggerFactory.getLogger("pgshift.test.repeated");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        try {
            RepeatedFailureLog log = new RepeatedFailureLog(logger, "target t: looking");
            log.worked();
            log.failed(new SQLException("connection refused"), "looking again in 15 s");
            log.failed(new SQLException("connection refused"), "looking again in 15 s");
            log.failed(new SQLException("the database system is starting up"), "looking again in 15 s");
            log.worked();
            log.worked();
            List<String> said = lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            assertEquals(List.of(
                    "WARN target t: looking fails (looking again in 15 s): connection refused",
                    "WARN target t: looking fails (looking again in 15 s): the database system is starting up",
                    "INFO target t: looking works again"), said);
        } finally {
            logger.detachAppender(lines);
        }
    }
}
