package dev.securedcontent.jwt.audit;

import dev.securedcontent.jwt.core.TokenParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link ContentServerAudit} run found: a result for every case, in order. Holds no
 * token: URLs and texts show at most a token's header and payload.
 */
public final class AuditReport {

    /** How a case came out. */
    public enum Verdict {
        /** The server kept the rule. */
        PASSED,
        /** The server broke the rule: the result's detail says how, its fix what to change. */
        FAILED,
        /** Not tried: the audit lacked what the case needs (the private key, a public key, a letter in the path). */
        SKIPPED
    }

    /**
     * One case's outcome.
     *
     * @param auditCase the case
     * @param verdict   passed, failed or skipped
     * @param status    the HTTP status the server answered, or 0 when there was none
     * @param detail    what was sent and what came back, or why the case was skipped
     * @param fix       what to change on the server; empty unless failed
     */
    public record Result(AuditCase auditCase, Verdict verdict, int status, String detail, String fix) {
        /** Refuses null components. */
        public Result {
            Objects.requireNonNull(auditCase, "auditCase");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(fix, "fix");
        }

        /** What the server must answer, in a few words for the table. */
        public String expected() {
            return switch (auditCase.expect()) {
                case SERVED -> "served";
                case SERVED_CONTENT -> "same bytes";
                case REFUSED -> "refused";
                case NOT_SERVED -> "not served";
                case NO_CONTENT -> "no content";
                case NOT_ECHOED_BACK -> "no 2xx echo";
                case NOT_ECHOED -> "not echoed";
            };
        }

        /** What the server answered, in a few words for the table. */
        public String got() {
            if (auditCase.expect() == AuditCase.Expect.NOT_ECHOED) {
                return verdict == Verdict.FAILED ? "echoed" : "none echoed";
            }
            return verdict == Verdict.SKIPPED ? "-" : status == 0 ? "no answer" : "HTTP " + status;
        }
    }

    private final String url;
    private final List<Result> results;

    AuditReport(String url, List<Result> results) {
        // Redacted here so that no way into a report (table, summary, toString) can show a token.
        this.url = TokenParameter.redact(url);
        this.results = List.copyOf(results);
    }

    /** The audited URL, without a token. */
    public String url() {
        return url;
    }

    /**
     * Every case tried or skipped, in the order of {@link AuditCase}.
     *
     * @return the results
     */
    public List<Result> results() {
        return results;
    }

    /**
     * The result of one case.
     *
     * @param auditCase the case
     * @return its result, or empty when the audit did not include the case
     */
    public Optional<Result> result(AuditCase auditCase) {
        return results.stream().filter(r -> r.auditCase() == auditCase).findFirst();
    }

    /** The failed cases of one severity. */
    public List<Result> failures(AuditCase.Severity severity) {
        return results.stream()
                .filter(r -> r.verdict() == Verdict.FAILED && r.auditCase().severity() == severity).toList();
    }

    /**
     * How many cases came out so.
     *
     * @param verdict the verdict to count
     * @return the number of results with it
     */
    public long count(Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    /**
     * Whether the server keeps every rule that counts: no failed baseline or hole case, and when
     * {@code strict}, no failed deviation either.
     */
    public boolean passes(boolean strict) {
        return failures(AuditCase.Severity.BASELINE).isEmpty() && failures(AuditCase.Severity.HOLE).isEmpty()
                && (!strict || failures(AuditCase.Severity.DEVIATION).isEmpty());
    }

    /** One line: the verdict first, then the counts. */
    public String summary(boolean strict) {
        int holes = failures(AuditCase.Severity.HOLE).size();
        int deviations = failures(AuditCase.Severity.DEVIATION).size();
        int baseline = failures(AuditCase.Severity.BASELINE).size();
        return (passes(strict) ? "PASS" : "FAIL") + " " + url + ": " + holes + (holes == 1 ? " hole, " : " holes, ")
                + deviations + (deviations == 1 ? " deviation" : " deviations")
                + (strict ? " (strict)" : "") + (baseline > 0 ? ", valid token not served (" + baseline + ")" : "")
                + "; " + count(Verdict.PASSED) + " passed, " + count(Verdict.FAILED) + " failed, "
                + count(Verdict.SKIPPED) + " skipped of " + results.size() + " cases";
    }

    /** The results as a fixed-width table: case, severity, expected, got, verdict. */
    public List<String> table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"case", "severity", "expected", "got", "verdict"});
        for (Result r : results) {
            rows.add(new String[] {r.auditCase().id(), r.auditCase().severity().name().toLowerCase(java.util.Locale.ROOT),
                    r.expected(), r.got(), r.verdict().name()});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public String toString() {
        return summary(false);
    }
}
