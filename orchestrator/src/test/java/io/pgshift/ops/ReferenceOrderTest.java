package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferenceOrderTest {
    private static final TableRef USERS = new TableRef("public", "users");
    private static final TableRef GRADES = new TableRef("public", "grades");
    private static final TableRef COURSES = new TableRef("public", "courses");

    @Test
    void referencedTablesComeBeforeTheTablesThatReferenceThem() {
        var references = Map.of(GRADES, Set.of(USERS, COURSES));
        assertEquals(List.of(USERS, COURSES, GRADES), ReferenceOrder.order(List.of(GRADES, USERS, COURSES), references));
    }

    @Test
    void aSelfReferenceOrACycleKeepsTheGivenOrder() {
        assertEquals(List.of(USERS, GRADES), ReferenceOrder.order(List.of(USERS, GRADES), Map.of(USERS, Set.of(USERS))));
        var cycle = Map.of(USERS, Set.of(GRADES), GRADES, Set.of(USERS));
        assertEquals(List.of(GRADES, USERS), ReferenceOrder.order(List.of(GRADES, USERS), cycle));
    }
}
