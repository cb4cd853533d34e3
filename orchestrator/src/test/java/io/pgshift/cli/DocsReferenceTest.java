package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.pgshift.operation.OperationRegistry;
import io.pgshift.plan.Phase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps the reference docs true to the code: docs/CLI.md against picocli's model of the commands,
 * docs/CONFIGURATION.md against the daemon config's Jackson model, docs/PLAYBOOKS.md against the
 * parser's operations, and every {@code pgshift COMMAND} that README.md and docs/*.md quote
 * against the commands that exist. Each failure lists every gap as "file: where: what to do", so
 * that whoever adds a command, option, key or operation documents it in the same change.
 */
class DocsReferenceTest {
    private static final Pattern HEADING = Pattern.compile("^## (pgshift(?: [a-z][a-z0-9-]*)*)\\s*$");
    private static final Pattern CODE_OPTION = Pattern.compile("`(--[a-z0-9][a-z0-9-]*)");
    private static final Pattern INLINE_COMMAND = Pattern.compile("`(?:scripts/)?pgshift ([^`]+)`");
    private static final Pattern CODE_COMMAND = Pattern.compile("^\\s*(?:\\$ )?(?:scripts/)?pgshift (.+)$");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z0-9][a-z0-9-]*)");
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z][a-zA-Z0-9_\\[\\].]*)` \\|");
    private static final Pattern OPERATION_HEADING = Pattern.compile("^### ([a-z_]+)\\s*$");
    /** picocli's standard help options, documented once under "Global options". */
    private static final Set<String> STANDARD = Set.of("--help", "--version");

    private final Map<String, CommandSpec> commands = commands();

    @Test
    void cliReferenceHasASectionForEveryCommandAndALineForEveryOption() {
        Map<String, String> sections = sections(read("CLI.md"));
        List<String> missing = new ArrayList<>();
        commands.forEach((name, spec) -> {
            if (name.equals("pgshift")) {
                for (String option : STANDARD) {
                    if (!read("CLI.md").contains("`" + option)) {
                        missing.add("docs/CLI.md: option " + option + " is not documented: add it under"
                                + " \"## Global options and conventions\"");
                    }
                }
                return;
            }
            String section = sections.get(name);
            if (section == null) {
                missing.add("docs/CLI.md: no section \"## " + name + "\": add it, with its description and a line"
                        + " per option (`--option VALUE`: what it does)");
                return;
            }
            Set<String> documented = codeOptions(section);
            for (OptionSpec option : spec.options()) {
                String longest = option.longestName();
                if (!STANDARD.contains(longest) && !documented.contains(longest)) {
                    missing.add("docs/CLI.md: \"## " + name + "\" does not document " + longest
                            + ": add a line \"- `" + longest + (option.typeInfo().isBoolean() ? "" : " " + option.paramLabel())
                            + "`: " + String.join(" ", option.description()) + "\"");
                }
            }
        });
        assertTrue(missing.isEmpty(), report(missing));
    }

    @Test
    void cliReferenceNamesOnlyCommandsAndOptionsThatExist() {
        String text = read("CLI.md");
        Set<String> anyOption = new TreeSet<>(STANDARD);
        commands.values().forEach(spec -> spec.options().forEach(o -> anyOption.addAll(List.of(o.names()))));
        List<String> wrong = new ArrayList<>();
        sections(text).forEach((name, section) -> {
            CommandSpec spec = commands.get(name);
            if (spec == null) {
                wrong.add("docs/CLI.md: \"## " + name + "\" is not a command (commands: " + String.join(", ",
                        commands.keySet()) + "): rename or remove the section");
                return;
            }
            for (String option : codeOptions(section)) {
                if (!STANDARD.contains(option) && spec.findOption(option) == null) {
                    wrong.add("docs/CLI.md: \"## " + name + "\" names " + option + ", which " + name
                            + " does not take: fix the name or remove the line");
                }
            }
        });
        for (String option : codeOptions(preamble(text))) {
            if (!anyOption.contains(option)) {
                wrong.add("docs/CLI.md: the introduction names " + option + ", which no command takes");
            }
        }
        assertTrue(wrong.isEmpty(), report(wrong));
    }

    @Test
    void everyCommandTheDocsQuoteExistsWithTheOptionsQuoted() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(docs().resolveSibling("README.md"));
        try (Stream<Path> md = Files.list(docs())) {
            md.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            String where = docs().getParent().relativize(file).toString();
            List<String> lines = Files.readAllLines(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                List<String> quoted = new ArrayList<>();
                if (fenced) {
                    Matcher m = CODE_COMMAND.matcher(line.replaceAll("\\s+#.*$", ""));
                    if (m.matches()) {
                        quoted.add(m.group(1));
                    }
                } else {
                    Matcher m = INLINE_COMMAND.matcher(line);
                    while (m.find()) {
                        quoted.add(m.group(1));
                    }
                }
                for (String invocation : quoted) {
                    check(invocation, where + ":" + (i + 1), wrong);
                }
            }
        }
        assertTrue(wrong.isEmpty(), report(wrong));
    }

    @Test
    void configurationReferenceListsEveryKeyOfTheDaemonConfigAndNoOther() throws ClassNotFoundException {
        Set<String> keys = new TreeSet<>();
        Set<String> leaves = new TreeSet<>();
        configKeys(Class.forName("io.pgshift.daemon.RawConfig$Root"), "", keys, leaves);
        Set<String> documented = new LinkedHashSet<>();
        for (String line : read("CONFIGURATION.md").split("\n")) {
            Matcher m = KEY_ROW.matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        List<String> wrong = new ArrayList<>();
        for (String key : leaves) {
            if (!documented.contains(key)) {
                wrong.add("docs/CONFIGURATION.md: key " + key + " is not documented: add a row \"| `" + key
                        + "` | type | default | meaning and example |\"");
            }
        }
        for (String key : documented) {
            if (!keys.contains(key)) {
                wrong.add("docs/CONFIGURATION.md: row `" + key + "` is not a key of the daemon config (RawConfig):"
                        + " fix or remove it");
            }
        }
        assertTrue(wrong.isEmpty(), report(wrong));
    }

    @Test
    void playbookReferenceHasAHeadingForEveryOperationAndNoOther() {
        Set<String> operations = new TreeSet<>();
        operations.addAll(OperationRegistry.keys(Phase.EXPAND));
        operations.addAll(OperationRegistry.keys(Phase.CONTRACT));
        Set<String> documented = new TreeSet<>();
        for (String line : read("PLAYBOOKS.md").split("\n")) {
            Matcher m = OPERATION_HEADING.matcher(line);
            if (m.matches()) {
                documented.add(m.group(1));
            }
        }
        List<String> wrong = new ArrayList<>();
        for (String op : operations) {
            if (!documented.contains(op)) {
                wrong.add("docs/PLAYBOOKS.md: operation " + op + " has no \"### " + op + "\" heading: document its"
                        + " keys, defaults and SQL under expand or contract steps");
            }
        }
        for (String op : documented) {
            if (!operations.contains(op)) {
                wrong.add("docs/PLAYBOOKS.md: \"### " + op + "\" is not an operation the parser knows ("
                        + String.join(", ", operations) + ")");
            }
        }
        assertTrue(wrong.isEmpty(), report(wrong));
    }

    /** {@code pgshift WORDS...} as quoted: the command (and subcommand) must exist and take the options quoted. */
    private void check(String invocation, String where, List<String> wrong) {
        String[] words = invocation.strip().split("\\s+");
        String first = words[0];
        if (!first.matches("[a-z][a-z0-9|-]*")) {
            return; // a placeholder (COMMAND), an option (--help) or an argument list
        }
        for (String name : first.split("\\|")) {
            CommandSpec spec = commands.get("pgshift " + name);
            if (spec == null) {
                wrong.add(where + ": `pgshift " + invocation.strip() + "`: no command '" + name + "' (commands: "
                        + topLevel() + ")");
                continue;
            }
            String label = "pgshift " + name;
            if (!spec.subcommands().isEmpty() && words.length > 1 && words[1].matches("[a-z][a-z|-]*")) {
                for (String sub : words[1].split("\\|")) {
                    CommandSpec subSpec = commands.get(label + " " + sub);
                    if (subSpec == null) {
                        wrong.add(where + ": `pgshift " + invocation.strip() + "`: " + label + " has no subcommand '" + sub
                                + "' (it has: " + String.join(", ", spec.subcommands().keySet()) + ")");
                    } else if (!words[1].contains("|")) {
                        spec = subSpec;
                        label = label + " " + sub;
                    }
                }
            }
            Matcher m = OPTION.matcher(invocation);
            while (m.find()) {
                if (!STANDARD.contains(m.group(1)) && spec.findOption(m.group(1)) == null) {
                    wrong.add(where + ": `pgshift " + invocation.strip() + "`: " + label + " takes no option " + m.group(1));
                }
            }
        }
    }

    private String topLevel() {
        return String.join(", ", commands.get("pgshift").subcommands().keySet());
    }

    /** Every command by its full name ("pgshift", "pgshift audit verify", ...), in the model's order. */
    private static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        walk(CommandTree.full().getCommandSpec(), "pgshift", all);
        return all;
    }

    private static void walk(CommandSpec spec, String name, Map<String, CommandSpec> all) {
        all.put(name, spec);
        spec.subcommands().forEach((sub, line) -> {
            if (sub.equals(line.getCommandName())) { // aliases name the same command again
                walk(line.getCommandSpec(), name + " " + sub, all);
            }
        });
    }

    /** The config's keys as documented: {@code targets.NAME.url}, {@code hooks[].events}; leaves are the ones to document. */
    private static void configKeys(Class<?> type, String prefix, Set<String> keys, Set<String> leaves) {
        ObjectMapper mapper = new ObjectMapper();
        BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            String key = prefix + property.getName();
            JavaType t = property.getPrimaryType();
            String nested = key;
            if (t.isMapLikeType()) {
                nested = key + ".NAME";
                t = t.getContentType();
            } else if (t.isCollectionLikeType()) {
                nested = key + "[]";
                t = t.getContentType();
            }
            keys.add(key);
            if (t.getRawClass().getEnclosingClass() != null
                    && t.getRawClass().getEnclosingClass().getName().equals("io.pgshift.daemon.RawConfig")) {
                keys.add(nested);
                configKeys(t.getRawClass(), nested + ".", keys, leaves);
            } else {
                leaves.add(key);
            }
        }
    }

    /** The text under each "## pgshift ..." heading, up to the next "## " heading. */
    private static Map<String, String> sections(String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("## ")) {
                if (current != null) {
                    sections.put(current, body.toString());
                }
                Matcher m = HEADING.matcher(line);
                current = m.matches() ? m.group(1) : null;
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            sections.put(current, body.toString());
        }
        return sections;
    }

    /** What comes before the first "## pgshift ..." heading. */
    private static String preamble(String text) {
        Matcher m = Pattern.compile("(?m)^## pgshift").matcher(text);
        return m.find() ? text.substring(0, m.start()) : text;
    }

    private static Set<String> codeOptions(String text) {
        Set<String> options = new TreeSet<>();
        Matcher m = CODE_OPTION.matcher(text);
        while (m.find()) {
            options.add(m.group(1));
        }
        return options;
    }

    /** The docs directory: ../docs from the orchestrator module (where Maven runs its tests), docs from the root. */
    private static Path docs() {
        Path fromModule = Path.of("..", "docs").toAbsolutePath().normalize();
        return Files.isDirectory(fromModule) ? fromModule : Path.of("docs").toAbsolutePath();
    }

    private static String read(String name) {
        try {
            return Files.readString(docs().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read docs/" + name + " (looked in " + docs() + ")", e);
        }
    }

    private static String report(List<String> problems) {
        return problems.size() + " gap(s) between the docs and the code:\n  " + String.join("\n  ", problems) + "\n";
    }
}
