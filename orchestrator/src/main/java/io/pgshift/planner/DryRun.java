package io.pgshift.planner;

import io.pgshift.plan.Plan;
import io.pgshift.catalog.CatalogReader;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.PlanValidator;
import io.pgshift.catalog.ValidationResult;
import io.pgshift.operation.OperationRegistry;
import io.pgshift.operation.PlaybookNames;
import io.pgshift.playbook.Playbook;
import java.sql.Connection;

/**
 * The dry run: read the live catalog for the tables the playbook names, check the playbook
 * against it (throwing {@link io.pgshift.catalog.PlanRejectedException} with every problem),
 * and plan. Reads only, in one read-only snapshot: the database is never changed.
 */
public final class DryRun {
    private final CatalogReader reader;
    private final PlanValidator validator;
    private final Planner planner;

    public DryRun(CatalogReader reader, PlanValidator validator, Planner planner) {
        this.reader = reader;
        this.validator = validator;
        this.planner = planner;
    }

    /** The dry run of every operation type in {@link OperationRegistry}. */
    public static DryRun standard() {
        return new DryRun(new CatalogReader(), validator(), new Planner());
    }

    /** The plan validator replaying steps through their operation types. */
    public static PlanValidator validator() {
        return new PlanValidator(OperationRegistry::simulate);
    }

    /** The live catalog of what the playbook names, creates, drops and alters. */
    public static CatalogSnapshot read(CatalogReader reader, Connection connection, Playbook playbook) {
        return reader.read(connection, PlaybookNames.tables(playbook), PlaybookNames.namedRelations(playbook),
                PlaybookNames.alteredTypes(playbook));
    }

    public Plan plan(Playbook playbook, Connection connection) {
        CatalogSnapshot catalog = read(reader, connection, playbook);
        ValidationResult result = validator.validate(playbook, catalog).orThrow();
        return planner.plan(playbook, catalog, result.presentPaths());
    }
}
