package io.pgshift.engine;

import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One version of the application writing while a playbook runs: threads on real connections,
 * each picking one of the version's writes at random in a loop, counting every statement that
 * failed. The old version's writes never name the playbook's new columns; the new version's do.
 */
public final class AppWriter implements AutoCloseable {
    /** One kind of statement the application runs, on its own autocommit connection. */
    public interface Write {
        void run(Connection c, ThreadLocalRandom random) throws SQLException;
    }

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    public static AppWriter start(TestDatabase db, String version, int count, List<Write> writes) {
        AppWriter writer = new AppWriter();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> writer.loop(db, writes), version + "-writer-" + i);
            t.setDaemon(true);
            writer.threads.add(t);
            t.start();
        }
        return writer;
    }

    private void loop(TestDatabase db, List<Write> choices) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                try {
                    choices.get(random.nextInt(choices.size())).run(c, random);
                    writes.incrementAndGet();
                } catch (SQLException e) {
                    errors.add(e.getSQLState() + ": " + e.getMessage().split("\n", 2)[0]);
                }
                Thread.sleep(5);
            }
        } catch (SQLException e) {
            errors.add("connection: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long writes() {
        return writes.get();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Waits until at least {@code more} further statements succeeded (the writer is really running). */
    public void awaitWrites(long more) throws InterruptedException {
        long target = writes.get() + more;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (writes.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
