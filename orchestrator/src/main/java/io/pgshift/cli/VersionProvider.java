package io.pgshift.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PgshiftCommand.class.getPackage().getImplementationVersion();
        return new String[] {"pgshift " + (v == null ? "dev" : v)};
    }
}
