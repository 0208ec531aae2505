package io.sheetflow.ui;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Headless Chromium through the system's chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}); Selenium Manager never downloads anything because both paths are given.
 * {@code CHROME_BIN} and {@code CHROMEDRIVER} name other paths (when set, only those are tried).
 */
final class Browser {
    /** Where the browser tests write screenshots of the main screens (and of failures). */
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private Browser() {
    }

    static Optional<Path> chromium() {
        return find("CHROME_BIN", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    }

    static Optional<Path> chromedriver() {
        return find("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    }

    /** The path in the environment variable when it is set (and only it), else the first usual place found. */
    private static Optional<Path> find(String variable, String... usual) {
        String configured = System.getenv(variable);
        return configured != null && !configured.isBlank() ? firstExecutable(configured) : firstExecutable(usual);
    }

    static boolean available() {
        return chromium().isPresent() && chromedriver().isPresent();
    }

    static ChromeDriver start(Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().orElseThrow().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1050", "--lang=en-US", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-default-apps");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    static void screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save screenshot " + name + ": " + e);
        }
    }

    private static Optional<Path> firstExecutable(String... candidates) {
        return java.util.Arrays.stream(candidates)
                .filter(c -> c != null && !c.isBlank())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
    }
}
