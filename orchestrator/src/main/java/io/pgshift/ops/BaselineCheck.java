package io.pgshift.ops;

import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.Requires;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a playbook's {@code requires} against a baseline: which required tables and columns
 * the recorded schema does not hold. A gap means the playbook relies on something created
 * outside pgshift's knowledge since the baseline (or never created). Pure.
 */
public final class BaselineCheck {
    private BaselineCheck() {
    }

    public static List<BaselineGap> gaps(Requires requires, Baseline baseline) {
        List<BaselineGap> gaps = new ArrayList<>();
        for (Requires.RequiredTable required : requires.tables()) {
            if (!required.table().schema().equals(baseline.schema())) {
                gaps.add(new BaselineGap(required.table(), null, "schema " + required.table().schema()
                        + " is not covered by baseline " + baseline.id() + " (of schema " + baseline.schema() + ")"));
                continue;
            }
            TableInfo table = baseline.tables().get(required.table().name());
            if (table == null) {
                gaps.add(new BaselineGap(required.table(), null, "absent from baseline " + baseline.id()));
                continue;
            }
            for (String column : required.columns()) {
                if (table.column(column).isEmpty()) {
                    gaps.add(new BaselineGap(required.table(), column, "absent from baseline " + baseline.id()));
                }
            }
        }
        return gaps;
    }
}
