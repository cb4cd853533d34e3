package io.pgshift.lint;

import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BackfillSource;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.ScheduleSpec;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.SourceLocation;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link Playbook} records for lint tests without going through YAML. */
public final class PlaybookFixture {
    public static final String FILE = "test.yaml";

    private final List<ExpandStep> expand = new ArrayList<>();
    private final List<Backfill> backfill = new ArrayList<>();
    private final List<ContractStep> contract = new ArrayList<>();
    private final Map<String, SourceLocation> locations = new HashMap<>();

    public static PlaybookFixture playbook() {
        return new PlaybookFixture();
    }

    /** A playbook holding just these raw SQL statements in expand. */
    public static Playbook rawSql(String... statements) {
        PlaybookFixture fixture = playbook();
        for (String sql : statements) {
            fixture.expand(new RawSql(sql));
        }
        return fixture.build();
    }

    public PlaybookFixture expand(ExpandStep... steps) {
        expand.addAll(List.of(steps));
        return this;
    }

    public PlaybookFixture backfill(Backfill... steps) {
        backfill.addAll(List.of(steps));
        return this;
    }

    public PlaybookFixture contract(ContractStep... steps) {
        contract.addAll(List.of(steps));
        return this;
    }

    /** Records that {@code path} is written at {@code line}:{@code column}. */
    public PlaybookFixture at(String path, int line, int column) {
        locations.put(path, new SourceLocation(FILE, line, column));
        return this;
    }

    public Playbook build() {
        return new Playbook("lint-test", "built by PlaybookFixture", Settings.DEFAULT, Requires.NONE, expand, backfill,
                contract, FILE, "# built by PlaybookFixture", locations);
    }

    public static TableRef table(String name) {
        return TableRef.parse(name, "public");
    }

    public static AddColumn addColumn(String table, String column, String type) {
        return new AddColumn(table(table), column, type, null, false);
    }

    public static AddColumn addColumnWithDefault(String table, String column, String type, String defaultExpr) {
        return new AddColumn(table(table), column, type, defaultExpr, false);
    }

    public static SetNotNull setNotNull(String table, String column) {
        return new SetNotNull(table(table), column);
    }

    /** A backfill setting one column, kept in sync, unfiltered, unscheduled. */
    public static Backfill fill(String table, String column, String expression) {
        return new Backfill(table(table), Map.of(column, expression), null, true, BatchSpec.DEFAULT, null,
                ThrottleSpec.DEFAULT);
    }

    public static Backfill where(Backfill b, String where) {
        return new Backfill(b.table(), b.from(), b.set(), where, b.keepInSync(), b.batch(), b.schedule(), b.throttle());
    }

    public static Backfill notKeptInSync(Backfill b) {
        return new Backfill(b.table(), b.from(), b.set(), b.where(), false, b.batch(), b.schedule(), b.throttle());
    }

    public static Backfill scheduled(Backfill b, String cron, String zone) {
        return new Backfill(b.table(), b.from(), b.set(), b.where(), b.keepInSync(), b.batch(),
                new ScheduleSpec(cron, ZoneId.of(zone)), b.throttle());
    }

    /** The backfill reading {@code source}, matched on one pair of columns. */
    public static Backfill from(Backfill b, String source, String column, String sourceColumn) {
        return new Backfill(b.table(), new BackfillSource(table(source), Map.of(column, sourceColumn)), b.set(),
                b.where(), b.keepInSync(), b.batch(), b.schedule(), b.throttle());
    }
}
