package io.pgshift.ops.preflight;

import java.sql.SQLException;
import java.util.List;

/** One item of the runbooks' pre-change checklist. Reads only; returns at least one finding. */
public interface PreflightCheck {
    /** The name shown in the report's first column. */
    String name();

    List<PreflightFinding> run(PreflightContext context) throws SQLException;
}
