package io.pgshift.gate;

/**
 * The gate stopped inside a check's one statement because the run it serves was halted (paused
 * or cancelled, {@link HaltCheck}): the statement was cancelled and nothing of it is kept; the
 * check starts over when the run goes on.
 */
public final class GateHaltedException extends Exception {
    public GateHaltedException(String path) {
        super("the gate stopped during " + path + ": its run was paused or cancelled");
    }
}
