package dev.securedcontent.jwt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance matrix as a page of its own in the audit report's style (docs/conformance-matrix.html
 * is ConformanceMatrixTest's rendering of it): self-contained, every case a row, every column a
 * column, and shown by a real headless browser.
 */
class ConformanceMatrixHtmlTest {
    @TempDir
    Path dir;

    private static String page() {
        return ConformanceMatrix.bundled().page("Tested on `this` machine.",
                Map.of("mod_oauth2 alone", Map.of("nbf-future", "mod_oauth2 does not check `nbf`")));
    }

    @Test
    void thePageHasEveryCaseAndColumnInTheReportsStyle() {
        String html = page();
        ConformanceMatrix matrix = ConformanceMatrix.bundled();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>" + AuditHtmlReport.STYLE + "</style>")
                .contains("<header id=\"verdict\" class=\"info\"><h1>Conformance matrix</h1>")
                .contains("Tested on <code>this</code> machine.")
                .contains("<li><b>mod_oauth2 alone</b>: <code>nbf-future</code>: mod_oauth2 does not check <code>nbf</code>.</li>")
                .contains("<a href=\"../web-server/nginx/README.md\">nginx recipe</a>")
                .contains("<td class=\"v FAILED\">no (HTTP 200)</td>")
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("<link").doesNotContain("@import");
        for (AuditCase c : AuditCase.values()) {
            assertThat(html).contains("<td class=\"id\" title=\"" + c.rule().replace("'", "&#39;") + "\">" + c.id() + "</td>");
        }
        assertThat(html.split("<th>", -1)).hasSize(3 + matrix.columns().size());
    }

    @Test
    void aHeadlessBrowserRendersThePage() throws Exception {
        String chromium = AuditHtmlReportTest.chromium();
        Path file = dir.resolve("conformance-matrix.html");
        Files.writeString(file, page(), StandardCharsets.UTF_8);

        String dom = AuditHtmlReportTest.browser(dir, chromium, "--dump-dom", file.toUri().toString());

        assertThat(dom).contains("<h1>Conformance matrix</h1>").contains("<table class=\"matrix\">")
                .contains(">token-not-echoed</td>");
    }
}
