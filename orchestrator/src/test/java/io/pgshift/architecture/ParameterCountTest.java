package io.pgshift.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No method or constructor takes more than five values (docs/STYLE.md): past that, a call site
 * is a row of positional arguments nobody can check by eye, and the values that travel together
 * deserve a record of their own. A record's constructors are exempt: the record is that
 * parameter object (its shorter constructors only default trailing components). Compiler-made methods (lambda
 * bodies, which capture the variables they use, and bridges) are not the code's own shape.
 */
class ParameterCountTest {
    static final int MOST = 5;

    @Test
    void noMethodOrConstructorTakesMoreThanFiveValues() {
        List<String> offenders = new ArrayList<>();
        for (JavaClass c : MainClasses.all()) {
            for (JavaCodeUnit unit : c.getCodeUnits()) {
                if (unit.getRawParameterTypes().size() > MOST && !exempt(c, unit)) {
                    offenders.add(unit.getFullName() + " takes " + unit.getRawParameterTypes().size());
                }
            }
        }
        assertEquals(List.of(), offenders, "give these a parameter object (a record of the values that travel together)");
    }

    private static boolean exempt(JavaClass c, JavaCodeUnit unit) {
        if (unit.getModifiers().contains(JavaModifier.SYNTHETIC) || unit.getModifiers().contains(JavaModifier.BRIDGE)) {
            return true;
        }
        return c.isRecord() && unit instanceof JavaConstructor;
    }
}
