package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.audit.AuditHtmlReport;
import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit}: jwt:audit's engine against a live server, for admins without Maven. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Try every rule a server protecting Jamf Pro content must keep (no token, forged and tampered tokens, "
                + "claim rules, other spellings of the path) against one download URL; print the table. Exit status 0 when it "
                + "passes, 1 when it has a hole (with --strict, also a deviation)."})
final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "The download URL of one file, without a token.")
    String url;

    @Option(names = "--strict", description = "Fail on deviations too (tokens only the key holder could make).")
    boolean strict;

    @Option(names = "--allow-http", description = "Allow plain http to a loopback address (localhost, 127.x, ::1), for tests.")
    boolean allowHttp;

    @Option(names = "--private-key", paramLabel = "FILE",
            description = "The private key, so the cases that need a valid token run too (passphrase from "
                    + PrivateKeyFile.PASSPHRASE_ENV + ").")
    Path privateKey;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (verdict first, every case by severity, "
                    + "tokens redacted), e.g. audit-report.html.")
    Path html;

    private final PrintWriter out;

    AuditCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        ContentServerAudit.Builder audit = ContentServerAudit.builder();
        if (allowHttp) {
            audit.allowPlainHttpToLoopback();
        }
        if (privateKey != null) {
            audit.privateKey(PrivateKeyFile.read("--private-key", privateKey));
        } else {
            out.println("content-token: no --private-key: the cases that need a valid token are skipped");
        }
        AuditReport report;
        try {
            report = audit.build().run(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new BadInput("URL " + dev.securedcontent.jwt.core.ContentTokens.redactAll(e.getMessage())
                    + "; give the download URL of one file without a token, e.g. https://dp.example.com/apps/App.pkg");
        }
        out.println(report.summary(strict));
        report.table().forEach(line -> out.println("  " + line));
        for (AuditReport.Result r : report.results()) {
            if (r.verdict() == AuditReport.Verdict.FAILED) {
                out.println(r.auditCase().id() + ": " + r.detail() + " Fix: " + r.fix());
            }
        }
        if (html != null) {
            try {
                AuditHtmlReport.write(report, strict, Instant.now(), html);
            } catch (IOException e) {
                throw new BadInput("--html " + html + ": cannot be written (" + e.getClass().getSimpleName()
                        + "); choose a file in a directory this user can write");
            }
            out.println("content-token: report written to " + html);
        }
        return report.passes(strict) ? 0 : 1;
    }
}
