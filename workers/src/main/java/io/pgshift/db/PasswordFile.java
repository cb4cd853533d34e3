package io.pgshift.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A password kept in a file (a mounted Kubernetes secret, a Vault agent's output, a file ops
 * rewrite), read again at every login. When the password is rotated (the role's password changed,
 * the file rewritten), the next session logs in with the new one: a run of hours reconnects after
 * a failover or a terminated session with the password of the day instead of failing with 28P01
 * (a password read once, at start, went stale with the rotation). A file that cannot be read, or
 * reads empty, for a moment (being replaced) gives the password read before, said in the log once.
 */
public final class PasswordFile {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordFile.class);
    private final Path file;
    private volatile String last;
    private volatile boolean unreadable;

    private PasswordFile(Path file, String first) {
        this.file = file;
        this.last = first;
    }

    /**
     * Reads the file now: one that is missing, unreadable or empty at start is the caller's error.
     *
     * @throws IOException naming what is wrong with the file
     */
    public static PasswordFile open(Path file) throws IOException {
        String first = Files.readString(file).strip();
        if (first.isEmpty()) {
            throw new IOException("the file is empty");
        }
        return new PasswordFile(file, first);
    }

    public Path path() {
        return file;
    }

    /** The password in the file now, or the last one read while the file cannot be read. */
    String current() {
        String now;
        try {
            now = Files.readString(file).strip();
        } catch (IOException e) {
            return stale(e.getClass().getSimpleName());
        }
        if (now.isEmpty()) {
            return stale("empty");
        }
        if (unreadable) {
            unreadable = false;
            LOG.info("password file {} can be read again", file);
        }
        if (!now.equals(last)) {
            LOG.info("password file {} changed: new sessions log in with its new password", file);
            last = now;
        }
        return now;
    }

    private String stale(String why) {
        if (!unreadable) {
            unreadable = true;
            LOG.warn("password file {} cannot be read ({}): new sessions log in with the password read before", file, why);
        }
        return last;
    }
}
