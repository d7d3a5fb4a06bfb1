package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.ApiKeysForTests;
import org.octflow.gateway.support.HeadlessChromium;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The page in a real headless Chromium: upload a scan, watch its prediction arrive. Skipped without Chromium. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class WebPageTest {
    @TestHTTPResource("/")
    URL page;
    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void anUploadedScanShowsItsPredictionWithProbabilities() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path scan = Files.createTempFile("oct-scan-", ".png");
        Files.write(scan, TestImages.png(96, 64));
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(page.toString());
            browser.findElement(By.id("api-key")).sendKeys(ApiKeysForTests.SUBMITTER, Keys.TAB);
            assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return window.localStorage.length")).as("keys kept on disk by the page").isEqualTo(0L);

            browser.findElement(By.id("files")).sendKeys(scan.toString());
            wait.until(ExpectedConditions.textMatches(By.id("batch-id"), java.util.regex.Pattern.compile(".+")));
            String batchId = browser.findElement(By.id("batch-id")).getText();
            // The batch id shows on acceptance; its rows come with the first poll of the batch, a moment later.
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#batch-scans .status"), "PENDING"));

            TestWorker worker = new TestWorker(bootstrapServers);
            ScanBatch published = worker.awaitScanBatch(batchId, Duration.ofSeconds(20));
            worker.publish(TestWorker.withEvidence(TestWorker.predict(published, "DME", 0.87)));

            wait.until(ExpectedConditions.textToBe(By.cssSelector("#batch-scans .status"), "DONE"));
            assertThat(browser.findElement(By.cssSelector("#batch-scans .label")).getText()).isEqualTo("DME");
            assertThat(browser.findElement(By.cssSelector("#batch-scans .bars")).getText()).contains("87.0%");
            // The Content-Security-Policy let the stylesheet through (the script, too: it drew all of the above).
            assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0")).isEqualTo(true);
            assertThat(browser.findElement(By.id("batch-summary")).getText()).startsWith("1 of 1 done");
            WebElement map = browser.findElement(By.cssSelector("#batch-scans canvas.evidence"));
            assertThat(map.getAttribute("data-label")).isEqualTo("DME");
            assertThat(map.getAttribute("width")).isEqualTo("16");
            assertThat(map.getAttribute("title")).contains("evidence for DME");
            wait.until(ExpectedConditions.textMatches(By.id("label-counts"), java.util.regex.Pattern.compile("DME: \\d+")));
            wait.until(ExpectedConditions.textMatches(By.id("recent-predictions"), java.util.regex.Pattern.compile("DME")));
            // Kept for people reviewing the page: what the test saw, in target/.
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                    Path.of("target", "web-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(scan);
        }
    }

    @Test
    void aRefusedUploadShowsWhy() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path notAnImage = Files.createTempFile("notes-", ".png");
        Files.writeString(notAnImage, "not an image");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            browser.get(page.toString());
            browser.findElement(By.id("api-key")).sendKeys(ApiKeysForTests.SUBMITTER, Keys.TAB);
            browser.findElement(By.id("files")).sendKeys(notAnImage.toString());
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                    ExpectedConditions.textMatches(By.id("message"), java.util.regex.Pattern.compile("Not accepted: .+")));
            assertThat(browser.findElement(By.id("message")).getText()).contains("image 1 of 1");
        } finally {
            Files.deleteIfExists(notAnImage);
        }
    }
}
