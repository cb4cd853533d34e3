package io.pgshift.ops.preflight;

/** A preflight finding's verdict; only FAIL stops (exit 13). INFO reports what cannot be judged from SQL. */
public enum CheckStatus {
    PASS, INFO, WARN, FAIL
}
