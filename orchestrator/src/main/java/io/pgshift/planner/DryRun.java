package io.pgshift.planner;

import io.pgshift.plan.Plan;
import io.pgshift.catalog.CatalogReader;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.PlanValidator;
import io.pgshift.catalog.ValidationResult;
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

    public Plan plan(Playbook playbook, Connection connection) {
        CatalogSnapshot catalog = reader.read(connection, playbook);
        ValidationResult result = validator.validate(playbook, catalog).orThrow();
        return planner.plan(playbook, catalog, result.presentPaths());
    }
}
