package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Severity;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.plan.Phase;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.testing.RepoFiles;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the compiler cannot check about the operation registry: every step model has exactly one
 * type and every type a model, keys are unique, and each operation has its docs section, its
 * lifecycle test case and a lint sample that lint accepts and the parser reads back.
 */
class OperationRegistryTest {
    @Test
    void everyStepModelHasExactlyOneTypeAndEveryTypeAModel() {
        Set<Class<?>> models = new HashSet<>();
        models.addAll(Arrays.asList(ExpandStep.class.getPermittedSubclasses()));
        models.addAll(Arrays.asList(ContractStep.class.getPermittedSubclasses()));
        assertEquals(models, OperationRegistry.ALL.stream().map(OperationType::model).collect(Collectors.toSet()));
        assertEquals(OperationRegistry.ALL.size(), models.size(), "one type per model");
        for (OperationType<?> t : OperationRegistry.ALL) {
            Class<?> phaseModel = t.phase() == Phase.EXPAND ? ExpandStep.class : ContractStep.class;
            assertTrue(phaseModel.isAssignableFrom(t.model()), t.key() + " is written under " + t.phase());
            assertNotNull(t.kind(), t.key());
        }
        List<String> keys = OperationRegistry.ALL.stream().map(OperationType::key).toList();
        assertEquals(keys.size(), new HashSet<>(keys).size(), "unique keys: " + keys);
    }

    @Test
    void everyOperationHasItsDocsSection() throws Exception {
        String docs = Files.readString(RepoFiles.path("docs/PLAYBOOKS.md"));
        for (OperationType<?> t : OperationRegistry.ALL) {
            assertTrue(docs.contains("\n### " + t.key() + "\n"), "docs/PLAYBOOKS.md has no section '### " + t.key() + "'");
        }
    }

    @Test
    void everyOperationHasALifecycleCase() {
        for (OperationType<?> t : OperationRegistry.ALL) {
            assertNotNull(LifecycleCases.BY_KEY.get(t.key()), "OperationLifecycleIT has no case for " + t.key());
        }
        assertEquals(OperationRegistry.ALL.size(), LifecycleCases.BY_KEY.size(), "no case for an operation that is gone");
    }

    @Test
    void everyOperationHasALintSampleThatLintAcceptsAndTheParserReadsBack() {
        for (OperationType<?> t : OperationRegistry.ALL) {
            String sample = LintSamples.BY_KEY.get(t.key());
            assertNotNull(sample, "no lint sample for " + t.key());
            String yaml = "name: sample\n" + t.phase().yamlName() + ":\n  - " + sample + "\n";
            Playbook playbook = new PlaybookParser().parse("sample.yaml", yaml);
            List<?> steps = t.phase() == Phase.EXPAND ? playbook.expand() : playbook.contract();
            assertEquals(1, steps.size(), t.key());
            assertTrue(t.model().isInstance(steps.get(0)), t.key() + " reads back as " + t.model().getSimpleName());
            var errors = StandardRules.linter(Clock.systemUTC()).lint(playbook).findings().stream()
                    .filter(f -> f.severity() == Severity.ERROR).toList();
            assertEquals(List.of(), errors, "lint errors on the sample of " + t.key());
        }
        assertEquals(OperationRegistry.ALL.size(), LintSamples.BY_KEY.size());
    }
}
