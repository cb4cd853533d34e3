package io.pgshift.plan.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CommentTextTest {
    @Test
    void everyLineBreakBecomesASpace() {
        assertEquals("a \\! touch /tmp/x b c d e f g h", CommentText.line("a\n\\! touch /tmp/x\rb\r\nc\u2028d\u2029e\u0085f\u000Bg\fh")
                .replace("  ", " "));
    }

    @Test
    void otherControlCharactersBecomeSpacesToo() {
        assertEquals("a b c", CommentText.line("a\u001Bb\0c"));
    }

    @Test
    void plainTextIsKept() {
        assertEquals("add check c on users: note <> 'é; x'", CommentText.line("add check c on users: note <> 'é; x'"));
    }
}
