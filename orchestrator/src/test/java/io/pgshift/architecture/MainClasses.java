package io.pgshift.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import io.pgshift.db.Connections;
import io.pgshift.error.ErrorCode;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The main classes of both modules, read from where they were loaded: the orchestrator's and the
 * workers' class directories (or jars), never their tests nor the workers' test-jar.
 */
final class MainClasses {
    private static JavaClasses classes;

    private MainClasses() {
    }

    static synchronized JavaClasses all() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .importLocations(List.of(location(ErrorCode.class), location(Connections.class)));
        }
        return classes;
    }

    private static Location location(Class<?> inModule) {
        try {
            return Location.of(inModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + inModule, e);
        }
    }
}
