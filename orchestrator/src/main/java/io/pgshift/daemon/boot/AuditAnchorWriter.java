package io.pgshift.daemon.boot;

import io.pgshift.audit.AnchorFile;
import io.pgshift.audit.AuditAnchor;
import io.pgshift.audit.AuditHead;
import io.pgshift.daemon.DaemonConfig;
import io.pgshift.daemon.TargetNode;
import java.sql.Connection;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down the head of each target's audit chain every {@code every} (when it moved) and once
 * more when the daemon stops, into {@code dir/<target>.anchors}. Rows deleted at the end of a
 * chain are then told by {@code audit verify} for everything older than the last anchor.
 * A failed write is logged and tried again at the next tick: anchors guard the log, they never
 * stop the daemon.
 */
final class AuditAnchorWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchorWriter.class);

    private final List<TargetNode> nodes;
    private final DaemonConfig.AuditAnchors config;
    private final Clock clock;
    private final Map<String, Long> lastWritten = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgshift-audit-anchors");
        t.setDaemon(true);
        return t;
    });

    private AuditAnchorWriter(List<TargetNode> nodes, DaemonConfig.AuditAnchors config, Clock clock) {
        this.nodes = List.copyOf(nodes);
        this.config = config;
        this.clock = clock;
    }

    /** Starts writing anchors of {@code nodes}' targets; {@code config} null means the daemon keeps none. */
    static Optional<AuditAnchorWriter> start(List<TargetNode> nodes, DaemonConfig.AuditAnchors config, Clock clock) {
        if (config == null) {
            return Optional.empty();
        }
        AuditAnchorWriter writer = new AuditAnchorWriter(nodes, config, clock);
        long every = config.every().toMillis();
        writer.timer.scheduleWithFixedDelay(writer::writeAll, 0, every, TimeUnit.MILLISECONDS);
        return Optional.of(writer);
    }

    /** The timer task's boundary: one target's failure is logged and does not keep the others from their anchor. */
    private synchronized void writeAll() {
        for (TargetNode node : nodes) {
            try {
                write(node);
            } catch (Exception e) {
                LOG.warn("audit anchor of target {} not written ({}); trying again in {}", node.name(), e.getMessage(),
                        config.every());
            }
        }
    }

    private void write(TargetNode node) throws Exception {
        AnchorFile file = new AnchorFile(config.file(node.name()));
        Long last = lastWritten.computeIfAbsent(node.name(), n -> file.last().map(AuditAnchor::id).orElse(0L));
        Optional<AuditAnchor> head;
        try (Connection c = node.connect("audit-anchor")) {
            head = AuditHead.read(c, clock);
        }
        if (head.isPresent() && head.get().id() != last) {
            file.append(head.get());
            lastWritten.put(node.name(), head.get().id());
        }
    }

    /** Stops the timer, then writes a last anchor so the rows of the daemon's final moments are covered. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("audit anchor writer did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        writeAll();
    }
}
