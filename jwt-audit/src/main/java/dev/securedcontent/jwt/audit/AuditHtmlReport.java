package dev.securedcontent.jwt.audit;

import dev.securedcontent.jwt.core.ContentTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An {@link AuditReport} as one self-contained HTML page (inline CSS, no script, no external
 * asset), beside the JSON and JUnit XML: the verdict first, inside the first screen, then every
 * case grouped by severity with what was sent, what came back and the fix, and last the column of
 * the conformance matrix ({@link ConformanceMatrix#bundled()}) whose verdicts most often equal this
 * server's, linked to its page, with the cases where they differ. Every text on the page
 * passes through {@link ContentTokens#redactAll(String)}: a token shows as
 * {@code header.payload.<redacted>}, never with its signature.
 */
public final class AuditHtmlReport {
    /** The name the reports give the page: {@code audit-report.html}. */
    public static final String FILE_NAME = "audit-report.html";

    /** The style of the report and of the conformance matrix's page ({@link ConformanceMatrix#page}). */
    static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
            main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
            #verdict{padding:18px 24px;border-radius:10px;color:#fff;margin:0 0 16px}
            #verdict.pass{background:#1e7b34}#verdict.fail{background:#b3261e}#verdict.info{background:#1d4f91}
            #verdict h1{margin:0;font-size:30px;letter-spacing:.02em}#verdict p{margin:6px 0 0;font-size:16px}
            .meta{color:#555;margin:0 0 20px;font-size:13px}
            h2{font-size:19px;margin:28px 0 4px}h2 small{font-weight:normal;color:#555;font-size:14px}
            .about{margin:0 0 10px;color:#444;font-size:14px}
            table{border-collapse:collapse;width:100%;background:#fff;font-size:13.5px}
            th,td{border:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
            th{background:#f0f0f0}td.id{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
            tr.FAILED td.v,td.v.FAILED{background:#fde7e6;color:#8c1d18;font-weight:600}
            tr.PASSED td.v,td.v.PASSED{background:#e6f4ea;color:#1e5b2c}tr.SKIPPED td.v,td.v.SKIPPED{color:#666}
            main.wide{max-width:none}table.matrix td.v{white-space:nowrap}table.matrix th code{word-break:normal}a{color:#0b57d0}
            .fix{color:#8c1d18}code{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
            """;

    private AuditHtmlReport() {}

    /**
     * The page.
     *
     * @param report the audit's results
     * @param strict whether deviations fail (as the audit was run)
     * @param time   when the audit ran
     * @return the HTML, UTF-8 text
     */
    public static String render(AuditReport report, boolean strict, Instant time) {
        Objects.requireNonNull(report, "report");
        boolean passes = report.passes(strict);
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(text((passes ? "PASS " : "FAIL ") + report.url())).append(" - content token audit</title>")
                .append("<style>").append(STYLE).append("</style></head><body><main>\n");
        html.append("<header id=\"verdict\" class=\"").append(passes ? "pass" : "fail").append("\"><h1>")
                .append(passes ? "PASS" : "FAIL").append(": ").append(text(report.url())).append("</h1><p>")
                .append(text(report.summary(strict))).append("</p></header>\n");
        html.append("<p class=\"meta\">Content token audit, ").append(text(time.toString()))
                .append(strict ? ", strict (deviations fail)" : ", deviations warn (strict off)")
                .append(". Every token shown as header.payload.&lt;redacted&gt;.</p>\n");
        for (AuditCase.Severity severity : List.of(AuditCase.Severity.HOLE, AuditCase.Severity.BASELINE, AuditCase.Severity.DEVIATION)) {
            List<AuditReport.Result> results = report.results().stream().filter(r -> r.auditCase().severity() == severity)
                    .sorted(Comparator.comparing(r -> r.verdict() != AuditReport.Verdict.FAILED))
                    .toList();
            if (results.isEmpty()) {
                continue;
            }
            long failed = results.stream().filter(r -> r.verdict() == AuditReport.Verdict.FAILED).count();
            html.append("<section id=\"").append(severity.name().toLowerCase(Locale.ROOT)).append("\"><h2>")
                    .append(title(severity)).append(" <small>").append(failed).append(" failed of ").append(results.size())
                    .append("</small></h2><p class=\"about\">").append(about(severity, strict)).append("</p>\n")
                    .append("<table><thead><tr><th>case</th><th>sent (the rule)</th><th>expected</th><th>came back</th>")
                    .append("<th>verdict</th><th>detail and fix</th></tr></thead><tbody>\n");
            for (AuditReport.Result r : results) {
                html.append("<tr class=\"").append(r.verdict().name()).append("\"><td class=\"id\">").append(text(r.auditCase().id()))
                        .append("</td><td>").append(text(r.auditCase().rule())).append("</td><td>").append(text(r.expected()))
                        .append("</td><td>").append(text(r.got())).append("</td><td class=\"v\">").append(r.verdict().name())
                        .append("</td><td>").append(text(r.detail()));
                if (!r.fix().isEmpty()) {
                    html.append("<div class=\"fix\"><b>Fix:</b> ").append(text(r.fix())).append("</div>");
                }
                html.append("</td></tr>\n");
            }
            html.append("</tbody></table></section>\n");
        }
        closest(html, report, ConformanceMatrix.bundled());
        return html.append("</main></body></html>\n").toString();
    }

    /*
     * The conformance matrix's column whose verdicts most often equal this server's, linked to its
     * page, with the cases where they differ.
     */
    static void closest(StringBuilder html, AuditReport report, ConformanceMatrix matrix) {
        ConformanceMatrix.Closest closest = matrix.closest(report);
        if (closest == null) {
            return;
        }
        ConformanceMatrix.Column column = closest.column();
        URI link = column.link();
        html.append("<section id=\"closest\"><h2>Closest in the conformance matrix <small>")
                .append(ConformanceMatrix.titleLink(column, link == null ? null : link.toString())).append(": ")
                .append(closest.equal()).append(" of ").append(closest.compared()).append(" verdicts equal</small></h2>")
                .append("<p class=\"about\">The project runs this audit against every enforcement point it tests (")
                .append("<a href=\"").append(ConformanceMatrix.DOCS.resolve("conformance-matrix.html"))
                .append("\">the conformance matrix</a>); of its columns, this server's verdicts are most often those of ")
                .append(ConformanceMatrix.titleLink(column, link == null ? null : link.toString())).append('.');
        if (!closest.tied().isEmpty()) {
            html.append(" As many are equal in: ").append(closest.tied().stream().map(c -> ConformanceMatrix.markdown(c.title()))
                    .collect(Collectors.joining(", "))).append('.');
        }
        html.append(" Equal verdicts by column: ").append(closest.scores().entrySet().stream()
                .map(e -> ConformanceMatrix.markdown(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")))
                .append(".</p>\n");
        List<AuditReport.Result> differ = report.results().stream().filter(r -> {
            ConformanceMatrix.Cell cell = column.cells().get(r.auditCase().id());
            return cell != null && cell.verdict() != r.verdict() && r.verdict() != AuditReport.Verdict.SKIPPED
                    && cell.verdict() != AuditReport.Verdict.SKIPPED;
        }).toList();
        if (differ.isEmpty()) {
            html.append("<p class=\"about\">Every verdict compared is the same as that column's.</p></section>\n");
            return;
        }
        html.append("<table><thead><tr><th>case</th><th>severity</th><th>this server</th><th>")
                .append(ConformanceMatrix.markdown(column.title())).append("</th></tr></thead><tbody>\n");
        for (AuditReport.Result r : differ) {
            ConformanceMatrix.Cell cell = column.cells().get(r.auditCase().id());
            html.append("<tr><td class=\"id\">").append(text(r.auditCase().id())).append("</td><td>")
                    .append(r.auditCase().severity().name().toLowerCase(Locale.ROOT)).append("</td><td class=\"v ")
                    .append(r.verdict().name()).append("\">").append(r.verdict().name()).append(" (").append(text(r.got()))
                    .append(")</td><td class=\"v ").append(cell.verdict().name()).append("\">").append(cell.verdict().name())
                    .append(cell.got().isEmpty() ? "" : " (" + text(cell.got()) + ")").append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    /**
     * Writes {@link #render} to {@code file} (its directory created).
     *
     * @param report the audit's results
     * @param strict whether deviations fail
     * @param time   when the audit ran
     * @param file   the page's path, e.g. {@code target/jwt-reports/audit-report.html}
     * @throws IOException when it cannot be written
     */
    public static void write(AuditReport report, boolean strict, Instant time, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(report, strict, time), StandardCharsets.UTF_8);
    }

    private static String title(AuditCase.Severity severity) {
        return switch (severity) {
            case HOLE -> "Holes";
            case BASELINE -> "Baseline";
            case DEVIATION -> "Deviations";
        };
    }

    private static String about(AuditCase.Severity severity, boolean strict) {
        return switch (severity) {
            case HOLE -> "An outsider without the private key gets content. Each one fails the audit.";
            case BASELINE -> "A valid token must be served; when it is not, no refusal proves anything. Each one fails the audit.";
            case DEVIATION -> "Only the key holder could send these: a token Jamf Pro never signs, or a valid one in a shape it may "
                    + "send. " + (strict ? "Each one fails the audit (strict)." : "Warnings (they fail with strict).");
        };
    }

    /* Redacted, then escaped for HTML. */
    static String text(String value) {
        String safe = ContentTokens.redactAll(value);
        StringBuilder out = new StringBuilder(safe.length() + 16);
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
