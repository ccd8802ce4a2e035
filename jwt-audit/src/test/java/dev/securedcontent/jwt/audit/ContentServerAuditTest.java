package dev.securedcontent.jwt.audit;

import static dev.securedcontent.jwt.audit.AuditCase.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit against small real servers: one that checks tokens as Jamf Pro's content needs, and
 * one per kind of hole, each the correct server with exactly that one mistake. The audit must pass
 * the first and name the right cases, with the right severity, for each of the others.
 */
class ContentServerAuditTest {

    private static final KeyPair KEYS = RsaKeys.generate(2048);
    private static final RSAPublicKey PUBLIC = (RSAPublicKey) KEYS.getPublic();
    private static final byte[] CONTENT = content();
    private static final String PATH = "/apps/App.pkg";

    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(PUBLIC).build();
    private HttpServer server;

    /** The one mistake a server makes, and the cases that must catch it. */
    enum Hole {
        NONE(Set.of()),
        NO_CHECK_AT_ALL(EnumSet.complementOf(EnumSet.of(VALID_GET, VALID_RANGE, VALID_HEAD, CONTENT_MATCHES,
                VALID_TYP_JWT, VALID_KID, VALID_IAT_NBF_PAST, VALID_CLAIMS_REORDERED, VALID_EXP_IN_SKEW,
                TRACE_VALID_TOKEN, TOKEN_NOT_ECHOED))),
        HEAD_UNCHECKED(Set.of(NO_TOKEN_HEAD)),
        OTHER_METHODS_UNCHECKED(Set.of(NO_TOKEN_POST, NO_TOKEN_OPTIONS, NO_TOKEN_TRACE)),
        /** Apache without TraceEnable Off: TRACE is answered before any check, echoing the request. */
        TRACE_ECHOED(Set.of(NO_TOKEN_TRACE, TRACE_VALID_TOKEN, TOKEN_NOT_ECHOED)),
        RANGE_UNCHECKED(Set.of(NO_TOKEN_RANGE)),
        EMPTY_TOKEN_ACCEPTED(Set.of(EMPTY_TOKEN)),
        ALG_NONE_ACCEPTED(Set.of(ALG_NONE, ALG_NONE_CAPITALIZED, ALG_NONE_WITH_SIGNATURE)),
        HS256_WITH_PUBLIC_KEY(Set.of(HS256_PUBLIC_KEY)),
        EMBEDDED_JWK_TRUSTED(Set.of(EMBEDDED_JWK)),
        SIGNATURE_UNCHECKED(Set.of(OTHER_KEY, EMBEDDED_JWK, JKU_HEADER, TAMPERED_PAYLOAD, TAMPERED_HEADER,
                SIGNATURE_EMPTY, SIGNATURE_TRUNCATED)),
        SIGNATURE_BASE64_LENIENT(Set.of(SIGNATURE_PADDED, SIGNATURE_STANDARD_ALPHABET)),
        EXPIRY_UNCHECKED(Set.of(EXPIRED)),
        EXP_LAX(Set.of(EXP_MISSING, EXP_STRING, EXP_FRACTION)),
        NBF_IGNORED(Set.of(NBF_FUTURE)),
        ISS_OR_SUB(Set.of(ISS_WRONG, ISS_MISSING, ISS_CASE, SUB_WRONG, SUB_MISSING, SUB_CASE)),
        CRIT_IGNORED(Set.of(CRIT_UNKNOWN)),
        OTHER_RSA_ALGORITHMS(Set.of(RS512, PS256)),
        NO_LIFETIME_CAP(Set.of(LIFETIME_TOO_LONG)),
        EXACT_PATH_ONLY(Set.of(PATH_DOUBLE_SLASH, PATH_DOT_SEGMENT, PATH_ENCODED_DOT, PATH_ENCODED_LETTER,
                PATH_LETTER_CASE)),
        ECHOES_TOKEN(Set.of(TOKEN_NOT_ECHOED)),
        // Refusals of valid tokens Jamf Pro may send: each breaks downloads.
        HEADER_PINNED_TO_JAMF_BYTES(Set.of(VALID_TYP_JWT, VALID_KID)),
        ANY_NBF_REFUSED(Set.of(VALID_IAT_NBF_PAST)),
        PAYLOAD_PINNED_TO_JAMF_FORM(Set.of(VALID_IAT_NBF_PAST, VALID_CLAIMS_REORDERED)),
        NO_CLOCK_SKEW(Set.of(VALID_EXP_IN_SKEW)),
        /** Refuses every other spelling of the path, but its error page shows the URL it was asked for, query included. */
        ERROR_PAGE_ECHOES_URL(Set.of(TOKEN_NOT_ECHOED));

        final Set<AuditCase> caughtBy;

        Hole(Set<AuditCase> caughtBy) {
            this.caughtBy = caughtBy;
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aServerThatChecksEveryRulePassesStrictly() throws Exception {
        URI url = start(Hole.NONE);

        AuditReport report = audit().run(url);

        assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict())
                .as(r.auditCase().id() + ": " + r.detail()).isEqualTo(AuditReport.Verdict.PASSED));
        assertThat(report.results()).as("every case but content-matches, which needs the expected bytes")
                .hasSize(AuditCase.values().length - 1);
        assertThat(report.passes(true)).isTrue();
        assertThat(report.summary(true)).startsWith("PASS " + url + ": 0 holes, 0 deviations (strict)");
    }

    @Test
    void theLibraryExampleRunsAgainstACorrectServer() throws Exception {
        URI url = start(Hole.NONE);
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KEYS.getPrivate();

        AuditReport report = ContentServerAudit.builder()
                .privateKey(privateKey)               // optional: without it, the key-holder cases are SKIPPED
                .timeout(Duration.ofSeconds(10))      // default
                .allowPlainHttpToLoopback()           // opt-in: plain http, to this machine only (tests)
                .build()
                .run(url);                            // the download URL without a token
        report.passes(false);                         // no baseline or hole failure; true: no deviation either
        report.table();                               // case, severity, expected, got, verdict

        assertThat(report.passes(false)).isTrue();
        assertThat(report.table()).isNotEmpty();
    }

    @Test
    void theJUnitExampleRunsAgainstACorrectServer(@TempDir Path dir) throws Exception {
        URI url = start(Hole.NONE);
        Path keyFile = dir.resolve("jamf-content.key.pem");
        RsaKeys.writePrivateKey(keyFile, (RSAPrivateCrtKey) KEYS.getPrivate());
        List<String> printed = new ArrayList<>();

        AuditReport report = ContentServerAudit.builder()
                .privateKey(RsaKeys.readPrivateKey(keyFile))   // Jamf Pro's private key file
                .allowPlainHttpToLoopback()                    // only for a test server on this machine
                .build()
                .run(url);                                     // e.g. https://downloads.example.com/apps/App.pkg
        report.table().forEach(printed::add);
        assertThat(report.passes(true)).isTrue();   // strict: no hole, no deviation

        assertThat(printed).hasSize(report.table().size());
    }

    @ParameterizedTest
    @EnumSource(value = Hole.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void eachHoleIsNamedByItsCasesWithTheirSeverity(Hole hole) throws Exception {
        URI url = start(hole);

        AuditReport report = audit().run(url);

        Set<AuditCase> failed = report.results().stream().filter(r -> r.verdict() == AuditReport.Verdict.FAILED)
                .map(AuditReport.Result::auditCase).collect(Collectors.toCollection(() -> EnumSet.noneOf(AuditCase.class)));
        assertThat(failed).as(hole + " fails exactly").isEqualTo(hole.caughtBy);
        assertThat(report.results()).filteredOn(r -> r.verdict() == AuditReport.Verdict.FAILED)
                .allSatisfy(r -> assertThat(r.fix()).isNotEmpty());
        boolean anyHole = hole.caughtBy.stream().anyMatch(c -> c.severity() == AuditCase.Severity.HOLE);
        assertThat(report.passes(false)).as("passes leniently").isEqualTo(!anyHole);
        assertThat(report.passes(true)).as("passes strictly").isFalse();
    }

    @Test
    void aRefusedValidShapeIsAFailureThatSaysDownloadsBreakAndHowToFixIt() throws Exception {
        URI url = start(Hole.HEADER_PINNED_TO_JAMF_BYTES);

        AuditReport report = audit().run(url);

        assertThat(report.result(VALID_TYP_JWT).orElseThrow()).satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(AuditReport.Verdict.FAILED);
            assertThat(r.auditCase().severity()).isEqualTo(AuditCase.Severity.DEVIATION);
            assertThat(r.detail()).isEqualTo("HTTP 403 to a valid token in a shape Jamf Pro may send (typ JWT in the"
                    + " header): downloads carrying such a token fail");
            assertThat(r.fix()).contains("typ").contains("do not pin the header");
        });
        assertThat(report.result(VALID_GET).orElseThrow().verdict()).isEqualTo(AuditReport.Verdict.PASSED);
        assertThat(report.passes(false)).isTrue();
        assertThat(report.passes(true)).isFalse();
        assertThat(report.summary(true)).startsWith("FAIL " + url + ": 0 holes, 2 deviations (strict)");
    }

    @Test
    void severitiesFollowWhoCanMakeTheRequest() {
        assertThat(NO_TOKEN_GET.severity()).isEqualTo(AuditCase.Severity.HOLE);
        assertThat(OTHER_KEY.severity()).isEqualTo(AuditCase.Severity.HOLE);
        assertThat(EXPIRED.severity()).isEqualTo(AuditCase.Severity.HOLE);
        assertThat(PATH_DOUBLE_SLASH.severity()).isEqualTo(AuditCase.Severity.HOLE);
        assertThat(NO_TOKEN_HEAD.severity()).isEqualTo(AuditCase.Severity.DEVIATION);
        assertThat(EXP_STRING.severity()).isEqualTo(AuditCase.Severity.DEVIATION);
        assertThat(ISS_WRONG.severity()).isEqualTo(AuditCase.Severity.DEVIATION);
        assertThat(RS512.severity()).isEqualTo(AuditCase.Severity.DEVIATION);
        assertThat(VALID_TYP_JWT.severity()).isEqualTo(AuditCase.Severity.DEVIATION);
        assertThat(VALID_EXP_IN_SKEW.severity()).isEqualTo(AuditCase.Severity.DEVIATION);
        assertThat(Arrays.stream(AuditCase.values()).filter(c -> c.severity() == AuditCase.Severity.DEVIATION))
                .allSatisfy(c -> assertThat(c.outsider()).as(c.id()).isEqualTo(c == NO_TOKEN_HEAD || c == NO_TOKEN_TRACE));
    }

    @Test
    void withoutThePrivateKeyTheOutsiderCasesRunAndTheRestAreSkipped() throws Exception {
        URI url = start(Hole.NONE);

        AuditReport report = ContentServerAudit.builder().allowPlainHttpToLoopback().build().run(url);

        assertThat(report.results()).filteredOn(r -> r.verdict() == AuditReport.Verdict.SKIPPED)
                .extracting(AuditReport.Result::auditCase)
                .allSatisfy(c -> assertThat(!c.outsider() || c == HS256_PUBLIC_KEY).as(c.id()).isTrue())
                .contains(VALID_GET, EXPIRED, EXP_STRING);
        assertThat(report.result(VALID_GET).orElseThrow().detail()).contains("needs a valid token");
        assertThat(report.result(EXPIRED).orElseThrow().detail()).contains("needs the private key");
        assertThat(report.result(NO_TOKEN_GET).orElseThrow().verdict()).isEqualTo(AuditReport.Verdict.PASSED);
        assertThat(report.result(ALG_NONE).orElseThrow().verdict()).isEqualTo(AuditReport.Verdict.PASSED);
    }

    @Test
    void theReportShowsNoWholeToken() throws Exception {
        URI url = start(Hole.ECHOES_TOKEN);

        AuditReport report = audit().run(url);

        String everything = report.table() + report.summary(true) + report.results();
        assertThat(everything).doesNotContainPattern("eyJ[A-Za-z0-9_-]*\\.eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]{16}");
        assertThat(report.table().get(0)).matches("case +severity +expected +got +verdict");
        assertThat(report.table()).anySatisfy(line -> assertThat(line)
                .matches("token-not-echoed +hole +not echoed +echoed +FAILED"));
    }

    @Test
    void aGivenValidTokenStandsInForThePrivateKey() throws Exception {
        URI url = start(Hole.SIGNATURE_UNCHECKED);
        String valid = dev.securedcontent.jwt.core.ContentTokenSigner.builder(KEYS.getPrivate()).build().sign();

        AuditReport report = ContentServerAudit.builder().validToken(valid).allowPlainHttpToLoopback().build().run(url);

        assertThat(report.result(VALID_GET).orElseThrow().verdict()).isEqualTo(AuditReport.Verdict.PASSED);
        assertThat(report.result(TAMPERED_PAYLOAD).orElseThrow().verdict()).isEqualTo(AuditReport.Verdict.FAILED);
        assertThat(report.result(EXPIRED).orElseThrow().verdict()).isEqualTo(AuditReport.Verdict.SKIPPED);
        assertThat(report.toString() + report.results() + report.table()).doesNotContain(valid.substring(valid.lastIndexOf('.')));
    }

    @Test
    void theExpectedFirstBytesAreCompared() throws Exception {
        URI url = start(Hole.NONE);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Arrays.copyOf(CONTENT, 1000)));

        AuditReport right = audit(new ContentServerAudit.ExpectedContent("SHA-256", 1000, sha256, "the manifest")).run(url);
        AuditReport wrong = audit(new ContentServerAudit.ExpectedContent("SHA-256", 1000, "00".repeat(32), "the manifest"))
                .run(url);

        assertThat(right.result(CONTENT_MATCHES).orElseThrow().detail())
                .isEqualTo("served 1000 bytes (206 Partial Content); their SHA-256 matches the manifest");
        assertThat(wrong.result(CONTENT_MATCHES).orElseThrow()).satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(AuditReport.Verdict.FAILED);
            assertThat(r.auditCase().severity()).isEqualTo(AuditCase.Severity.BASELINE);
            assertThat(r.detail()).contains("where the manifest gives " + "00".repeat(32));
        });
        assertThat(wrong.passes(false)).isFalse();
    }

    private ContentServerAudit audit(ContentServerAudit.ExpectedContent expected) {
        return ContentServerAudit.builder().privateKey((RSAPrivateCrtKey) KEYS.getPrivate())
                .allowPlainHttpToLoopback().expectedContent(expected).cases(EnumSet.of(VALID_GET, CONTENT_MATCHES))
                .build();
    }

    @Test
    void plainHttpToAnotherHostAndUrlsWithATokenAreRefused() {
        ContentServerAudit audit = ContentServerAudit.builder().allowPlainHttpToLoopback().build();

        assertThatThrownBy(() -> audit.run(URI.create("http://downloads.example.com/App.pkg")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
        assertThatThrownBy(() -> ContentServerAudit.builder().build().run(URI.create("http://127.0.0.1:1/App.pkg")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
        assertThatThrownBy(() -> audit.run(URI.create("https://downloads.example.com/App.pkg?token=eyJhbGciOiJSUzI1NiJ9.e30.c2ln")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carries a token")
                .message().doesNotContain("c2ln");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Token=", "TOKEN=", "%74oken=", "a=1&tOKEN=", "a=1;token="})
    void aTokenInAnySpellingOfTheParameterIsRefusedAndNeverShown(String parameter) throws Exception {
        URI url = URI.create(start(Hole.NONE) + "?" + parameter + "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJlLXNpZ25hdHVyZQ");

        assertThatThrownBy(() -> audit().run(url))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carries a token")
                .message().doesNotContain("c2lnbmF0dXJl");
        assertThat(new AuditReport(url.toString(), List.of()).summary(true))
                .as("a report never shows a token, however the URL spells it")
                .contains("eyJhbGciOiJSUzI1NiJ9.e30.<redacted>").doesNotContain("c2lnbmF0dXJl");
    }

    private ContentServerAudit audit() {
        return ContentServerAudit.builder().privateKey((RSAPrivateCrtKey) KEYS.getPrivate())
                .allowPlainHttpToLoopback().build();
    }

    private URI start(Hole hole) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try {
                answer(ex, hole);
            } finally {
                ex.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private void answer(HttpExchange ex, Hole hole) throws IOException {
        String method = ex.getRequestMethod();
        URI requested = ex.getRequestURI();
        // "//apps/App.pkg" parses as authority "apps": put the path back together as it was sent.
        String rawPath = requested.getRawAuthority() == null ? requested.getRawPath()
                : "//" + requested.getRawAuthority() + requested.getRawPath();
        if (!rawPath.equals(PATH)) {
            boolean sameFile = normalized(rawPath).equalsIgnoreCase(PATH);
            // Exact-match protection: other spellings of the path reach the file unchecked.
            if ((hole == Hole.EXACT_PATH_ONLY || hole == Hole.NO_CHECK_AT_ALL) && sameFile) {
                serve(ex);
            } else {
                send(ex, 404, hole == Hole.ERROR_PAGE_ECHOES_URL ? "not found: " + ex.getRequestURI() : "");
            }
            return;
        }
        if (method.equals("TRACE") && hole == Hole.TRACE_ECHOED) {
            StringBuilder echo = new StringBuilder("TRACE " + requested.getRawPath()
                    + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()) + " HTTP/1.1\r\n");
            ex.getRequestHeaders().forEach((name, values) -> values.forEach(v -> echo.append(name).append(": ").append(v).append("\r\n")));
            ex.getResponseHeaders().add("Content-Type", "message/http");
            send(ex, 200, echo.toString());
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            if (hole == Hole.OTHER_METHODS_UNCHECKED || hole == Hole.NO_CHECK_AT_ALL) {
                serve(ex);
            } else {
                send(ex, 405, "");
            }
            return;
        }
        if (hole == Hole.NO_CHECK_AT_ALL
                || hole == Hole.HEAD_UNCHECKED && method.equals("HEAD")
                || hole == Hole.RANGE_UNCHECKED && ex.getRequestHeaders().containsKey("Range")) {
            serve(ex);
            return;
        }
        String query = ex.getRequestURI().getRawQuery();
        if (query == null || !query.startsWith("token=")) {
            send(ex, 401, "token required");
            return;
        }
        String token = query.substring("token=".length());
        if (token.isEmpty() && hole == Hole.EMPTY_TOKEN_ACCEPTED) {
            serve(ex);
            return;
        }
        try {
            verifier.verify(token);
            if (refusesAnyway(hole, token)) {
                send(ex, 403, "refused");
            } else {
                serve(ex);
            }
        } catch (TokenRejectedException e) {
            if (acceptsAnyway(hole, token, e)) {
                serve(ex);
            } else {
                send(ex, 403, hole == Hole.ECHOES_TOKEN ? "refused: " + ex.getRequestURI() : "refused");
            }
        }
    }

    /** Where the holed server departs from the strict verifier. */
    private boolean acceptsAnyway(Hole hole, String token, TokenRejectedException e) {
        String[] parts = token.split("\\.", -1);
        String header = parts.length > 1 ? decode(parts[0]) : "";
        String payload = parts.length > 1 ? decode(parts[1]) : "";
        RejectionReason reason = e.reason();
        return switch (hole) {
            case ALG_NONE_ACCEPTED -> header.toLowerCase(Locale.ROOT).contains("\"alg\":\"none\"");
            case HS256_WITH_PUBLIC_KEY -> header.contains("HS256") && parts.length == 3
                    && hmacWithPem(parts[0] + "." + parts[1]).equals(parts[2]);
            case EMBEDDED_JWK_TRUSTED -> header.contains("\"jwk\"") && reason == RejectionReason.BAD_SIGNATURE;
            case SIGNATURE_UNCHECKED -> reason == RejectionReason.BAD_SIGNATURE;
            case SIGNATURE_BASE64_LENIENT -> parts.length == 3 && verifies(parts[0] + "." + parts[1] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(lenientDecode(parts[2])));
            case EXPIRY_UNCHECKED -> reason == RejectionReason.EXPIRED;
            case EXP_LAX -> (reason == RejectionReason.NO_EXPIRY || reason == RejectionReason.MALFORMED
                    && payload.contains("\"exp\":")) && parts.length == 3 && parts[2].matches("[A-Za-z0-9_-]+")
                    && rsaVerifies("SHA256withRSA", parts[0] + "." + parts[1], lenientDecode(parts[2]));
            case NBF_IGNORED -> reason == RejectionReason.NOT_YET_VALID;
            case ISS_OR_SUB -> reason == RejectionReason.WRONG_ISSUER || reason == RejectionReason.WRONG_SUBJECT;
            case CRIT_IGNORED -> reason == RejectionReason.UNSUPPORTED_CRITICAL_HEADER;
            case OTHER_RSA_ALGORITHMS -> parts.length == 3 && (header.contains("RS512")
                    && rsaVerifies("SHA512withRSA", parts[0] + "." + parts[1], lenientDecode(parts[2]))
                    || header.contains("PS256") && rsaVerifies("RSASSA-PSS", parts[0] + "." + parts[1], lenientDecode(parts[2])));
            case NO_LIFETIME_CAP -> reason == RejectionReason.LIFETIME_TOO_LONG;
            default -> false;
        };
    }

    /** Where the holed server refuses a token the strict verifier accepts. */
    private static boolean refusesAnyway(Hole hole, String token) {
        String[] parts = token.split("\\.", -1);
        String header = decode(parts[0]);
        String payload = decode(parts[1]);
        return switch (hole) {
            case HEADER_PINNED_TO_JAMF_BYTES -> !header.equals("{\"alg\":\"RS256\"}");
            case ANY_NBF_REFUSED -> payload.contains("\"nbf\"");
            case PAYLOAD_PINNED_TO_JAMF_FORM -> !payload.matches("\\{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":[0-9]+}");
            case NO_CLOCK_SKEW -> {
                java.util.regex.Matcher exp = java.util.regex.Pattern.compile("\"exp\":([0-9]+)").matcher(payload);
                yield exp.find() && Long.parseLong(exp.group(1)) <= System.currentTimeMillis() / 1000;
            }
            default -> false;
        };
    }

    private boolean verifies(String token) {
        try {
            verifier.verify(token);
            return true;
        } catch (TokenRejectedException e) {
            return false;
        }
    }

    private static String normalized(String rawPath) {
        String decoded = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        return decoded.replaceAll("/+", "/").replace("/./", "/");
    }

    private void serve(HttpExchange ex) throws IOException {
        byte[] body = CONTENT;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.matches("bytes=0-\\d+")) {
            int last = Math.min(Integer.parseInt(range.substring("bytes=0-".length())), CONTENT.length - 1);
            body = Arrays.copyOf(CONTENT, last + 1);
            ex.getResponseHeaders().add("Content-Range", "bytes 0-" + last + "/" + CONTENT.length);
            status = 206;
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (body.length == 0 || ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static String decode(String segment) {
        try {
            return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static byte[] lenientDecode(String segment) {
        try {
            return Base64.getDecoder().decode(segment.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean rsaVerifies(String algorithm, String input, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            s.initVerify(PUBLIC);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    private static String hmacWithPem(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(RsaKeys.toPem(PUBLIC).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] content() {
        byte[] bytes = new byte[10_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

}
