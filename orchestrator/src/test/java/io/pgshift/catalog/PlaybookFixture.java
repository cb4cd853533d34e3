package io.pgshift.catalog;

import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BackfillSource;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds playbooks in code, as the parser would produce them, for tests that must not depend on YAML. */
final class PlaybookFixture {
    private final List<Requires.RequiredTable> requires = new ArrayList<>();
    private final List<ExpandStep> expand = new ArrayList<>();
    private final List<Backfill> backfill = new ArrayList<>();
    private final List<ContractStep> contract = new ArrayList<>();

    static PlaybookFixture playbook() {
        return new PlaybookFixture();
    }

    static TableRef table(String name) {
        return new TableRef("public", name);
    }

    PlaybookFixture requires(String table, String... columns) {
        requires.add(new Requires.RequiredTable(table(table), List.of(columns)));
        return this;
    }

    PlaybookFixture expand(ExpandStep... steps) {
        expand.addAll(List.of(steps));
        return this;
    }

    PlaybookFixture backfill(String table, Map<String, String> set) {
        backfill.add(new Backfill(table(table), set, null, false, BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT));
        return this;
    }

    /** A backfill reading {@code source}: {@code on} maps the table's columns to the source's. */
    PlaybookFixture backfillFrom(String table, String source, Map<String, String> on, Map<String, String> set) {
        backfill.add(new Backfill(table(table), new BackfillSource(table(source), on), set, null, false, BatchSpec.DEFAULT,
                null, ThrottleSpec.DEFAULT));
        return this;
    }

    PlaybookFixture contract(ContractStep... steps) {
        contract.addAll(List.of(steps));
        return this;
    }

    Playbook build() {
        return new Playbook("test-playbook", "built in a test", Settings.DEFAULT, new Requires(requires), expand,
                backfill, contract, "test.yaml", "", Map.of());
    }
}
