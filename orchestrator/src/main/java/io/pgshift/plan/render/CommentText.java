package io.pgshift.plan.render;

/**
 * Text from a playbook (a name, a summary quoting an expression, a description) made safe for
 * one {@code --} comment line of the SQL script. A line break would end the comment, and psql
 * runs the next line: SQL, or a meta-command such as {@code \!} that runs a shell command on the
 * machine of whoever runs the script. Every character that ends or could be shown as ending a
 * line becomes a space, as do other control characters (which could hide text on a terminal).
 */
final class CommentText {
    private CommentText() {
    }

    static String line(Object text) {
        String s = String.valueOf(text);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(breaksLine(c) ? ' ' : c);
        }
        return out.toString();
    }

    /** LF, CR, VT, FF, NEL, the Unicode line and paragraph separators, and every other control character. */
    private static boolean breaksLine(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
    }
}
