package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.ApiKeysForTests;
import org.octflow.gateway.support.HeadlessChromium;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestWorker;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A reviewer in a real headless Chromium narrows the queue by site and works through it with the keyboard alone: the scan shows with its
 * probabilities and evidence map, one key corrects it, the queue advances and the audit trail and the agreement panel
 * change. Skipped without Chromium.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ReviewPageTest {
    @TestHTTPResource("/")
    URL page;
    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void aReviewerCorrectsTheOldestScanWithOneKeyAndTheQueueAdvances() throws Exception {
        HeadlessChromium.assumeInstalled();
        ModelRef model = TestWorker.MODEL.toBuilder().setVersion("page-" + UUID.randomUUID()).build();
        String examId = "page-exam-" + UUID.randomUUID();
        List<String> scans = sentToReview(model, examId, 2);

        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(page.toString());
            browser.findElement(By.id("api-key")).sendKeys(ApiKeysForTests.REVIEWER, Keys.TAB);
            browser.findElement(By.id("review-filter-version")).sendKeys(model.getVersion(), Keys.TAB);
            wait.until(ExpectedConditions.textToBe(By.id("review-scan"), scans.get(0)));
            browser.findElement(By.id("review-filter-site")).sendKeys("site-without-scans", Keys.TAB);
            wait.until(ExpectedConditions.textToBe(By.id("review-message"), "Nothing waits for review."));
            browser.findElement(By.id("review-filter-site")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE,
                    Keys.TAB);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-scan")));
            wait.until(ExpectedConditions.textToBe(By.id("review-scan"), scans.get(0)));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#exam-rows tr[data-exam-id='" + examId
                    + "'] .exam-result"), "REVIEW"));
            assertThat(browser.findElement(By.id("review-bars")).getText()).contains("55.0%");
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                    "return document.getElementById('review-preview').naturalWidth")).intValue() == 64);
            assertThat(redPixels(browser)).as("evidence map pixels drawn in red over the preview").isPositive();
            assertThat(browser.findElement(By.id("review-overlay")).isDisplayed()).isTrue();

            browser.findElement(By.cssSelector("#review h2")).click(); // out of the fields: keys are shortcuts now
            screenshot(browser, "review-page.png");
            new Actions(browser).sendKeys("m").perform();
            assertThat(browser.findElement(By.id("review-overlay")).isDisplayed()).as("m hides the map").isFalse();
            new Actions(browser).sendKeys("m").sendKeys("2").perform();

            wait.until(ExpectedConditions.textMatches(By.id("review-message"), Pattern.compile("Corrected to DME.*")));
            wait.until(ExpectedConditions.textToBe(By.id("review-scan"), scans.get(1)));
            Api.asReader().get("/api/v1/scans/" + scans.get(0) + "/reviews").then().statusCode(200)
                    .body("modelLabel", equalTo("CNV")).body("finalLabel", equalTo("DME"));
            By examRow = By.cssSelector("#exam-rows tr[data-exam-id='" + examId + "'] .exam-result");
            wait.until(ExpectedConditions.textToBe(examRow, "DME DONE"));
            wait.until(ExpectedConditions.textMatches(By.id("agreement-rows"),
                    Pattern.compile(Pattern.quote(model.getVersion()) + ".*0% \\(0/1.*", Pattern.DOTALL)));

            browser.manage().window().setSize(new Dimension(390, 844));
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1"))
                    .as("the page fits a phone's width without scrolling sideways").isEqualTo(true);
            screenshot(browser, "review-page-phone.png");
        }
    }

    /** Scans of one exam's left eye, each its own batch, answered CNV at 55 % and sent to review. */
    private List<String> sentToReview(ModelRef model, String examId, int count) {
        List<String> scanIds = new java.util.ArrayList<>();
        TestWorker worker = new TestWorker(bootstrapServers);
        Instant at = Instant.parse("2026-11-02T09:00:00Z");
        for (int i = 0; i < count; i++) {
            Api.Submission submission = Api.submitPngs(1, examId, "L");
            ScanBatch batch = worker.awaitScanBatch(submission.batchId(), Duration.ofSeconds(20));
            worker.publish(TestWorker.withEvidence(TestWorker.decided(
                    TestWorker.predict(batch, "CNV", 0.55, model, at.plusSeconds(i)), Decision.REVIEW)));
            Api.awaitBatchComplete(batch.getBatchId());
            scanIds.add(submission.scanIds().get(0));
        }
        return scanIds;
    }

    private static long redPixels(WebDriver browser) {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.getElementById('review-overlay');
                if (!canvas) return 0;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let red = 0;
                for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 1] < 30 && data[i + 3] > 0) red++;
                return red;""");
        return ((Number) count).longValue();
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
