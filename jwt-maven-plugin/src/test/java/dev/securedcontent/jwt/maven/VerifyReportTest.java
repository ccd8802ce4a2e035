package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class VerifyReportTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    private final VerifyReport report = new VerifyReport(List.of(
            CheckResult.passed("signed/downloads.txt", "line 1 https://h/a.ipa", "token", "valid"),
            CheckResult.failed("signed/downloads.txt", "line 2 https://h/b.pkg", "token", "EXPIRED: \"exp\" passed",
                    "sign again."),
            CheckResult.skipped("command line", "-Djwt.url #1", "probe: expired token", "needs the private key")),
            NOW);

    @Test
    void failureMessageListsEveryFailureOnItsOwnLineWithTheFix() {
        assertThat(report.failureMessage().lines().toList()).containsExactly(
                "jwt:verify: 1 passed, 1 failed, 1 skipped. Every problem:",
                "  signed/downloads.txt line 2 https://h/b.pkg [token]: EXPIRED: \"exp\" passed. Fix: sign again.");
    }

    @Test
    void jsonHoldsCountsAndEveryFindingEscaped() {
        assertThat(report.toJson())
                .contains("\"time\": \"2026-01-02T03:04:05Z\"")
                .contains("\"passed\": 1", "\"failed\": 1", "\"skipped\": 1")
                .contains("{\"status\": \"FAILED\", \"source\": \"signed/downloads.txt\", "
                        + "\"location\": \"line 2 https://h/b.pkg\", \"check\": \"token\", "
                        + "\"detail\": \"EXPIRED: \\\"exp\\\" passed\", \"fix\": \"sign again.\"}");
    }

    @Test
    void jsonOfNoFindingsIsAnEmptyArray() {
        assertThat(new VerifyReport(List.of(), NOW).toJson()).contains("\"findings\": []");
    }

    @Test
    void jsonEscapesControlCharacters() {
        assertThat(VerifyReport.quote("a\tb\u0001\\")).isEqualTo("\"a\\tb\\u0001\\\\\"");
    }

    @Test
    void junitXmlHasOneTestcasePerFindingWithFailureAndSkipped() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(report.toJUnitXml().getBytes(StandardCharsets.UTF_8)));

        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("EXPIRED: \"exp\" passed");
        assertThat(((Element) failure.getParentNode()).getAttribute("classname"))
                .isEqualTo("jwt.verify.signed/downloads.txt");
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(1);
    }

    @Test
    void writesBothReportsIntoTheDirectory(@TempDir Path dir) throws Exception {
        report.write(dir.resolve("jwt"));

        assertThat(dir.resolve("jwt/verify-report.json")).content().isEqualTo(report.toJson());
        assertThat(dir.resolve("jwt/TEST-jwt-verify.xml")).exists();
        try (var files = Files.list(dir.resolve("jwt"))) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void aReportReplacedByTheNextRunIsMovedIntoPlaceAndKeepsItsPermissions(@TempDir Path dir) throws Exception {
        // given a report of an earlier run, made group-writable by its owner
        Path json = Files.createDirectories(dir.resolve("jwt")).resolve("verify-report.json");
        Files.writeString(json, "{}");
        Files.setPosixFilePermissions(json, PosixFilePermissions.fromString("rw-rw-r--"));
        Object before = Files.readAttributes(json, BasicFileAttributes.class).fileKey();

        // when the next run writes its report
        report.write(dir.resolve("jwt"));

        // then a new file took its place (not rewritten in place) with the same permissions, as
        // every other output the toolkit writes
        assertThat(json).content().isEqualTo(report.toJson());
        assertThat(Files.readAttributes(json, BasicFileAttributes.class).fileKey()).isNotEqualTo(before);
        assertThat(Files.getPosixFilePermissions(json)).isEqualTo(PosixFilePermissions.fromString("rw-rw-r--"));
    }
}
