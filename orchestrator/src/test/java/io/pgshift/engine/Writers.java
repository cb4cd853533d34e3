package io.pgshift.engine;

import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The old application, writing while a playbook runs: threads that insert rows through SQL that
 * does not know the new columns and update random existing rows. Every error is counted.
 * Rows record when the application last wrote them ({@code touched_at}).
 */
final class Writers implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String[] THEMES = {"dark", "light", null};

    enum Target { USERS, GRADES }

    private final TestDatabase db;
    private final Target target;
    private final long maxId;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private Writers(TestDatabase db, Target target, long maxId) {
        this.db = db;
        this.target = target;
        this.maxId = maxId;
    }

    /** Starts {@code count} writer threads on {@code target}; existing rows have ids 1..maxId. */
    static Writers start(TestDatabase db, Target target, int count, long maxId) {
        Writers writers = new Writers(db, target, maxId);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(writers::loop, "writer-" + target + "-" + i);
            t.setDaemon(true);
            writers.threads.add(t);
            t.start();
        }
        return writers;
    }

    private void loop() {
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                try {
                    if (random.nextBoolean()) {
                        insert(c, random);
                        inserted.incrementAndGet();
                    } else {
                        update(c, random);
                        updated.incrementAndGet();
                    }
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

    private void insert(Connection c, ThreadLocalRandom random) throws SQLException {
        long n = SEQUENCE.incrementAndGet();
        String sql = target == Target.USERS
                ? "INSERT INTO users (email, name, role, theme, touched_at) VALUES (?, ?, ?, ?, clock_timestamp())"
                : "INSERT INTO grades (student_id, course, score) VALUES (?, 'art', ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (target == Target.USERS) {
                ps.setString(1, "writer" + n + "@example.com");
                ps.setString(2, "Writer " + n);
                ps.setString(3, n % 10 == 0 ? "teacher" : "student");
                ps.setString(4, THEMES[random.nextInt(THEMES.length)]);
            } else {
                ps.setLong(1, student(random));
                ps.setInt(2, random.nextInt(101));
            }
            ps.executeUpdate();
        }
    }

    private void update(Connection c, ThreadLocalRandom random) throws SQLException {
        String sql = target == Target.USERS
                ? "UPDATE users SET theme = ?, name = ?, touched_at = clock_timestamp() WHERE id = ?"
                : "UPDATE grades SET score = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (target == Target.USERS) {
                ps.setString(1, THEMES[random.nextInt(THEMES.length)]);
                ps.setString(2, "Renamed " + random.nextInt(1000));
                ps.setLong(3, 1 + random.nextLong(maxId));
            } else {
                ps.setInt(1, random.nextInt(101));
                ps.setLong(2, 1 + random.nextLong(maxId));
            }
            ps.executeUpdate();
        }
    }

    /** A student of the LMS fixture: one user in 20 is a teacher. */
    private long student(ThreadLocalRandom random) {
        long id = 1 + random.nextLong(1000);
        return id % 20 == 0 ? id + 1 : id;
    }

    long inserted() {
        return inserted.get();
    }

    long updated() {
        return updated.get();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
