package io.pgshift.directory;

import io.pgshift.playbook.Playbook;
import java.nio.file.Path;

/** One playbook of a directory: the file it was read from, and what it parsed to. */
public record PlaybookFile(Path file, Playbook playbook) {
    /** The file's name, which orders the directory and names the file to people. */
    public String fileName() {
        return file.getFileName().toString();
    }
}
