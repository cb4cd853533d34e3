package io.pgshift.cli;

/**
 * The zsh completion: picocli's bash script, which runs under zsh's {@code bashcompinit}, made
 * loadable from {@code $fpath} as {@code _pgshift}. Loaded that way, the file is the body of the
 * function {@code _pgshift}, run at the first TAB: it registers the bash completion for later TABs
 * and must also complete the TAB that loaded it.
 */
final class ZshCompletion {
    private static final String HEADER = """
            #compdef pgshift
            # zsh completion for pgshift: save as _pgshift in a directory of $fpath (before compinit runs),
            # or source it from ~/.zshrc. It is the bash completion below, run by zsh's bashcompinit.
            """;
    private static final String FIRST_TAB = """

            # Loaded from $fpath as the completion function _pgshift: complete the TAB that loaded it.
            if [[ "${funcstack[1]}" == _pgshift ]]; then
              _bash_complete -F _complete_pgshift -o default
            fi
            """;

    private ZshCompletion() {
    }

    static String wrap(String bashScript) {
        String body = bashScript.startsWith("#!") ? bashScript.substring(bashScript.indexOf('\n') + 1) : bashScript;
        return HEADER + body + FIRST_TAB;
    }
}
