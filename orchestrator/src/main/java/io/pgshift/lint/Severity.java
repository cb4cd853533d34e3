package io.pgshift.lint;

/** How much a finding matters: any ERROR stops the playbook from being submitted. */
public enum Severity {
    /** The playbook would block or break the live application, or cannot succeed. */
    ERROR,
    /** Likely a mistake, or safe only under conditions pgshift cannot check. */
    WARNING,
    /** Something pgshift cannot judge; a human should look. */
    INFO
}
