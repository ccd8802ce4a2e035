package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.internal.AtomicFile;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Everything one jwt:verify (or jwt:audit) run found, as the build-failure message (one line per
 * problem), a JSON report and a JUnit XML report that CI servers display.
 */
final class VerifyReport {

    private final String goal;
    private final List<CheckResult> findings;
    private final Instant time;

    VerifyReport(List<CheckResult> findings, Instant time) {
        this("verify", findings, time);
    }

    /** @param goal the goal's name, {@code verify} or {@code audit}: names the files and the suite */
    VerifyReport(String goal, List<CheckResult> findings, Instant time) {
        this.goal = goal;
        this.findings = List.copyOf(findings);
        this.time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** {@code <goal>-report.json}. */
    String jsonFile() {
        return goal + "-report.json";
    }

    /** {@code TEST-jwt-<goal>.xml}. */
    String junitFile() {
        return "TEST-jwt-" + goal + ".xml";
    }

    List<CheckResult> findings() {
        return findings;
    }

    List<CheckResult> failures() {
        return findings.stream().filter(CheckResult::isFailure).toList();
    }

    long count(CheckResult.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    /** The summary a person reads at the end of the build. */
    String summary() {
        return "jwt:" + goal + ": " + count(CheckResult.Status.PASSED) + " passed, " + count(CheckResult.Status.FAILED)
                + " failed, " + count(CheckResult.Status.SKIPPED) + " skipped";
    }

    /** The build-failure message: a summary line, then every failure on its own line. */
    String failureMessage() {
        List<CheckResult> failures = failures();
        return summary() + ". Every problem:" + System.lineSeparator()
                + failures.stream().map(f -> "  " + f.line()).collect(Collectors.joining(System.lineSeparator()));
    }

    /** Writes {@link #jsonFile()} and {@link #junitFile()} into {@code directory}, each atomically. */
    void write(Path directory) throws IOException {
        AtomicFile.replace(directory.resolve(jsonFile()), toJson());
        AtomicFile.replace(directory.resolve(junitFile()), toJUnitXml());
    }

    String toJson() {
        StringBuilder json = new StringBuilder(256 + findings.size() * 200);
        json.append("{\n  \"goal\": ").append(quote("jwt:" + goal)).append(",\n  \"time\": ").append(quote(time.toString()))
                .append(",\n  \"passed\": ").append(count(CheckResult.Status.PASSED))
                .append(",\n  \"failed\": ").append(count(CheckResult.Status.FAILED))
                .append(",\n  \"skipped\": ").append(count(CheckResult.Status.SKIPPED))
                .append(",\n  \"findings\": [");
        for (int i = 0; i < findings.size(); i++) {
            CheckResult f = findings.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"status\": ").append(quote(f.status().name()))
                    .append(", \"source\": ").append(quote(f.source()))
                    .append(", \"location\": ").append(quote(f.location()))
                    .append(", \"check\": ").append(quote(f.check()))
                    .append(", \"detail\": ").append(quote(f.detail()))
                    .append(", \"fix\": ").append(quote(f.fix()))
                    .append('}');
        }
        json.append(findings.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return json.toString();
    }

    String toJUnitXml() {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", "jwt-" + goal);
            suite.setAttribute("tests", Integer.toString(findings.size()));
            suite.setAttribute("failures", Long.toString(count(CheckResult.Status.FAILED)));
            suite.setAttribute("errors", "0");
            suite.setAttribute("skipped", Long.toString(count(CheckResult.Status.SKIPPED)));
            suite.setAttribute("timestamp", time.toString());
            doc.appendChild(suite);
            for (CheckResult f : findings) {
                Element testcase = doc.createElement("testcase");
                testcase.setAttribute("classname", "jwt." + goal + "." + f.source());
                testcase.setAttribute("name", f.location().isEmpty() ? f.check() : f.location() + " [" + f.check() + "]");
                if (f.status() == CheckResult.Status.FAILED) {
                    Element failure = doc.createElement("failure");
                    failure.setAttribute("type", f.check());
                    failure.setAttribute("message", f.detail());
                    failure.setTextContent(f.line());
                    testcase.appendChild(failure);
                } else if (f.status() == CheckResult.Status.SKIPPED) {
                    Element skipped = doc.createElement("skipped");
                    skipped.setAttribute("message", f.detail());
                    testcase.appendChild(skipped);
                } else {
                    Element out = doc.createElement("system-out");
                    out.setTextContent(f.detail());
                    testcase.appendChild(out);
                }
                suite.appendChild(testcase);
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            // The JDK's own XML stack with default settings: failing here is a broken JDK.
            throw new IllegalStateException("JUnit XML report could not be built", e);
        }
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
