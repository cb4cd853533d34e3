package io.pgshift.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, both from /usr/bin: nothing is
 * downloaded (Selenium Manager is never asked, since the driver and the browser are given).
 * Missing browser packages fail the test with the command that installs them; a dashboard test
 * that skips would prove nothing.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the dashboard tests drive Debian's headless Chromium."
                        + " Install it with: apt-get update && apt-get install -y chromium chromium-driver");
            }
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("pgshift-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** A PNG of the viewport, also written to {@code file} so a person can look at it. */
    byte[] screenshot(Path file) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        return png;
    }

    /**
     * What a screenshot shows, counted: a blank or failed page is one background colour with a
     * handful of others; a rendered dashboard has text, badges and bars in many.
     */
    record Pixels(int width, int height, int distinctColours, double offBackgroundShare) {
        static Pixels of(byte[] png) throws IOException {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            Map<Integer, Integer> counts = new HashMap<>();
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
                }
            }
            long total = (long) image.getWidth() * image.getHeight();
            int background = counts.values().stream().max(Integer::compare).orElse(0);
            return new Pixels(image.getWidth(), image.getHeight(), counts.size(), (double) (total - background) / total);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
