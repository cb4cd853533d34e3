package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BackfillSource;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncTriggerOperationTest {
    private static final TableRef ORDERS = new TableRef("public", "orders");
    private static final List<KeyColumn> COLUMNS = List.of(new KeyColumn("id", "bigint"),
            new KeyColumn("customer_id", "bigint"), new KeyColumn("currency_code", "text"));

    /** The function, the fifth statement: sequences and grants come first, the trigger last. */
    private static String function(Backfill backfill) {
        return new SyncTriggerOperation(backfill, COLUMNS).apply().get(4).sql();
    }

    @Test
    void aBackfillFromAnotherTableLooksUpTheMatchingRowAndAssignsOnlyWhenOneMatched() {
        Backfill backfill = new Backfill(ORDERS, new BackfillSource(new TableRef("sales", "customers"),
                Map.of("customer_id", "id")), Map.of("currency_code", "customers.currency"), "customers.active", true,
                BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT);
        assertEquals("""
                CREATE OR REPLACE FUNCTION "public"."pgshift_sync_orders_currency_code"() RETURNS trigger LANGUAGE plpgsql AS $pgshift$
                #variable_conflict use_column
                <<"orders">>
                DECLARE
                    "id" "public"."orders"."id"%TYPE := NEW."id";
                    "customer_id" "public"."orders"."customer_id"%TYPE := NEW."customer_id";
                    "currency_code" "public"."orders"."currency_code"%TYPE := NEW."currency_code";
                    pgshift_filled__ boolean := false;
                    pgshift_joined__ record;
                BEGIN
                    IF ((TG_OP = 'INSERT' AND NEW."currency_code" IS NULL) OR (TG_OP = 'UPDATE' AND NEW."currency_code" IS NOT DISTINCT FROM OLD."currency_code")) THEN
                        SELECT (customers.currency) AS value INTO pgshift_joined__ FROM "sales"."customers" AS "customers" WHERE "customers"."id" = NEW."customer_id" AND (customers.active);
                        IF FOUND THEN
                            NEW."currency_code" := pgshift_joined__.value;
                            pgshift_filled__ := pgshift_filled__ OR NEW."currency_code" IS DISTINCT FROM "currency_code";
                        END IF;
                    END IF;
                    IF pgshift_filled__ THEN""", function(backfill).substring(0, function(backfill).indexOf("THEN",
                function(backfill).indexOf("IF pgshift_filled__")) + 4));
    }

    @Test
    void aBackfillOfTheRowItselfComputesInPlaceUnderItsFilter() {
        Backfill backfill = new Backfill(ORDERS, Map.of("currency_code", "'EUR'"), "customer_id > 0", true,
                BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT);
        String sql = function(backfill);
        assertTrue(sql.contains("OLD.\"currency_code\")) AND (customer_id > 0) THEN\n"
                + "        NEW.\"currency_code\" := ('EUR');\n"), sql);
        assertTrue(!sql.contains("<<") && !sql.contains("pgshift_joined__"), sql);
    }

    /**
     * A body's dollar quote ends at the first occurrence of its tag: text in the body that holds
     * the usual tag (the parser refuses it in expressions; this is the second line of defence)
     * gets another tag, so it stays inside the function.
     */
    @Test
    void theBodyTagIsOneTheBodyDoesNotContain() {
        Backfill backfill = new Backfill(ORDERS, Map.of("currency_code", "'$pgshift$ END; $pgshift$'"), null, true,
                BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT);
        String sql = function(backfill);
        assertTrue(sql.contains("LANGUAGE plpgsql AS $pgshift_1$\n"), sql);
        assertTrue(sql.endsWith("\nEND\n$pgshift_1$"), sql);
    }
}
