package io.pgshift.cli;

import io.pgshift.apply.LocalNode;
import io.pgshift.apply.LocalNodeSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local node of a command that drives a run in this process, started on a thread of its own
 * as soon as the command knows it will drive one: joining the Quartz cluster (pools, the
 * scheduler, its check-in) then overlaps the planning and the creation of the run instead of
 * following them. Closing it stops the node, once, if it was started.
 */
final class NodeLaunch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLaunch.class);

    private final LocalNodeSpec spec;
    private CompletableFuture<LocalNode> starting;
    private boolean closed;

    /** Nothing starts yet: see {@link #start()}. */
    NodeLaunch(LocalNodeSpec spec) {
        this.spec = spec;
    }

    /** Starts the node in the background. */
    synchronized void start() {
        if (starting != null) {
            throw new IllegalStateException("the local node is started already");
        }
        CompletableFuture<LocalNode> future = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                future.complete(LocalNode.start(spec));
            } catch (Exception | Error e) {
                // the start's task boundary: its failure is the command's, thrown by node()
                future.completeExceptionally(e);
            }
        }, "pgshift-node-start");
        starter.setDaemon(true);
        starting = future;
        starter.start();
    }

    /** The started node (started now if it was not); waits for the start, and throws what made it fail. */
    LocalNode node() throws Exception {
        CompletableFuture<LocalNode> future;
        synchronized (this) {
            if (starting == null) {
                start();
            }
            future = starting;
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    /** Stops the node (a start under way is waited for first); a node never started, or whose start failed, has nothing to stop. */
    @Override
    public void close() throws Exception {
        CompletableFuture<LocalNode> future;
        synchronized (this) {
            if (closed || starting == null) {
                closed = true;
                return;
            }
            closed = true;
            future = starting;
        }
        LocalNode node;
        try {
            node = future.join();
        } catch (CompletionException e) {
            // nothing was started: node() threw this to the command that needed the node, and a
            // command that ended without needing it (an applied playbook, say) did not fail for it
            LOG.debug("the local node had not started", e.getCause());
            return;
        }
        node.close();
    }
}
