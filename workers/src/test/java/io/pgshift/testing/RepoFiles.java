package io.pgshift.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (playbooks, scripts) from a module's test working directory. */
public final class RepoFiles {
    private RepoFiles() {
    }

    /** The repository root: the nearest ancestor holding both playbooks/ and pom.xml. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("playbooks")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
