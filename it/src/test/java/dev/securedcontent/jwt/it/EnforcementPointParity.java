package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.PemKeys;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.UrlShapes;
import dev.securedcontent.jwt.core.WycheproofFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared tables every enforcement point is held to: each gives every token the verdict
 * jwt-core's ContentTokenVerifier gives it, accepted or refused, 401 (MISSING) or 403, and the
 * same RejectionReason. Enforcement points use the system clock, so each URL is judged by the
 * verifier just before and just after the enforcement point, which must agree with one of the two.
 * A subclass starts one enforcement point and says how it is asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EnforcementPointParity {
    /** The reason header every recipe sets on a refusal. */
    static final String REASON_HEADER = RejectionReason.HEADER;

    KeyPair trusted;
    KeyPair untrusted;
    private ContentTokenVerifier verifier;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What a client learns: 200 for accepted, else 401/403 and the reason. */
    record Verdict(int status, String reason) {
        static final Verdict ACCEPTED = new Verdict(200, null);

        @Override
        public String toString() {
            return reason == null ? String.valueOf(status) : status + " " + reason;
        }
    }

    /** Starts the enforcement point in {@code dir}, accepting every key of {@code keys}. */
    abstract void start(Path dir, List<RSAPublicKey> keys) throws Exception;

    /** The protected content's URL with {@code query} (raw, without '?'; null for none). */
    abstract URI contentUrl(String query);

    abstract void stop() throws Exception;

    /** The enforcement point's verdict on each URL; by default one Range request each over HTTP. */
    Map<String, Verdict> verdicts(Map<String, URI> urls) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        urls.forEach((name, url) -> verdicts.put(name, httpVerdict(url)));
        return verdicts;
    }

    @BeforeAll
    void startEnforcementPoint(@TempDir Path dir) throws Exception {
        trusted = BadTokenCorpus.newKeyPair();
        untrusted = BadTokenCorpus.newKeyPair();
        // The Wycheproof keys are extra rotation keys for every test here, so each token is also
        // checked against a server holding several keys.
        List<RSAPublicKey> accepted = new ArrayList<>();
        accepted.add((RSAPublicKey) trusted.getPublic());
        for (WycheproofFiles.Vector vector : WycheproofFiles.vectors()) {
            if (vector.key() != null && accepted.stream().noneMatch(k -> k.getModulus().equals(vector.key().getModulus()))) {
                accepted.add(vector.key());
            }
        }
        start(dir, accepted);
        verifier = ContentTokenVerifier.builder(List.<PublicKey>copyOf(accepted)).build();
    }

    @AfterAll
    void stopEnforcementPoint() throws Exception {
        stop();
    }

    @Test
    void everyBadTokenOfTheCorpusGetsTheVerifiersVerdict() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (BadTokenCorpus.Case c : BadTokenCorpus.cases(trusted, untrusted, Clock.systemUTC())) {
            urls.put(c.name(), withToken(c.token()));
        }

        assertThat(urls).hasSizeGreaterThan(100);
        assertThat(disagreements(urls)).isEmpty();
    }

    @Test
    void everyOddButValidTokenOfTheCorpusIsServed() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (BadTokenCorpus.Valid v : BadTokenCorpus.validTokens(trusted, Clock.systemUTC())) {
            urls.put(v.name(), withToken(v.token()));
        }

        assertThat(urls).isNotEmpty();
        assertThat(disagreements(urls)).isEmpty();
        assertThat(verdicts(urls).values()).allSatisfy(verdict -> assertThat(verdict).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void freshSignerTokensAreServedAsTheVerifierAcceptsThem() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (Duration expiry : List.of(ContentTokenSigner.MIN_JAMF_EXPIRY, ContentTokenSigner.DEFAULT_EXPIRY,
                ContentTokenSigner.MAX_JAMF_EXPIRY)) {
            ContentTokenSigner signer = ContentTokenSigner.builder(trusted.getPrivate()).expiry(expiry).build();
            urls.put("signUrl, expiry " + expiry, signer.signUrl(contentUrl("a=1&token=old")));
            urls.put("sign, expiry " + expiry, withToken(signer.sign()));
        }
        ContentTokenSigner withKid = ContentTokenSigner.builder(trusted.getPrivate())
                .keyId(PemKeys.thumbprint((RSAPublicKey) trusted.getPublic())).build();
        urls.put("kid = thumbprint", withToken(withKid.sign()));
        urls.put("signed by an unknown key", withToken(ContentTokenSigner.builder(untrusted.getPrivate()).build().sign()));

        assertThat(disagreements(urls)).isEmpty();
        assertThat(verdicts(Map.of("kid", urls.get("kid = thumbprint")))).containsEntry("kid", Verdict.ACCEPTED);
    }

    @Test
    void theShapesJamfProMaySendAreServedAndTheirNeighboursPastTheLimitsRefused() {
        Map<String, URI> urls = new LinkedHashMap<>();
        Map<String, URI> valid = new LinkedHashMap<>();
        JamfTokenShapes.valid(trusted, Clock.systemUTC()).forEach((name, token) -> valid.put(name, withToken(token)));
        urls.putAll(valid);
        JamfTokenShapes.refused(trusted, Clock.systemUTC()).forEach((name, token) -> urls.put(name, withToken(token)));

        assertThat(disagreements(urls)).isEmpty();
        assertThat(verdicts(valid)).allSatisfy((name, verdict) -> assertThat(verdict).as(name).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void everyWycheproofVectorGetsTheVerifiersVerdict() {
        Map<String, URI> urls = new LinkedHashMap<>();
        WycheproofFiles.vectors().forEach(vector -> urls.put("Wycheproof " + vector.name(), withToken(vector.jws())));

        assertThat(urls).hasSizeGreaterThan(300);
        assertThat(disagreements(urls)).isEmpty();
    }

    @Test
    void urlShapesGetTheVerifiersVerdict() {
        String token = BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC());
        Map<String, URI> urls = new LinkedHashMap<>();
        for (UrlShapes.Shape shape : UrlShapes.all(token)) {
            urls.put(shape.name(), contentUrl(shape.query(token)));
            // The shared table's verdict is the verifier's: the enforcement point must match both.
            assertThat(verifierVerdict(urls.get(shape.name())).reason()).as(shape.name())
                    .isEqualTo(shape.rejected().map(Enum::name).orElse(null));
        }

        assertThat(disagreements(urls)).isEmpty();
        assertThat(verdicts(Map.of("no query", urls.get("no query")))).containsEntry("no query", new Verdict(401, "MISSING"));
    }

    /** name: verifier verdict vs the enforcement point's, for every URL where it matched neither verifier call. */
    private List<String> disagreements(Map<String, URI> urls) {
        Map<String, Verdict> before = new LinkedHashMap<>();
        urls.forEach((name, url) -> before.put(name, verifierVerdict(url)));
        Map<String, Verdict> actual = verdicts(urls);
        List<String> disagreements = new ArrayList<>();
        urls.forEach((name, url) -> {
            Verdict after = verifierVerdict(url);
            if (!before.get(name).equals(actual.get(name)) && !after.equals(actual.get(name))) {
                disagreements.add(name + ": verifier " + before.get(name) + ", enforcement point " + actual.get(name));
            }
        });
        return disagreements;
    }

    private Verdict verifierVerdict(URI url) {
        try {
            verifier.verifyUrl(url);
            return Verdict.ACCEPTED;
        } catch (TokenRejectedException e) {
            return new Verdict(e.reason().httpStatus(), e.reason().name());
        }
    }

    /** A Range GET of {@code url}: 206 is accepted, else the status and the reason header. */
    Verdict httpVerdict(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).header("Range", "bytes=0-15").build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() == 206) {
            return Verdict.ACCEPTED;
        }
        return new Verdict(response.statusCode(), response.headers().firstValue(REASON_HEADER).orElse(null));
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("no answer to " + TokenParameter.redact(request.uri()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The content URL with the token percent-encoded wherever it is not plain base64url and dots. */
    URI withToken(String token) {
        StringBuilder query = new StringBuilder("token=");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                query.append(c);
            } else {
                query.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return contentUrl(query.toString());
    }
}
