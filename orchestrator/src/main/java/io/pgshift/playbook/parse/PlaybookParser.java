package io.pgshift.playbook.parse;

import io.pgshift.plan.Phase;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a playbook strictly: every key must be known, every value typed, every name valid.
 * All problems are collected and thrown together, in file order, so one run of
 * {@code pgshift lint} shows the author everything to fix.
 */
public final class PlaybookParser {
    private static final String[] KEYS = {"name", "description", "settings", "requires", "expand", "backfill", "contract"};

    private final PlaybookDefaults defaults;

    /** A parser filling what playbooks leave out with the built-in defaults. */
    public PlaybookParser() {
        this(PlaybookDefaults.BUILT_IN);
    }

    /** A parser filling what playbooks leave out with {@code defaults} (a target's {@code default_settings}). */
    public PlaybookParser(PlaybookDefaults defaults) {
        this.defaults = defaults;
    }

    /** Reads and parses {@code file}; an unreadable file is reported as a single problem. */
    public Playbook parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw unreadable(file, "the file is not valid UTF-8");
        } catch (IOException e) {
            throw unreadable(file, "cannot read the playbook: " + e);
        }
        return parse(file.toString(), text);
    }

    /**
     * @param file the name shown in problems (usually the path)
     * @throws PlaybookInvalidException listing every problem found
     */
    public Playbook parse(String file, String text) {
        ParseContext ctx = new ParseContext(file);
        Playbook playbook = YamlTree.read(ctx, text).map(root -> read(ctx, root, text)).orElse(null);
        if (ctx.hasProblems()) {
            throw new PlaybookInvalidException(ctx.problems());
        }
        return playbook;
    }

    private Playbook read(ParseContext ctx, YamlNode root, String text) {
        if (!(root instanceof YamlNode.Mapping)) {
            ctx.problem(root.location(), "", "expected the playbook to be a mapping with keys "
                    + String.join(", ", KEYS) + ", got " + root.describe());
            return null;
        }
        StrictMap top = StrictMap.of(ctx, root, "", root.location(), KEYS);
        String name = top.requireChecked("name", Identifiers::checkPlaybookName);
        String description = top.optionalString("description");
        // Settings first, wherever they are written: their schema resolves every table name below.
        Settings settings = SettingsParser.parse(top.optionalMap("settings", SettingsParser.KEYS), defaults.settings());
        String schema = settings.schema();
        Requires requires = RequiresParser.parse(top.optionalMap("requires", "tables"), schema);

        DuplicateNames names = new DuplicateNames(ctx);
        List<StrictMap.Item> expandItems = top.list("expand", false, false);
        List<StrictMap.Item> backfillItems = top.list("backfill", false, false);
        List<StrictMap.Item> contractItems = top.list("contract", false, false);
        List<ExpandStep> expand = new StepListParser(ctx, Phase.EXPAND, schema, names).parse(expandItems, ExpandStep.class);
        List<Backfill> backfill = new BackfillParser(ctx, schema, names, defaults).parse(backfillItems);
        List<ContractStep> contract = new StepListParser(ctx, Phase.CONTRACT, schema, names)
                .parse(contractItems, ContractStep.class);
        if (!given(top, "expand") && !given(top, "backfill") && !given(top, "contract")) {
            ctx.problem(root.location(), "", "playbook does nothing: give at least one of expand, backfill, contract");
        }
        return new Playbook(name, description, settings, requires, expand, backfill, contract,
                ctx.file(), text, ctx.locations());
    }

    /** Written with some content; a mistyped phase is reported on its own, not also as "does nothing". */
    private static boolean given(StrictMap top, String phase) {
        YamlNode node = top.optional(phase);
        return node != null && !(node instanceof YamlNode.Scalar s && s.isNull())
                && !(node instanceof YamlNode.Sequence seq && seq.items().isEmpty());
    }

    private static PlaybookInvalidException unreadable(Path file, String message) {
        return new PlaybookInvalidException(List.of(
                new PlaybookProblem(SourceLocation.unknown(file.toString()), "", message)));
    }
}
