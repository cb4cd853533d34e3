package io.pgshift.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.api.ApiClient;
import io.pgshift.api.TestDaemons;
import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.daemon.boot.DaemonExtensions;
import io.pgshift.engine.AppWriter;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a real daemon (in this JVM) running a slow
 * backfill on real PostgreSQL: the runs list shows it progressing, its page pauses and resumes
 * it (a viewer's attempt is refused with the API's words), the audit log filters by action, and
 * the screenshot shows a rendered page. A run held before contract is completed from its page
 * once the application's old version stops writing, and its retained sync trigger cleaned up.
 */
@ExtendWith(PgDatabaseExtension.class)
class DashboardIT {
    private static final String OPERATOR = "olivia-token";
    private static final String VIEWER = "victor-token";
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-it");

    private static Daemon daemon;
    private static ApiClient api;
    private static TestDatabase db;

    @BeforeAll
    static void start(TestDatabase database) throws Exception {
        db = database;
        String config = """
                listen: 127.0.0.1:0
                node: dashboard-it
                partitions: 2
                threads: 4
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [viewer, operator]}
                  - {name: victor, sha256: %s, roles: [viewer]}
                """.formatted(db.jdbcUrlForChild(), ApiClient.sha256(OPERATOR), ApiClient.sha256(VIEWER));
        daemon = Daemon.start(new DaemonConfigParser(Map.of(), "unused").parse("daemon.yaml", config),
                new DaemonExtensions(new SimpleMeterRegistry(), DashboardRoutes.of(DashboardAssets.load())),
                Clock.systemUTC());
        api = new ApiClient(daemon.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void operatorWatchesPausesAndResumesARunThenFindsThePauseInTheAuditLog() throws Exception {
        db.execute("CREATE TABLE accounts (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO accounts (n) SELECT g FROM generate_series(1, 30000) g; ANALYZE accounts");
        // 50-row batches 100 ms apart in two partitions: half a minute of backfill, time enough to
        // watch and pause it (and keys past 9999, which once were capped away as text)
        ApiClient.Reply submitted = api.submit("staging", OPERATOR, """
                name: accounts-doubled
                description: Add accounts.doubled and fill it from n
                expand:
                  - add_column: {table: accounts, column: doubled, type: bigint}
                backfill:
                  - table: accounts
                    set: {doubled: "n * 2"}
                    keep_in_sync: true
                    batch: {size: 50, min_size: 50, max_size: 50, target_ms: 50, pause_ms: 100}
                contract:
                  - set_not_null: {table: accounts, column: doubled}
                """);
        assertEquals(201, submitted.status(), submitted.toString());
        long runId = submitted.json().path("run").path("id").asLong();
        String runKey = "staging/" + runId;

        try (Browser browser = Browser.start()) {
            ChromeDriver driver = browser.driver();
            // the pages re-render as they poll: an element found a moment ago may be gone
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(daemon.baseUrl() + "/");
            wait.until(ExpectedConditions.urlContains("/dashboard/"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("need-token")));

            useToken(driver, VIEWER);
            By row = By.cssSelector("#runs-table tr[data-run='" + runKey + "']");
            wait.until(d -> d.findElement(row).findElement(By.cssSelector(".state")).getText().equals("BACKFILLING"));
            String firstProgress = progressLabel(driver, row);
            wait.until(d -> !progressLabel(driver, row).equals(firstProgress) && progressLabel(driver, row).contains("/"));
            wait.until(d -> d.findElement(row).getText().contains("accounts-doubled"));

            wait.until(d -> {
                d.findElement(row).findElement(By.cssSelector("a.run-link")).click();
                return true;
            });
            wait.until(ExpectedConditions.textToBe(By.id("run-state"), "BACKFILLING"));
            assertEquals("any time", driver.findElement(By.id("run-windows")).getText(), "no allowed windows on staging");
            assertTrue(driver.findElements(By.cssSelector(".step .lock")).stream().map(WebElement::getText)
                    .anyMatch("ACCESS EXCLUSIVE"::equals), "each step shows the strongest lock it takes");
            // each running partition says why it goes at its pace: here the playbook's explicit batch settings win
            wait.until(d -> d.findElements(By.cssSelector(".backfill td.pace")).stream().map(WebElement::getText)
                    .anyMatch("fixed: the playbook's batch settings"::equals));
            driver.findElement(By.id("action-pause")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "403 FORBIDDEN"));
            assertTrue(driver.findElement(By.id("action-message")).getText().contains("operator"),
                    "the API's reason is shown: " + driver.findElement(By.id("action-message")).getText());

            useToken(driver, OPERATOR);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("action-pause"))).click();
            wait.until(ExpectedConditions.textToBe(By.id("run-state"), "PAUSED"));
            assertEquals("PAUSED", api.get("/api/v1/targets/staging/runs/" + runId, VIEWER).json().path("state").asText());
            wait.until(ExpectedConditions.elementToBeClickable(By.id("action-resume"))).click();
            wait.until(ExpectedConditions.textToBe(By.id("run-state"), "BACKFILLING"));

            Thread.sleep(5000); // a few rows/s samples for the chart
            assertTrue(chartPixels(driver) > 100, "the rows/s chart draws a line");
            byte[] png = browser.screenshot(SCREENSHOTS.resolve("run.png"));
            Browser.Pixels pixels = Browser.Pixels.of(png);
            assertEquals(1400, pixels.width(), pixels.toString());
            assertTrue(pixels.distinctColours() > 64 && pixels.offBackgroundShare() > 0.05,
                    "the screenshot shows a rendered page: " + pixels);

            driver.findElement(By.id("knob-batch-size")).sendKeys("5000");
            driver.findElement(By.id("knob-pause-ms")).sendKeys("0");
            driver.findElement(By.id("knob-apply")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "done"));
            api.awaitState("staging", runId, VIEWER, "SUCCEEDED", 90);
            wait.until(ExpectedConditions.textToBe(By.id("run-state"), "SUCCEEDED"));

            driver.findElement(By.id("nav-audit")).click();
            By auditRows = By.cssSelector("#audit-table tbody tr[data-audit]");
            wait.until(d -> actions(driver, auditRows).contains("KNOB_CHANGED"));
            assertTrue(actions(driver, auditRows).size() > 3, "unfiltered, many actions: " + actions(driver, auditRows));
            new Select(driver.findElement(By.id("audit-action"))).selectByValue("PAUSED");
            driver.findElement(By.id("audit-apply")).click();
            wait.until(ExpectedConditions.urlContains("action=PAUSED"));
            wait.until(d -> actions(driver, auditRows).equals(Set.of("PAUSED")));
            List<WebElement> paused = driver.findElements(auditRows);
            assertEquals(1, paused.size(), "one pause");
            assertEquals("olivia", paused.get(0).findElement(By.cssSelector(".actor")).getText());
            assertFalse(driver.getCurrentUrl().contains(OPERATOR), "the token never goes into the address");

            driver.findElement(By.id("audit-verify")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-verdict"), "Chain intact"));
        }
    }

    @Test
    void operatorCompletesAHeldRunOnceTheOldVersionStopsWritingAndDropsItsRetainedTrigger() throws Exception {
        db.execute("CREATE TABLE members (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO members (n) SELECT g FROM generate_series(1, 2000) g; ANALYZE members");
        String playbook = TestDaemons.doublingPlaybook("members-doubled", "members", "{size: 500}").replaceFirst(
                "\nexpand:", "\nsettings: {hold_before_contract: true, sync_quiet_period: 2s}\nexpand:");
        // the application's old version: its inserts never name the new column, the trigger fills it
        AppWriter old = oldVersion();
        AppWriter straggler = null;
        try {
            old.awaitWrites(20);
            ApiClient.Reply submitted = api.submit("staging", OPERATOR, playbook);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            api.awaitState("staging", runId, VIEWER, "AWAITING_CONTRACT", 30);

            try (Browser browser = Browser.start()) {
                ChromeDriver driver = browser.driver();
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                wait.ignoring(StaleElementReferenceException.class);
                driver.get(daemon.baseUrl() + "/dashboard/#/runs");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("need-token")));
                useToken(driver, OPERATOR);
                By row = By.cssSelector("#runs-table tr[data-run='staging/" + runId + "']");
                wait.until(d -> d.findElement(row).findElement(By.cssSelector(".state")).getText()
                        .equals("AWAITING_CONTRACT"));
                assertTrue(driver.findElement(row).getText().contains("held before contract"), driver.findElement(row).getText());
                wait.until(d -> {
                    d.findElement(row).findElement(By.cssSelector("a.run-link")).click();
                    return true;
                });

                // held, and the trigger's numbers say the old version still writes
                wait.until(ExpectedConditions.textToBe(By.id("run-state"), "AWAITING_CONTRACT"));
                wait.until(d -> trigger(d, "td.relied-on").startsWith("yes") && trigger(d, "td.state").equals("ACTIVE"));
                String name = driver.findElement(By.cssSelector("#sync-trigger-table tr[data-trigger]")).getAttribute("data-trigger");
                assertTrue(triggerRow(driver).getAttribute("class").contains("relied"), "a relied-on trigger is highlighted");
                assertTrue(trigger(driver, "td.evidence").contains("writers still omit members.doubled"),
                        trigger(driver, "td.evidence"));
                String banner = driver.findElement(By.id("hold-banner")).getText();
                assertTrue(banner.contains("Held before contract") && banner.contains(name)
                        && banner.contains("rows filled by the trigger"), banner);
                assertTrue(driver.findElement(By.id("action-cancel")).isEnabled(), "a held run can be cancelled");
                assertFalse(driver.findElement(By.id("action-pause")).isEnabled(), "a held run is not working");
                assertFalse(driver.findElement(By.id("action-cleanup")).isEnabled(), "the run has not ended");

                driver.findElement(By.id("action-complete")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "409 RUN_CONFLICT"));
                String refusal = driver.findElement(By.id("action-message")).getText();
                assertTrue(refusal.matches("(?s)Complete refused: 409 RUN_CONFLICT: run " + runId
                        + " stays held before contract: " + name + ": [1-9][0-9]* rows filled by the trigger in the last .*"),
                        refusal);
                assertTrue(driver.findElement(By.id("action-complete-force")).isDisplayed(), "forcing is offered apart");
                browser.screenshot(SCREENSHOTS.resolve("held.png"));
                assertEquals("AWAITING_CONTRACT", api.get("/api/v1/targets/staging/runs/" + runId, VIEWER).json()
                        .path("state").asText());

                old.close();
                assertEquals(List.of(), old.errors(), "the old version's inserts never failed");
                Thread.sleep(3500); // the quiet period (2s); the fill clock keeps whole seconds
                wait.until(d -> trigger(d, "td.relied-on").equals("no"));
                assertTrue(driver.findElement(By.id("hold-banner")).getText().contains("Complete can go on"));
                driver.findElement(By.id("action-complete")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Complete: done"));
                assertFalse(driver.findElement(By.id("action-force")).isDisplayed(), "nothing left to force");
                // a straggler of the old version writes on: the retained trigger keeps its inserts working (and
                // keeps the daemon's automatic cleanup from dropping the trigger before the page does)
                straggler = oldVersion();

                wait.until(ExpectedConditions.textToBe(By.id("run-state"), "SUCCEEDED"));
                assertFalse(driver.findElement(By.id("hold-banner")).isDisplayed());
                wait.until(d -> trigger(d, "td.state").equals("RETAINED") && trigger(d, "td.relied-on").startsWith("yes"));
                wait.until(ExpectedConditions.elementToBeClickable(By.id("action-cleanup"))).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "409 RUN_CONFLICT"));
                assertTrue(driver.findElement(By.id("action-message")).getText().contains("refused, nothing dropped"),
                        driver.findElement(By.id("action-message")).getText());
                assertEquals("RETAINED", trigger(driver, "td.state"));

                straggler.awaitWrites(20);
                straggler.close();
                assertEquals(List.of(), straggler.errors(), "the old version's inserts after contract never failed");
                assertEquals(0, db.queryLong("SELECT count(*) FROM members WHERE doubled IS DISTINCT FROM n * 2"),
                        "the trigger filled every row the old version wrote");
                driver.findElement(By.id("action-cleanup-force")).click();
                Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
                assertTrue(confirm.getText().contains("although writers still rely on them"), confirm.getText());
                confirm.accept();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"),
                        "dropped 1 sync trigger (" + name + ")"));
                assertTrue(driver.findElement(By.id("action-message")).getText().startsWith("Clean up: done"));
                wait.until(d -> trigger(d, "td.state").equals("DROPPED"));
                browser.screenshot(SCREENSHOTS.resolve("cleaned-up.png"));
                assertTrue(trigger(driver, "td.evidence").contains("by olivia"), trigger(driver, "td.evidence"));
                assertFalse(driver.findElement(By.id("action-cleanup")).isEnabled(), "nothing left to drop");
                assertEquals(0, db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'members'::regclass"
                        + " AND tgname LIKE 'pgshift_sync%'"));
            }
        } finally {
            old.close();
            if (straggler != null) {
                straggler.close();
            }
        }
    }

    /** Two connections inserting rows as the application's old version does: without {@code doubled}. */
    private static AppWriter oldVersion() {
        return AppWriter.start(db, "old", 2, List.of((c, random) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO members (n) VALUES (?)")) {
                ps.setInt(1, random.nextInt(1_000_000));
                ps.executeUpdate();
            }
        }));
    }

    private static WebElement triggerRow(WebDriver driver) {
        return driver.findElement(By.cssSelector("#sync-trigger-table tr[data-trigger]"));
    }

    /** The text of one cell of the run's (only) sync trigger. */
    private static String trigger(WebDriver driver, String cell) {
        return triggerRow(driver).findElement(By.cssSelector(cell)).getText();
    }

    private static void useToken(ChromeDriver driver, String token) {
        WebElement input = driver.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.id("token-use")).click();
    }

    private static String progressLabel(ChromeDriver driver, By row) {
        return driver.findElement(row).findElement(By.cssSelector(".progress .label")).getText();
    }

    private static Set<String> actions(ChromeDriver driver, By rows) {
        return driver.findElements(rows).stream().map(r -> r.findElement(By.cssSelector(".action")).getText())
                .collect(Collectors.toSet());
    }

    /** Pixels of the chart's line colour on its canvas. */
    private static long chartPixels(ChromeDriver driver) {
        Object count = driver.executeScript("""
                const c = document.getElementById('rate-chart');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (Math.abs(d[i] - 47) < 30 && Math.abs(d[i + 1] - 111) < 30 && Math.abs(d[i + 2] - 223) < 30 && d[i + 3] > 200) n++;
                }
                return n;""");
        assertNotEquals(null, count);
        return ((Number) count).longValue();
    }
}
