package io.pgshift.cli;

import io.pgshift.api.Route;
import io.pgshift.daemon.DaemonConfig;
import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.daemon.boot.DaemonExtensions;
import io.pgshift.daemon.boot.MetricsRoute;
import io.pgshift.dashboard.DashboardAssets;
import io.pgshift.dashboard.DashboardRoutes;
import io.pgshift.metrics.PrometheusEndpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pgshift daemon --config FILE}: serves the HTTP API and runs playbooks on the configured
 * targets until stopped (SIGTERM or Ctrl-C stop it cleanly; its runs carry on in the cluster).
 * An invalid config is one line on stderr and exit 2, before anything starts.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API and run submitted playbooks on the configured targets (see docs/API.md).")
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "daemon configuration (YAML)")
    Path config;

    @Override
    public Integer call() throws Exception {
        DaemonConfig parsed = DaemonConfigParser.fromEnvironment().parse(config);
        PrintWriter out = spec.commandLine().getOut();
        PrometheusEndpoint prometheus = new PrometheusEndpoint();
        List<Route> routes = new ArrayList<>(DashboardRoutes.of(DashboardAssets.load()));
        routes.add(MetricsRoute.of(prometheus));
        DaemonExtensions extensions = new DaemonExtensions(prometheus.registry(), routes);
        Daemon daemon = Daemon.start(parsed, extensions, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                daemon.close();
            } catch (Exception e) {
                System.err.println("pgshift: daemon did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "pgshift-daemon-stop"));
        out.println("pgshift daemon " + parsed.node() + " listening on " + daemon.baseUrl() + " (targets: "
                + String.join(", ", parsed.targets().keySet()) + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
