package dev.securedcontent.jwt.audit;

import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.TokenParameter;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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
 *         .privateKey(PemKeys.readPrivateKey(Path.of("jamf-content.key.pem")))
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
        List<AuditReport.Result> results = new ArrayList<>();
        List<String> echoedIn = new ArrayList<>();
        for (AuditCase c : AuditCase.values()) {
            if (!cases.contains(c) || c == AuditCase.TOKEN_NOT_ECHOED
                    || c == AuditCase.CONTENT_MATCHES && expectedContent.isEmpty()) {
                continue;
            }
            results.add(runCase(c, target, forge, exchange, echoedIn));
        }
        if (cases.contains(AuditCase.TOKEN_NOT_ECHOED)) {
            results.add(echoedIn.isEmpty()
                    ? new AuditReport.Result(AuditCase.TOKEN_NOT_ECHOED, AuditReport.Verdict.PASSED, 0,
                            "no response showed the token it was sent", "")
                    : new AuditReport.Result(AuditCase.TOKEN_NOT_ECHOED, AuditReport.Verdict.FAILED, 0,
                            "the token sent came back in the response to " + String.join(", ", echoedIn)
                                    + "; a response that shows the token hands it to every cache and log on the way",
                            fixFor(AuditCase.TOKEN_NOT_ECHOED)));
        }
        return new AuditReport(target.toString(), results);
    }

    private AuditReport.Result runCase(AuditCase c, URI url, TokenForge forge, BoundedExchange exchange,
            List<String> echoedIn) {
        if (c.needs() == AuditCase.Needs.PRIVATE_KEY && !forge.hasPrivateKey()) {
            return skipped(c, "needs the private key that signs the content tokens");
        }
        if (c.needs() == AuditCase.Needs.VALID_TOKEN && !forge.hasValidToken()) {
            return skipped(c, "needs a valid token: the private key, or a token the server accepts");
        }
        if (c.needs() == AuditCase.Needs.PUBLIC_KEY && !forge.hasPublicKey()) {
            return skipped(c, "needs the public key (or the private key) to key HS256 with");
        }
        Optional<String> token = forge.tokenFor(c);
        Optional<URI> requestUrl = requestUrl(c, url, token);
        if (requestUrl.isEmpty()) {
            return skipped(c, "the path's last segment has no letter to change");
        }
        HttpRequest request = request(c, requestUrl.get());
        BoundedExchange.Answer answer;
        try {
            answer = c == AuditCase.CONTENT_MATCHES
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
        if (isPathVariant(c) && forge.hasValidToken()) {
            probeEcho(c, url, forge, exchange, echoedIn);
        }
        if (c.expect() == AuditCase.Expect.NOT_ECHOED_BACK) {
            return judgeEcho(c, answer, echoed);
        }
        return c == AuditCase.CONTENT_MATCHES ? judgeContent(answer, expectedContent.orElseThrow()) : judge(c, answer);
    }

    private static boolean isPathVariant(AuditCase c) {
        return switch (c) {
            case PATH_DOUBLE_SLASH, PATH_DOT_SEGMENT, PATH_ENCODED_DOT, PATH_ENCODED_LETTER, PATH_LETTER_CASE -> true;
            default -> false;
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

    private static AuditReport.Result judgeContent(BoundedExchange.Answer answer, ExpectedContent expected) {
        AuditCase c = AuditCase.CONTENT_MATCHES;
        int status = answer.status();
        if (status != 200 && status != 206) {
            return judge(c, answer);
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

    private static AuditReport.Result judgeEcho(AuditCase c, BoundedExchange.Answer answer, boolean echoed) {
        int status = answer.status();
        boolean failed = echoed && status >= 200 && status < 300;
        String got = "HTTP " + status;
        return failed
                ? new AuditReport.Result(c, AuditReport.Verdict.FAILED, status, "answered, " + got
                        + ", with the token in the response: every cache, proxy and script that sees it gets the token",
                        fixFor(c))
                : new AuditReport.Result(c, AuditReport.Verdict.PASSED, status,
                        (echoed ? "refused, " : "the token not echoed, ") + got, "");
    }

    private static AuditReport.Result judge(AuditCase c, BoundedExchange.Answer answer) {
        int status = answer.status();
        boolean ok = status >= 200 && status < 300;
        boolean redirect = status >= 300 && status < 400;
        String got = "HTTP " + status + answer.brokenOff().map(why -> " (" + why + ")").orElse("");
        AuditReport.Verdict verdict;
        String detail;
        switch (c.expect()) {
            case SERVED, SERVED_CONTENT -> {
                boolean range = c == AuditCase.VALID_RANGE;
                verdict = ok ? AuditReport.Verdict.PASSED : AuditReport.Verdict.FAILED;
                detail = ok ? "served, " + got + (range && status == 200 ? "; the server ignored Range" : "")
                        : c.severity() == AuditCase.Severity.DEVIATION ? got + " to a valid token in a shape Jamf Pro may"
                                + " send (" + shapeOf(c) + "): downloads carrying such a token fail"
                        : got + " to a valid token" + (status == 401 || status == 403
                                ? ": the server does not accept the key that signs the tokens" : "");
            }
            case REFUSED -> {
                verdict = ok || redirect ? AuditReport.Verdict.FAILED : AuditReport.Verdict.PASSED;
                detail = ok ? "served, " + got + ": " + (c.severity() == AuditCase.Severity.HOLE
                        ? "anyone can get the content this way" : "the server accepts what Jamf Pro never signs")
                        : redirect ? "redirected, " + got + ", instead of refusing; a redirect may lead to an unprotected copy"
                        : "refused, " + got;
            }
            case NOT_SERVED -> {
                verdict = ok ? AuditReport.Verdict.FAILED : AuditReport.Verdict.PASSED;
                detail = ok ? "served without a token, " + got + ": this spelling of the path bypasses the check"
                        : (redirect ? "redirected (not followed), " : "not served, ") + got;
            }
            case NO_CONTENT -> {
                boolean content = ok && answer.body().length > 0;
                verdict = content ? AuditReport.Verdict.FAILED : AuditReport.Verdict.PASSED;
                detail = content ? "served " + answer.body().length + "+ bytes without a token, " + got
                        : "no content, " + got;
            }
            default -> throw new IllegalStateException("judged after all requests: " + c);
        }
        return new AuditReport.Result(c, verdict, status, detail,
                verdict == AuditReport.Verdict.FAILED ? fixFor(c) : "");
    }

    /** What sets a valid shape's token apart from Jamf Pro's exact form, for messages. */
    private static String shapeOf(AuditCase c) {
        return switch (c) {
            case VALID_TYP_JWT -> "typ JWT in the header";
            case VALID_KID -> "a kid naming the signing key";
            case VALID_IAT_NBF_PAST -> "iat and nbf in the past";
            case VALID_CLAIMS_REORDERED -> "claims in another order, with a jti";
            case VALID_EXP_IN_SKEW -> "exp 30 s ago, inside the 60 s clock skew; or the server's clock runs ahead";
            default -> c.id();
        };
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

    private HttpRequest request(AuditCase c, URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout);
        switch (c) {
            case VALID_HEAD, NO_TOKEN_HEAD -> b.method("HEAD", HttpRequest.BodyPublishers.noBody());
            case NO_TOKEN_POST -> b.POST(HttpRequest.BodyPublishers.noBody());
            case NO_TOKEN_OPTIONS -> b.method("OPTIONS", HttpRequest.BodyPublishers.noBody());
            case NO_TOKEN_TRACE, TRACE_VALID_TOKEN -> b.method("TRACE", HttpRequest.BodyPublishers.noBody());
            case VALID_RANGE, NO_TOKEN_RANGE -> b.GET().header("Range", "bytes=0-0");
            case CONTENT_MATCHES -> b.GET().header("Range", "bytes=0-" + (expectedContent.orElseThrow().length() - 1));
            default -> b.GET();
        }
        return b.build();
    }

    /** The URL the case requests: the target with the case's token, or another spelling of its path. */
    private static Optional<URI> requestUrl(AuditCase c, URI url, Optional<String> token) {
        String path = url.getRawPath();
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        String variant = switch (c) {
            case PATH_DOUBLE_SLASH -> "/" + path;
            case PATH_DOT_SEGMENT -> "/." + path;
            case PATH_ENCODED_DOT -> "/%2e" + path;
            case PATH_ENCODED_LETTER -> firstLetter(name) < 0 ? null : dir + name.substring(0, firstLetter(name))
                    + String.format("%%%02X", (int) name.charAt(firstLetter(name))) + name.substring(firstLetter(name) + 1);
            case PATH_LETTER_CASE -> firstLetter(name) < 0 ? null : dir + (name.equals(name.toUpperCase(Locale.ROOT))
                    ? name.toLowerCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT));
            default -> path;
        };
        if (variant == null) {
            return Optional.empty();
        }
        String query = url.getRawQuery();
        String fullQuery = token.map(t -> (query == null ? "" : query + "&") + ContentTokens.QUERY_PARAMETER + "=" + t)
                .orElse(query);
        String text = url.getScheme() + "://" + url.getRawAuthority() + variant + (fullQuery == null ? "" : "?" + fullQuery);
        return Optional.of(URI.create(text));
    }

    private static int firstLetter(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 128 && Character.isLetter(ch)) {
                return i;
            }
        }
        return -1;
    }

    private static AuditReport.Result skipped(AuditCase c, String why) {
        return new AuditReport.Result(c, AuditReport.Verdict.SKIPPED, 0, why, "");
    }

    private URI checked(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("'" + shown(url) + "' is not an absolute https URL with a host; "
                    + "give the download URL of one file, e.g. https://downloads.example.com/apps/App.pkg");
        }
        if (scheme.equals("http") && !(allowHttp && isLoopback(url.getHost()))) {
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

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || h.equals("[::1]")
                || h.equals("::1");
    }

    /** What to change on the server when the case fails. */
    static String fixFor(AuditCase c) {
        return switch (c) {
            case VALID_GET, VALID_RANGE, VALID_HEAD, CONTENT_MATCHES -> "give the web server the public key of the private key Jamf Pro "
                    + "signs with, and serve GET and HEAD (200) and Range (206) when the token verifies.";
            case VALID_TYP_JWT, VALID_KID -> "accept any header jwt-core's verifier accepts: alg RS256 plus typ, and a kid"
                    + " that names an accepted key; do not pin the header to Jamf Pro's exact bytes {\"alg\":\"RS256\"}.";
            case VALID_IAT_NBF_PAST -> "accept iat and nbf up to now + 60 s (refuse only those further ahead); do not"
                    + " refuse a token for carrying nbf.";
            case VALID_CLAIMS_REORDERED -> "read the claims as JSON, in any order and with extra claims (jti, aud);"
                    + " do not match the payload's exact bytes.";
            case VALID_EXP_IN_SKEW -> "allow 60 s of clock skew after exp (a token is expired when now >= exp + 60 s),"
                    + " and keep the server's clock in sync (NTP).";
            case NO_TOKEN_GET, NO_TOKEN_RANGE, NO_TOKEN_POST, NO_TOKEN_OPTIONS, EMPTY_TOKEN ->
                    "check the token on every request to the content location, for every method (nginx: the "
                            + "recipe's auth_request in that location; Apache: every Require inside one <RequireAll>).";
            case NO_TOKEN_HEAD -> "check the token on HEAD as on GET (nginx and Apache treat HEAD as GET once the "
                    + "check covers the location; a method-limited rule such as <Limit GET> leaves it open).";
            case ALG_NONE, ALG_NONE_CAPITALIZED, ALG_NONE_WITH_SIGNATURE, HS256_PUBLIC_KEY, OTHER_KEY, EMBEDDED_JWK,
                    JKU_HEADER, JWE_FORM -> "accept only RS256 signatures that verify with the configured public "
                            + "key; pin the algorithm, ignore jwk/jku headers.";
            case TAMPERED_PAYLOAD, TAMPERED_HEADER, SIGNATURE_EMPTY, SIGNATURE_TRUNCATED, TWO_SEGMENTS, FOUR_SEGMENTS ->
                    "verify the signature over exactly the header.payload sent, and refuse anything but three "
                            + "non-empty base64url segments.";
            case SIGNATURE_PADDED, SIGNATURE_STANDARD_ALPHABET -> "decode the signature as unpadded base64url only "
                    + "(RFC 7515); refuse padding and the + / alphabet.";
            case EXPIRED -> "check exp against the clock on every request; do not cache a verdict past the token's exp.";
            case EXP_MISSING, EXP_STRING, EXP_FRACTION -> "require exp, as an integer NumericDate.";
            case NBF_FUTURE -> "refuse a token whose nbf is in the future.";
            case ISS_WRONG, ISS_MISSING, ISS_CASE, SUB_WRONG, SUB_MISSING, SUB_CASE -> "require iss JSS and sub "
                    + "AppManifest, exactly and both (Apache: two Require claim lines inside <RequireAll>, not beside "
                    + "each other, which means either).";
            case CRIT_UNKNOWN -> "refuse tokens with a crit header the server does not understand (RFC 7515 4.1.11).";
            case RS512, PS256 -> "accept RS256 only, as Jamf Pro signs.";
            case LIFETIME_TOO_LONG -> "refuse an exp more than 120 minutes ahead, the most Jamf Pro sets.";
            case PATH_DOUBLE_SLASH, PATH_DOT_SEGMENT, PATH_ENCODED_DOT, PATH_ENCODED_LETTER, PATH_LETTER_CASE ->
                    "protect the content by directory prefix, not by exact path (nginx: location ^~ /apps/ with "
                            + "merge_slashes on, no location = /apps/App.pkg; Apache: <Directory> or <Location /apps/>), "
                            + "so every spelling that reaches the file is checked.";
            case NO_TOKEN_TRACE, TRACE_VALID_TOKEN -> "turn TRACE off (Apache: TraceEnable Off at server level; "
                    + "it answers TRACE before any access check and echoes the request, token included).";
            case TOKEN_NOT_ECHOED -> "do not reflect the request URL or query in responses (error pages, Location, "
                    + "debug headers).";
        };
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
