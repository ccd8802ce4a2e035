package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.audit.AuditCase;
import dev.securedcontent.jwt.audit.AuditHtmlReport;
import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Audits a live web server: tries every rule a server protecting Jamf Pro content must keep (no
 * token, forged and tampered tokens, claim rules, other spellings of the path) against one
 * download URL, prints a table with the verdict first, writes {@code audit-report.json},
 * {@code TEST-jwt-audit.xml} and {@code audit-report.html}, and fails the build on any hole (and, with {@code jwt.audit.strict},
 * on any deviation).
 *
 * <p>With the private key (same sources as jwt:sign) every case runs; without it the cases that
 * need a valid token are skipped, and the log says which.
 */
@Mojo(name = "audit", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public class AuditMojo extends AbstractJwtMojo {

    /** The download URL of one file on the server, without a token: {@code https://host/apps/App.pkg}. */
    @Parameter(property = "jwt.url")
    private String url;

    /** Fail on deviations too (tokens only the key holder could make), not only on holes. */
    @Parameter(property = "jwt.audit.strict", defaultValue = "false")
    private boolean strict;

    /** Deadline of each request, from connecting to the last byte read: minutes or ISO-8601 ({@code PT10S}). */
    @Parameter(property = "jwt.audit.timeout", defaultValue = "PT10S")
    private String timeout;

    /** Allow plain http to loopback hosts (localhost, 127.x, ::1): for tests only. */
    @Parameter(property = "jwt.allowHttp", defaultValue = "false")
    private boolean allowHttp;

    /**
     * The server's public key, for the HS256 key-confusion case (its first key is used). Default:
     * the public half of the private key; without either, that case is skipped.
     */
    @Parameter(property = "jwt.publicKeyFiles")
    private List<File> publicKeyFiles;

    /** Where audit-report.json and TEST-jwt-audit.xml are written. */
    @Parameter(property = "jwt.reportDirectory", defaultValue = "${project.build.directory}/jwt")
    private File reportDirectory;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        reportDirectory = resolved(reportDirectory);
        if (PrivateKeySource.isBlank(url)) {
            throw new MojoFailureException("jwt:audit has no URL to audit. Fix: pass -Djwt.url=https://host/path/file.pkg "
                    + "(the download URL of one file, without a token), or set <url> in the plugin configuration.");
        }
        Duration deadline = DurationSetting.parse("jwt.audit.timeout", timeout);
        if (deadline.isZero()) {
            throw new MojoFailureException("jwt.audit.timeout is 0. Fix: give a positive timeout, e.g. PT10S.");
        }
        DownloadUrl target = DownloadUrl.parse(url);
        if (!target.isValid()) {
            throw new MojoFailureException("jwt.url: " + target.problem() + ". Fix: give the download URL of one file, "
                    + "e.g. -Djwt.url=https://downloads.example.com/apps/App.pkg.");
        }

        ContentServerAudit.Builder audit = ContentServerAudit.builder().timeout(deadline);
        if (allowHttp) {
            audit.allowPlainHttpToLoopback();
        }
        PrivateKeySource source = privateKeySource();
        Optional<PrivateKeySource.LoadedKey> privateKey = source.loadIfPresent();
        privateKey.ifPresent(k -> audit.privateKey(k.key()));
        publicKey().ifPresent(audit::publicKey);
        if (privateKey.isEmpty()) {
            getLog().warn("No private key (" + source.describeLookup() + "): the cases that need a valid token are "
                    + "skipped (" + Arrays.stream(AuditCase.values()).filter(c -> !c.outsider())
                            .map(AuditCase::id).collect(Collectors.joining(", ")) + ").");
        }

        AuditReport report;
        try {
            report = audit.build().run(target.url());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("jwt.url: " + e.getMessage() + ".", e);
        }

        boolean passes = report.passes(strict);
        String summary = "jwt:audit " + report.summary(strict);
        if (passes) {
            getLog().info(summary);
        } else {
            getLog().error(summary);
        }
        for (String line : report.table()) {
            getLog().info("  " + line);
        }
        List<CheckResult> findings = new ArrayList<>();
        for (AuditReport.Result r : report.results()) {
            CheckResult f = finding(report.url(), r);
            findings.add(f);
            if (r.verdict() == AuditReport.Verdict.FAILED) {
                if (blocks(r)) {
                    getLog().error(f.line());
                } else {
                    getLog().warn(f.line() + " (a deviation: fails the build with -Djwt.audit.strict=true)");
                }
            }
        }
        VerifyReport files = new VerifyReport("audit", findings, Clock.systemUTC().instant());
        Path reports = reportDirectory.toPath();
        try {
            files.write(reports);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("Could not write the audit report to " + reports + ": " + e.getMessage(), e);
        }
        Path page = reports.resolve(AuditHtmlReport.FILE_NAME);
        try {
            AuditHtmlReport.write(report, strict, Clock.systemUTC().instant(), page);
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write the audit report to " + page + ": " + e.getMessage(), e);
        }
        getLog().info("Reports: " + reports.resolve(files.jsonFile()) + ", " + reports.resolve(files.junitFile()) + ", " + page);
        if (!passes) {
            throw new MojoFailureException(summary + ". Every problem:" + System.lineSeparator()
                    + findings.stream().filter(CheckResult::isFailure)
                            .filter(f -> strict || !f.location().equals(severityName(AuditCase.Severity.DEVIATION)))
                            .map(f -> "  " + f.line()).collect(Collectors.joining(System.lineSeparator())));
        }
    }

    private boolean blocks(AuditReport.Result r) {
        return strict || r.auditCase().severity() != AuditCase.Severity.DEVIATION;
    }

    /** One case as a finding: source the URL, location the severity, check the case's name. */
    static CheckResult finding(String url, AuditReport.Result r) {
        String severity = severityName(r.auditCase().severity());
        String detail = "expected " + r.expected() + " (" + r.auditCase().rule() + "); " + r.detail();
        return switch (r.verdict()) {
            case PASSED -> CheckResult.passed(url, severity, r.auditCase().id(), detail);
            case FAILED -> CheckResult.failed(url, severity, r.auditCase().id(), detail, r.fix());
            case SKIPPED -> CheckResult.skipped(url, severity, r.auditCase().id(), r.detail());
        };
    }

    private static String severityName(AuditCase.Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    private Optional<RSAPublicKey> publicKey() throws MojoFailureException, MojoExecutionException {
        for (File f : publicKeyFiles == null ? List.<File>of() : publicKeyFiles) {
            try {
                List<RSAPublicKey> keys = RsaKeys.readPublicKeys(f.toPath());
                if (!keys.isEmpty()) {
                    return Optional.of(keys.get(0));
                }
            } catch (KeyFileException e) {
                if (e.getCause() instanceof IOException || e.getCause() instanceof UncheckedIOException) {
                    throw new MojoExecutionException(e.getMessage(), e);
                }
                throw new MojoFailureException(e.getMessage() + " (jwt.publicKeyFiles)", e);
            }
        }
        return Optional.empty();
    }
}
