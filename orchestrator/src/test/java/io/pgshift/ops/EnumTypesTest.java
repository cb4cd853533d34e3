package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnumTypesTest {
    @Test
    void anEnumIsCreatedWithItsLabelsInOrderAndQuoted() {
        var type = new EnumTypes.EnumType("public", "mood", List.of("calm", "it's keen"));
        assertEquals("CREATE TYPE \"public\".\"mood\" AS ENUM ('calm', 'it''s keen')", type.createSql());
    }
}
