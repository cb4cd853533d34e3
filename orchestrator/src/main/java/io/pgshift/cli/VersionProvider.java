package io.pgshift.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code pgshift --version}: the version from the jar's manifest ("dev" when run from classes) and
 * the commit the build was made from, which the build writes to {@code build.properties} ("unknown"
 * when it was built outside a git checkout, e.g. from an unpacked source tarball).
 */
final class VersionProvider implements IVersionProvider {
    private static final String BUILD_PROPERTIES = "build.properties";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    @Override
    public String[] getVersion() {
        String v = PgshiftCommand.class.getPackage().getImplementationVersion();
        return new String[] {"pgshift " + (v == null ? "dev" : v) + " (commit " + commit() + ")"};
    }

    /** The abbreviated commit id, or "unknown" when the build recorded none. */
    static String commit() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                return "unknown";
            }
            Properties build = new Properties();
            build.load(in);
            return commitOf(build);
        } catch (IOException e) {
            // the resource is inside our own jar: failing to read it means a damaged installation
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES + " from the pgshift jar", e);
        }
    }

    /** The commit the build recorded in {@code build}, or "unknown" when it holds none that looks like one. */
    static String commitOf(Properties build) {
        String commit = build.getProperty("commit", "");
        return COMMIT.matcher(commit).matches() ? commit : "unknown";
    }
}
