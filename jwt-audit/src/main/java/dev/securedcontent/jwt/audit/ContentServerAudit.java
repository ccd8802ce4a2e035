package dev.securedcontent.jwt.audit;

import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.internal.DownloadUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Proves that a live web server enforces Jamf Pro content tokens on one download URL: one request
 * per {@link AuditCase} (no token, forged and tampered tokens, tokens that break one claim rule,
 * other spellings of the path), each judged against the rule it tests.
 *
 * <pre>{@code
 * AuditReport report = ContentServerAudit.builder()
 *         .privateKey(RsaKeys.readPrivateKey(Path.of("jamf-content.key.pem")))
 *         .build()
 *         .run(URI.create("https://downloads.example.com/apps/App.pkg"));
 * report.table().forEach(System.out::println);
 * assert report.passes(true);
 * }</pre>
 *
 * <p>Requests go only to the given URL's host, follow no redirect, end within the timeout each
 * and read at most {@value #MAX_BODY_BYTES} body bytes. Immutable and thread-safe; each
 * {@link #run} makes its own tokens.
 */
public final class ContentServerAudit {

    /** The most body bytes read per response: enough to see an echoed token, not a download. */
    public static final int MAX_BODY_BYTES = 4096;
    /** Default deadline of each request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<RSAPrivateCrtKey> privateKey;
    private final Optional<RSAPublicKey> publicKey;
    private final Duration timeout;
    private final boolean allowHttp;
    private final Clock clock;
    private final Set<AuditCase> cases;
    private final Optional<String> validToken;
    private final Optional<ExpectedContent> expectedContent;

    /**
     * The bytes a valid request must return: the first {@code length} bytes hash to {@code hex}.
     *
     * @param algorithm a {@link MessageDigest} algorithm: {@code SHA-256}, {@code MD5}
     * @param origin    where the hash comes from, for messages: {@code the manifest's first sha256s chunk}
     */
    public record ExpectedContent(String algorithm, long length, String hex, String origin) {
        /** Refuses null values and a length below 1 byte. */
        public ExpectedContent {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(hex, "hex");
            Objects.requireNonNull(origin, "origin");
            if (length < 1) {
                throw new IllegalArgumentException("length is " + length + "; give at least 1 byte");
            }
            try {
                MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("no digest " + algorithm + " in this JDK; use SHA-256 or MD5", e);
            }
        }
    }

    private ContentServerAudit(Builder b) {
        this.privateKey = Optional.ofNullable(b.privateKey);
        this.publicKey = Optional.ofNullable(b.publicKey);
        this.timeout = b.timeout;
        this.allowHttp = b.allowHttp;
        this.clock = b.clock;
        this.cases = EnumSet.copyOf(b.cases);
        this.validToken = Optional.ofNullable(b.validToken);
        this.expectedContent = Optional.ofNullable(b.expectedContent);
    }

    /**
     * A builder with every case, a 10 s timeout per request and the system clock.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Audits the server behind {@code url} (https, or http to loopback when allowed; without a token).
     *
     * @throws IllegalArgumentException naming the URL and the fix when it cannot be audited
     */
    public AuditReport run(URI url) {
        URI target = checked(url);
        TokenForge forge = new TokenForge(clock, privateKey, publicKey, validToken);
        BoundedExchange exchange = new BoundedExchange(BoundedExchange.newClient(timeout), timeout, MAX_BODY_BYTES);
        Map<AuditCase, AuditReport.Result> results = new EnumMap<>(AuditCase.class);
        List<String> echoedIn = new ArrayList<>();
        for (AuditCase c : cases) {
            boolean contentUnknown = c.range() == AuditCase.Range.EXPECTED_CONTENT && expectedContent.isEmpty();
            if (c.method() != AuditCase.Method.NONE && !contentUnknown) {
                results.put(c, runCase(c, target, forge, exchange, echoedIn));
            }
        }
        // Cases without a request of their own are judged over the answers to all the others.
        for (AuditCase c : cases) {
            if (c.method() == AuditCase.Method.NONE) {
                results.put(c, judgeEchoes(c, echoedIn));
            }
        }
        return new AuditReport(target.toString(), List.copyOf(results.values()));
    }

    private AuditReport.Result runCase(AuditCase c, URI url, TokenForge forge, BoundedExchange exchange,
            List<String> echoedIn) {
        if (!c.needs().metBy(forge)) {
            return skipped(c, c.needs().missing);
        }
        Optional<String> token = forge.tokenFor(c);
        Optional<URI> requestUrl = requestUrl(c, url, token);
        if (requestUrl.isEmpty()) {
            return skipped(c, "the path's last segment has no letter to change");
        }
        HttpRequest request = request(c, requestUrl.get());
        BoundedExchange.Answer answer;
        try {
            answer = c.expect() == AuditCase.Expect.SERVED_CONTENT
                    ? exchange.send(request, expectedContent.orElseThrow().length(), digest(expectedContent.get()))
                    : exchange.send(request);
        } catch (IOException e) {
            return new AuditReport.Result(c, AuditReport.Verdict.FAILED, 0, "no answer from the server: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "check the URL and that the server is reachable; every case needs an answer.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AuditReport.Result(c, AuditReport.Verdict.FAILED, 0, "interrupted", "run the audit again.");
        }
        boolean echoed = token.isPresent() && echoes(answer, token.get());
        if (echoed) {
            echoedIn.add(c.id());
        }
        if (c.path() != AuditCase.PathVariant.AS_GIVEN && forge.hasValidToken()) {
            probeEcho(c, url, forge, exchange, echoedIn);
        }
        return switch (c.expect()) {
            case SERVED -> judgeServed(c, answer);
            case SERVED_CONTENT -> judgeContent(c, answer, expectedContent.orElseThrow());
            case REFUSED -> judgeRefused(c, answer);
            case NOT_SERVED -> judgeNotServed(c, answer);
            case NO_CONTENT -> judgeNoContent(c, answer);
            case NOT_ECHOED_BACK -> judgeEchoedBack(c, answer, echoed);
            case NOT_ECHOED -> throw new IllegalStateException(c.id() + " sends no request of its own; Method.NONE");
        };
    }

    /**
     * The path variant once more, with a valid token, for {@link AuditCase#TOKEN_NOT_ECHOED} only: a
     * server's own error page for such a path (a check it never reached) may show the whole URL. Its
     * status proves nothing: the file served by another spelling with a valid token is no hole.
     */
    private void probeEcho(AuditCase c, URI url, TokenForge forge, BoundedExchange exchange, List<String> echoedIn) {
        Optional<String> token = forge.tokenFor(AuditCase.VALID_GET);
        Optional<URI> requestUrl = requestUrl(c, url, token);
        if (requestUrl.isEmpty()) {
            return;
        }
        try {
            if (echoes(exchange.send(request(c, requestUrl.get())), token.orElseThrow())) {
                echoedIn.add(c.id() + " (with a valid token)");
            }
        } catch (IOException e) {
            // The variant's own request already reported whether the server answers.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MessageDigest digest(ExpectedContent expected) {
        try {
            return MessageDigest.getInstance(expected.algorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("checked when ExpectedContent was made", e);
        }
    }

    private static AuditReport.Result judgeContent(AuditCase c, BoundedExchange.Answer answer, ExpectedContent expected) {
        int status = answer.status();
        if (status != 200 && status != 206) {
            return judgeServed(c, answer);
        }
        if (answer.brokenOff().isPresent()) {
            return new AuditReport.Result(c, AuditReport.Verdict.FAILED, status, "answered HTTP " + status
                    + " but sent only " + answer.bytes() + " of " + expected.length() + " bytes: "
                    + answer.brokenOff().get(), "make the web server send the whole file promptly (devices fail on a "
                    + "stalled download too), or allow more time for a slow link.");
        }
        String served = status == 206 ? "served " + answer.bytes() + " bytes (206 Partial Content)"
                : "served " + answer.bytes() + " bytes (200; the server ignored Range)";
        if (answer.bytes() == expected.length() && answer.hex().equalsIgnoreCase(expected.hex())) {
            return new AuditReport.Result(c, AuditReport.Verdict.PASSED, status, served + "; their "
                    + expected.algorithm() + " matches " + expected.origin(), "");
        }
        return new AuditReport.Result(c, AuditReport.Verdict.FAILED, status, served + " but their "
                + expected.algorithm() + " is " + answer.hex() + " where " + expected.origin() + " gives "
                + expected.hex() + " for the first " + expected.length() + " bytes",
                "deploy the same file to the web server, or make the manifest again from the deployed file.");
    }

    private static AuditReport.Result judgeEchoedBack(AuditCase c, BoundedExchange.Answer answer, boolean echoed) {
        int status = answer.status();
        boolean failed = echoed && status >= 200 && status < 300;
        String got = "HTTP " + status;
        return failed
                ? new AuditReport.Result(c, AuditReport.Verdict.FAILED, status, "answered, " + got
                        + ", with the token in the response: every cache, proxy and script that sees it gets the token",
                        c.fix())
                : new AuditReport.Result(c, AuditReport.Verdict.PASSED, status,
                        (echoed ? "refused, " : "the token not echoed, ") + got, "");
    }

    private static AuditReport.Result judgeEchoes(AuditCase c, List<String> echoedIn) {
        return echoedIn.isEmpty()
                ? new AuditReport.Result(c, AuditReport.Verdict.PASSED, 0, "no response showed the token it was sent", "")
                : new AuditReport.Result(c, AuditReport.Verdict.FAILED, 0,
                        "the token sent came back in the response to " + String.join(", ", echoedIn)
                                + "; a response that shows the token hands it to every cache and log on the way",
                        c.fix());
    }

    private static AuditReport.Result judgeServed(AuditCase c, BoundedExchange.Answer answer) {
        int status = answer.status();
        boolean ok = isOk(status);
        String got = got(answer);
        String detail = ok ? "served, " + got + (c.range() != AuditCase.Range.NONE && status == 200
                        ? "; the server ignored Range" : "")
                : c.shape().map(shape -> got + " to a valid token in a shape Jamf Pro may send (" + shape
                        + "): downloads carrying such a token fail")
                        .orElseGet(() -> got + " to a valid token" + (status == 401 || status == 403
                                ? ": the server does not accept the key that signs the tokens" : ""));
        return verdict(c, !ok, status, detail);
    }

    private static AuditReport.Result judgeRefused(AuditCase c, BoundedExchange.Answer answer) {
        int status = answer.status();
        boolean ok = isOk(status);
        boolean redirect = isRedirect(status);
        String got = got(answer);
        String detail = ok ? "served, " + got + ": " + (c.severity() == AuditCase.Severity.HOLE
                        ? "anyone can get the content this way" : "the server accepts what Jamf Pro never signs")
                : redirect ? "redirected, " + got + ", instead of refusing; a redirect may lead to an unprotected copy"
                : "refused, " + got;
        return verdict(c, ok || redirect, status, detail);
    }

    private static AuditReport.Result judgeNotServed(AuditCase c, BoundedExchange.Answer answer) {
        int status = answer.status();
        boolean ok = isOk(status);
        String got = got(answer);
        String detail = ok ? "served without a token, " + got + ": this spelling of the path bypasses the check"
                : (isRedirect(status) ? "redirected (not followed), " : "not served, ") + got;
        return verdict(c, ok, status, detail);
    }

    private static AuditReport.Result judgeNoContent(AuditCase c, BoundedExchange.Answer answer) {
        int status = answer.status();
        boolean content = isOk(status) && answer.body().length > 0;
        String got = got(answer);
        String detail = content ? "served " + answer.body().length + "+ bytes without a token, " + got
                : "no content, " + got;
        return verdict(c, content, status, detail);
    }

    private static boolean isOk(int status) {
        return status >= 200 && status < 300;
    }

    private static boolean isRedirect(int status) {
        return status >= 300 && status < 400;
    }

    /** The status for messages, and why the answer broke off if it did. */
    private static String got(BoundedExchange.Answer answer) {
        return "HTTP " + answer.status() + answer.brokenOff().map(why -> " (" + why + ")").orElse("");
    }

    private static AuditReport.Result verdict(AuditCase c, boolean failed, int status, String detail) {
        return new AuditReport.Result(c, failed ? AuditReport.Verdict.FAILED : AuditReport.Verdict.PASSED, status,
                detail, failed ? c.fix() : "");
    }

    /** Whether the answer shows the token: its signature, or the whole token when it has none. */
    private static boolean echoes(BoundedExchange.Answer answer, String token) {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String needle = signature.length() >= 16 ? signature : token;
        if (needle.length() < 16) {
            return false;
        }
        for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                if (value.contains(needle)) {
                    return true;
                }
            }
        }
        return new String(answer.body(), StandardCharsets.ISO_8859_1).contains(needle);
    }

    /** The case's request: its method and Range header, to {@code url}. */
    private HttpRequest request(AuditCase c, URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .method(c.method().name(), HttpRequest.BodyPublishers.noBody());
        c.range().header(expectedContent).ifPresent(range -> b.header("Range", range));
        return b.build();
    }

    /** The URL the case requests: the target with the case's token, and the case's spelling of its path. */
    private static Optional<URI> requestUrl(AuditCase c, URI url, Optional<String> token) {
        return c.path().spell(url.getRawPath()).map(path -> {
            String query = url.getRawQuery();
            String fullQuery = token.map(t -> (query == null ? "" : query + "&") + ContentTokens.QUERY_PARAMETER + "=" + t)
                    .orElse(query);
            return URI.create(url.getScheme() + "://" + url.getRawAuthority() + path
                    + (fullQuery == null ? "" : "?" + fullQuery));
        });
    }

    private static AuditReport.Result skipped(AuditCase c, String why) {
        return new AuditReport.Result(c, AuditReport.Verdict.SKIPPED, 0, why, "");
    }

    private URI checked(URI url) {
        Objects.requireNonNull(url, "url");
        if (!DownloadUrls.isHttpWithHost(url)) {
            throw new IllegalArgumentException("'" + shown(url) + "' is not an absolute https URL with a host; "
                    + "give the download URL of one file, e.g. https://downloads.example.com/apps/App.pkg");
        }
        if (!DownloadUrls.mayCarryToken(url, allowHttp)) {
            throw new IllegalArgumentException("'" + shown(url) + "' is plain http; the audit sends tokens only over "
                    + "https (plain http only to localhost/127.x/::1 when allowed, for tests)");
        }
        // Any spelling a server may read as the token (Token=, %74oken=, after a ;), not just token=.
        if (!TokenParameter.rawValues(url).isEmpty() || !TokenParameter.redact(url).equals(url.toString())) {
            throw new IllegalArgumentException("'" + shown(url) + "' carries a token; give the URL without ?"
                    + ContentTokens.QUERY_PARAMETER + "=..., the audit sends its own tokens");
        }
        String path = url.getRawPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException("'" + shown(url) + "' names no file; give the URL of one download, "
                    + "e.g. https://downloads.example.com/apps/App.pkg");
        }
        return url;
    }

    /** The URL for a message: scheme, host and path only, so no token or secret in a query is shown. */
    private static String shown(URI url) {
        return url.getRawQuery() == null ? url.toString()
                : url.toString().substring(0, url.toString().indexOf('?')) + "?...";
    }

    /** Configures a {@link ContentServerAudit}. */
    public static final class Builder {
        private RSAPrivateCrtKey privateKey;
        private RSAPublicKey publicKey;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean allowHttp;
        private Clock clock = Clock.systemUTC();
        private Set<AuditCase> cases = EnumSet.allOf(AuditCase.class);
        private String validToken;
        private ExpectedContent expectedContent;

        private Builder() {}

        /**
         * A token the server accepts (say, from a signed URL), for the cases that derive from a
         * valid token when there is no private key. Never shown: reports show no token.
         * Default: none; with the private key a fresh one is minted instead.
         */
        public Builder validToken(String validToken) {
            this.validToken = Objects.requireNonNull(validToken, "validToken");
            return this;
        }

        /**
         * The first bytes the file must have: adds {@link AuditCase#CONTENT_MATCHES}, which reads
         * {@code expected.length()} bytes (the caller bounds it) into a digest. Default: not checked.
         */
        public Builder expectedContent(ExpectedContent expected) {
            this.expectedContent = Objects.requireNonNull(expected, "expected");
            return this;
        }

        /**
         * The private key Jamf Pro signs with: enables the cases that need a valid token. Default:
         * none, and those cases are skipped.
         */
        public Builder privateKey(RSAPrivateCrtKey privateKey) {
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** The server's public key, for the HS256 key-confusion case. Default: the private key's public half. */
        public Builder publicKey(RSAPublicKey publicKey) {
            this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
            return this;
        }

        /** Deadline of each request, from connecting to the last byte read. Default: 10 seconds. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout is " + timeout + "; give a positive duration, e.g. PT10S");
            }
            this.timeout = timeout;
            return this;
        }

        /** Unsafe opt-in, for tests: allow plain http to loopback hosts. Default: https only. */
        public Builder allowPlainHttpToLoopback() {
            this.allowHttp = true;
            return this;
        }

        /** The clock the tokens' exp and nbf are set from. Default: the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs only these cases. Default: all of {@link AuditCase}. */
        public Builder cases(Set<AuditCase> cases) {
            if (cases.isEmpty()) {
                throw new IllegalArgumentException("no cases to run; give at least one AuditCase");
            }
            this.cases = EnumSet.copyOf(cases);
            return this;
        }

        /**
         * The audit, ready to run against any number of URLs.
         *
         * @return the audit
         */
        public ContentServerAudit build() {
            return new ContentServerAudit(this);
        }
    }
}
