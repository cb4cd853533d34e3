package io.pgshift.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

/**
 * Packages depend one way (docs/STYLE.md): each package under io.pgshift is its own slice, so
 * {@code plan} and {@code plan.render} count separately, and no chain of imports may lead from
 * a package back to itself. A cycle is broken by moving the class both sides need to the lower
 * one, or the class that needs both to a package above them (as {@code daemon.boot} is).
 */
class PackageCyclesTest {
    @Test
    void packagesOfBothModulesAreFreeOfCycles() {
        slices().matching("io.pgshift.(**)").should().beFreeOfCycles().check(MainClasses.all());
    }
}
