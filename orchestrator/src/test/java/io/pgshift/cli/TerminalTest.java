package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb. */
class TerminalTest {
    @Test
    void coloursATerminalWithoutNoColor() {
        Terminal t = Terminal.of(Map.of("TERM", "xterm-256color"), true);
        assertTrue(t.interactive());
        assertTrue(t.colour());
        assertEquals("\u001b[31mpgshift:\u001b[0m", t.red("pgshift:"));
    }

    @Test
    void noColorSetToAnythingTurnsColourOff() {
        for (String value : new String[] {"1", "0", "false", " "}) {
            Terminal t = Terminal.of(Map.of("NO_COLOR", value), true);
            assertFalse(t.colour(), "NO_COLOR=" + value);
            assertTrue(t.interactive(), "the progress line is still redrawn in place");
            assertEquals("pgshift:", t.red("pgshift:"));
        }
    }

    @Test
    void emptyNoColorIsAsIfUnset() {
        assertTrue(Terminal.of(Map.of("NO_COLOR", ""), true).colour());
    }

    @Test
    void neverColoursWhatIsNotATerminal() {
        Terminal piped = Terminal.of(Map.of(), false);
        assertFalse(piped.colour());
        assertFalse(piped.interactive());
        assertEquals("x", piped.red("x"));
    }

    @Test
    void dumbTerminalGetsNoColour() {
        assertFalse(Terminal.of(Map.of("TERM", "dumb"), true).colour());
    }
}
