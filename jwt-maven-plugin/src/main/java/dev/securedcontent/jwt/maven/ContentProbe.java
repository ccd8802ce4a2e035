package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.audit.AuditCase;
import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.net.URI;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * jwt:verify's live probe: the audit's baseline and hole cases ({@link ContentServerAudit}) run
 * against each asset URL, plus, when the manifest or a local file says what the first bytes are,
 * a check that the server serves those bytes. Each case becomes a {@link CheckResult}.
 *
 * <p>Only URLs that passed the https check reach it. A token minted with the private key opens
 * every file on the server, so the private key is used only for a host the user named
 * ({@code jwt.urlPrefix}, {@code jwt.probeHosts}); elsewhere the probe uses the URL's own token,
 * if it verifies, and reports the rest SKIPPED with the property to set.
 */
final class ContentProbe {

    /** One download to probe; {@code url} may carry a token, which is used as the valid one when it verifies. */
    record Target(String source, String location, URI url, Optional<ContentServerAudit.ExpectedContent> expected) {}

    /** The cases the probe runs: every one an outsider could exploit, and the baseline that gives them meaning. */
    static final Set<AuditCase> CASES = Arrays.stream(AuditCase.values())
            .filter(c -> c.severity() != AuditCase.Severity.DEVIATION)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(AuditCase.class)));

    /** Appended to every hole the probe finds: Jamf Pro's own warning. */
    static final String HOLE = "this is the hole Jamf warns about (\"until the web server validates the requests, "
            + "unsecured downloads may still be possible\").";

    private final Duration timeout;
    private final long maxBytes;
    private final Set<String> namedHosts;
    private final boolean allowHttp;
    private final ContentTokenVerifier verifier;
    private final Optional<RSAPublicKey> publicKey;
    private final Optional<RSAPrivateCrtKey> privateKey;
    private final Clock clock;
    private final List<AuditReport> reports = new ArrayList<>();

    /**
     * @param timeout    the deadline of each request, from connecting to the last byte read
     * @param maxBytes   the most bytes read for the content check; a longer first chunk is not compared
     * @param namedHosts the hosts (lower case) the user named: only they receive tokens minted here
     * @param allowHttp  plain http to loopback is allowed (tests)
     * @param verifier   decides whether the URL's own token can serve as the valid one
     * @param publicKey  the server's public key, for the key-confusion case
     * @param privateKey mints valid, expired and tampered tokens, for named hosts only
     */
    ContentProbe(Duration timeout, long maxBytes, Set<String> namedHosts, boolean allowHttp,
            ContentTokenVerifier verifier, Optional<RSAPublicKey> publicKey, Optional<RSAPrivateCrtKey> privateKey,
            Clock clock) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.namedHosts = Set.copyOf(namedHosts);
        this.allowHttp = allowHttp;
        this.verifier = verifier;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /** The host as compared with the named hosts: lower case, without IPv6 brackets. */
    static String hostKey(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    void probe(Target target, List<CheckResult> out) {
        URI bare = TokenParameter.withoutToken(target.url());
        String location = target.location().isEmpty() ? TokenParameter.redact(bare) : target.location();
        String host = bare.getHost() == null ? "" : hostKey(bare.getHost());
        boolean mayMint = namedHosts.contains(host);

        ContentServerAudit.Builder audit = ContentServerAudit.builder().timeout(timeout).clock(clock).cases(CASES);
        if (allowHttp) {
            audit.allowPlainHttpToLoopback();
        }
        publicKey.ifPresent(audit::publicKey);
        ownValidToken(target.url()).ifPresent(audit::validToken);
        if (mayMint) {
            privateKey.ifPresent(audit::privateKey);
        }
        if (target.expected().isPresent()) {
            ContentServerAudit.ExpectedContent expected = target.expected().get();
            if (expected.length() <= maxBytes) {
                audit.expectedContent(expected);
            } else {
                out.add(CheckResult.skipped(target.source(), location, check(AuditCase.CONTENT_MATCHES), expected.origin()
                        + " is " + expected.length() + " bytes, more than jwt.probeMaxBytes (" + maxBytes + ") lets "
                        + "the probe read; set -Djwt.probeMaxBytes=" + expected.length() + " to compare it"));
            }
        }

        AuditReport report;
        try {
            report = audit.build().run(bare);
            reports.add(report);
        } catch (IllegalArgumentException e) {
            out.add(CheckResult.failed(target.source(), location, "probe", e.getMessage(),
                    "probe only https URLs (jwt.allowHttp=true allows http to localhost/127.0.0.1 in tests)."));
            return;
        }
        String notNamed = "tokens are minted only for hosts you name, and " + host + " is neither the jwt.urlPrefix "
                + "host nor in jwt.probeHosts; if this server is yours, add -Djwt.probeHosts=" + host;
        for (AuditReport.Result r : report.results()) {
            String check = check(r.auditCase());
            switch (r.verdict()) {
                case PASSED -> out.add(CheckResult.passed(target.source(), location, check, r.detail()));
                case FAILED -> out.add(CheckResult.failed(target.source(), location, check,
                        r.auditCase().severity() == AuditCase.Severity.HOLE ? r.detail() + "; " + HOLE : r.detail(),
                        r.fix()));
                case SKIPPED -> out.add(CheckResult.skipped(target.source(), location, check,
                        privateKey.isPresent() && !mayMint && !r.auditCase().outsider() ? notNamed : r.detail()));
            }
        }
    }

    /** The audit of every URL probed so far, in order. */
    List<AuditReport> reports() {
        return List.copyOf(reports);
    }

    private static String check(AuditCase c) {
        return "probe: " + c.id();
    }

    private Optional<String> ownValidToken(URI url) {
        Optional<String> own = TokenParameter.single(url);
        if (own.isPresent()) {
            try {
                verifier.verify(own.get());
                return own;
            } catch (TokenRejectedException e) {
                // Rejected tokens are reported by the token checks; probe without it.
            }
        }
        return Optional.empty();
    }
}
