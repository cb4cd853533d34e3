import io.pgshift.cli.CommandTree;
import java.io.File;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes one AsciiDoc man page per pgshift command into the directory given, from the whole command
 * tree (scripts/release renders them with Asciidoctor). Run from source with the CLI jar and
 * picocli-codegen on the class path: {@code java -cp CLI_JAR:CODEGEN_JAR scripts/man-pages.java DIR}.
 * The root command's class alone no longer names its subcommands (they are added by CommandTree,
 * which builds only the one a command line names), so ManPageGenerator's own main, given that class,
 * would write the root's page only.
 */
class ManPages {
    public static void main(String[] args) throws Exception {
        int exit = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                CommandTree.full().getCommandSpec());
        System.exit(exit);
    }
}
