package io.pgshift.directory;

import java.io.PrintWriter;

/**
 * {@code pgshift apply DIR}: checks the whole directory first (changed and out-of-order files stop
 * it before anything runs), then applies its playbooks in file order, each exactly as
 * {@code apply FILE} does, skipping those already applied. The first that does not finish
 * (failed, paused, held: a non-zero exit code, or an error) stops the sequence with its code:
 * the files after it depend on it.
 */
public final class DirectoryApply {
    /** Applies one playbook as {@code apply FILE} would; returns its exit code. */
    @FunctionalInterface
    public interface OnePlaybook {
        int apply(PlaybookFile file) throws Exception;
    }

    private DirectoryApply() {
    }

    public static int run(DirectoryPlan plan, Order order, OnePlaybook apply, PrintWriter out) throws Exception {
        plan.checkApplicable(order);
        int applied = 0;
        for (DirectoryEntry entry : plan.entries()) {
            if (entry.state() == FileState.APPLIED) {
                out.println("skip " + entry.file().fileName() + ": playbook " + entry.name() + " already applied (run "
                        + entry.run().id() + ")");
                continue;
            }
            out.println("== " + entry.file().fileName() + ": playbook " + entry.name());
            out.flush();
            int code = apply.apply(entry.file());
            if (code != 0) {
                out.println("stopped at " + entry.file().fileName() + " (exit " + code + "): the playbooks after it"
                        + " were not applied; apply " + plan.dir() + " again once it is resolved");
                out.flush();
                return code;
            }
            applied++;
        }
        out.println(plan.dir() + ": " + applied + " applied now, " + (plan.entries().size() - applied)
                + " already applied; up to date");
        out.flush();
        return 0;
    }
}
