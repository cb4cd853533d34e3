package io.pgshift.ops.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerVersionCheckTest {
    private final ServerVersionCheck check = new ServerVersionCheck();

    @Test
    void theSupportedMajorsPass() {
        for (int number : new int[] {130016, 140013, 150019, 160004, 170002}) {
            assertEquals(CheckStatus.PASS, check.verdict(String.valueOf(number), number).status(), "" + number);
        }
    }

    @Test
    void olderThanTwelveFailsForItsScanningSetNotNull() {
        PreflightFinding finding = check.verdict("11.22", 110022);
        assertEquals(CheckStatus.FAIL, finding.status());
        assertTrue(finding.reason().startsWith("PostgreSQL 11.22 is older than 12: SET NOT NULL would scan"),
                finding.reason());
    }

    @Test
    void twelveAndMajorsNewerThanTheTestedOnesWarn() {
        PreflightFinding twelve = check.verdict("12.22", 120022);
        assertEquals(CheckStatus.WARN, twelve.status());
        assertTrue(twelve.reason().contains("past its end of life") && twelve.reason().contains("13 to 17"),
                twelve.reason());
        PreflightFinding eighteen = check.verdict("18.1", 180001);
        assertEquals(CheckStatus.WARN, eighteen.status());
        assertTrue(eighteen.reason().startsWith("PostgreSQL 18.1 is newer than the majors pgshift is tested on (13 to 17)"),
                eighteen.reason());
    }
}
