package io.pgshift.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md's package tables are the map of the code: one row per main package, and
 * no row for a package that is gone.
 */
class PackageTablesTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(io\\.pgshift(?:\\.\\w+)*)` \\|", Pattern.MULTILINE);

    @Test
    void everyMainPackageHasExactlyOneRowAndEveryRowAnExistingPackage() throws IOException {
        Set<String> packages = MainClasses.all().stream().map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(packages.size() > 20, "found only " + packages + ": the main classes were not imported");
        Map<String, Long> rows = rows();
        List<String> wrong = new ArrayList<>();
        packages.stream().filter(p -> !rows.containsKey(p)).forEach(p -> wrong.add("no row for package " + p
                + " (add \"| `" + p + "` | its role |\" to a Packages table)"));
        rows.forEach((p, n) -> {
            if (!packages.contains(p)) {
                wrong.add("row for package " + p + ", which has no main class (remove the row or fix its name)");
            } else if (n > 1) {
                wrong.add(n + " rows for package " + p + " (keep one)");
            }
        });
        if (!wrong.isEmpty()) {
            fail("docs/ARCHITECTURE.md: " + String.join("; ", wrong));
        }
    }

    private static Map<String, Long> rows() throws IOException {
        Matcher m = ROW.matcher(Files.readString(architecture()));
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        return named.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    /** Tests run in the module directory; the docs are beside it, at the repository's root. */
    private static Path architecture() {
        Path fromModule = Path.of("..", "docs", "ARCHITECTURE.md").toAbsolutePath().normalize();
        return Files.isRegularFile(fromModule) ? fromModule : Path.of("docs", "ARCHITECTURE.md").toAbsolutePath();
    }
}
