package io.pgshift.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DollarQuoteTest {
    @Test
    void usesTheBaseTagWhenTheBodyLacksIt() {
        assertEquals("$pgshift$\nBEGIN END\n$pgshift$", DollarQuote.around("pgshift", "BEGIN END"));
    }

    @Test
    void picksATagTheBodyDoesNotContain() {
        String body = "PERFORM '$pgshift$', '$pgshift_1$';";
        assertEquals("$pgshift_2$", DollarQuote.tag("pgshift", body));
    }

    @Test
    void isTheSameForTheSameBody() {
        assertEquals(DollarQuote.around("fn", "x $fn$"), DollarQuote.around("fn", "x $fn$"));
    }
}
