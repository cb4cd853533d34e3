package io.pgshift.daemon.boot;

import io.pgshift.api.ApiRoutes;
import io.pgshift.api.ApiServer;
import io.pgshift.api.Authenticator;
import io.pgshift.api.ReadinessProbe;
import io.pgshift.api.Route;
import io.pgshift.api.Targets;
import io.pgshift.daemon.DaemonConfig;
import io.pgshift.daemon.TargetNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running daemon: one node per target (each a member of its target's Quartz cluster) and the
 * HTTP API in front of them. Started from a validated {@link DaemonConfig}; if any part fails to
 * start, what did start is stopped again, so a failed start leaves nothing running.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final List<TargetNode> nodes;
    private final ApiServer api;
    private final DaemonConfig config;
    private final ReadinessProbe readiness;
    private final java.util.Optional<AuditAnchorWriter> anchors;

    private Daemon(DaemonConfig config, List<TargetNode> nodes, ApiServer api, ReadinessProbe readiness,
                   java.util.Optional<AuditAnchorWriter> anchors) {
        this.config = config;
        this.nodes = nodes;
        this.api = api;
        this.readiness = readiness;
        this.anchors = anchors;
    }

    public static Daemon start(DaemonConfig config, DaemonExtensions extensions, Clock clock) throws Exception {
        // read once before anything starts: a bad key file stops the daemon here, not at its first audit row
        if (io.pgshift.audit.AuditKey.fromEnvironment(System.getenv()).isPresent()) {
            LOG.info("audit rows keyed with HMAC-SHA256 ({})", io.pgshift.audit.AuditKey.FILE_ENV);
        } else {
            LOG.warn("{} is not set: audit rows carry a plain SHA-256 that whoever can write the table can recompute",
                    io.pgshift.audit.AuditKey.FILE_ENV);
        }
        List<TargetNode> nodes = new ArrayList<>();
        ReadinessProbe readiness = null;
        try {
            for (DaemonConfig.Target target : config.targets().values()) {
                nodes.add(TargetNode.start(target, config, clock, extensions.registry()));
                LOG.info("target {} ({}) joined as node {}", target.name(), target.url(), config.node());
            }
            readiness = ReadinessProbe.start(nodes, ReadinessProbe.DEFAULT_EVERY, clock);
            List<Route> routes = new ArrayList<>(ApiRoutes.standard(new Targets(nodes), readiness, config.backupDir(),
                    config.anchors(), clock));
            routes.addAll(extensions.routes());
            ApiServer api = ApiServer.start(config.listen(), routes, new Authenticator(config.tokens()));
            return new Daemon(config, nodes, api, readiness, AuditAnchorWriter.start(nodes, config.anchors(), clock));
        } catch (Exception | Error e) {
            if (readiness != null) {
                readiness.close();
            }
            stop(nodes, e);
            throw e;
        }
    }

    /** The port the API listens on. */
    public int port() {
        return api.port();
    }

    /** {@code http://host:port} ({@code https} with TLS), as clients reach it. */
    public String baseUrl() {
        String host = api.host().contains(":") ? "[" + api.host() + "]" : api.host();
        return api.scheme() + "://" + host + ":" + port();
    }

    public DaemonConfig config() {
        return config;
    }

    /**
     * Stops the API, then each node: running partitions stop at their batch boundary and drivers
     * are interrupted; the cluster (another daemon, or this one restarted) carries their runs on.
     */
    @Override
    public void close() {
        api.close();
        readiness.close();
        anchors.ifPresent(AuditAnchorWriter::close);
        stop(nodes, null);
    }

    private static void stop(List<TargetNode> nodes, Throwable failure) {
        for (TargetNode node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.warn("node of target {} did not stop cleanly: {}", node.name(), e.getMessage());
                }
            }
        }
    }
}
