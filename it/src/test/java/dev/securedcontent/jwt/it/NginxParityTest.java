package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.PemKeys;
import dev.securedcontent.jwt.core.RejectionReason;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe in a real nginx gives every token the verdict jwt-core's ContentTokenVerifier gives
 * it: accepted or refused, 401 (MISSING) or 403, and the same RejectionReason. Both use the
 * system clock (nginx has no other), so each URL is judged by the verifier just before and just
 * after nginx, and nginx must agree with one of the two.
 */
class NginxParityTest {
    @TempDir
    static Path dir;

    private static KeyPair trusted;
    private static KeyPair untrusted;
    private static RecipeNginx nginx;
    private static ContentTokenVerifier verifier;
    private static HttpClient http;

    /** What a client learns: 200 for accepted, else 401/403 and the reason. */
    private record Verdict(int status, String reason) {
        static final Verdict ACCEPTED = new Verdict(200, null);

        @Override
        public String toString() {
            return reason == null ? String.valueOf(status) : status + " " + reason;
        }
    }

    @BeforeAll
    static void startNginx() throws IOException {
        trusted = BadTokenCorpus.newKeyPair();
        untrusted = BadTokenCorpus.newKeyPair();
        // The Wycheproof keys are extra rotation keys for every test here, so each token is also
        // checked against a server holding several keys.
        List<RSAPublicKey> wycheproofKeys = new ArrayList<>();
        for (WycheproofFiles.Vector vector : WycheproofFiles.vectors()) {
            if (vector.key() != null && wycheproofKeys.stream().noneMatch(k -> k.getModulus().equals(vector.key().getModulus()))) {
                wycheproofKeys.add(vector.key());
            }
        }
        nginx = RecipeNginx.start(dir, List.of(trusted.getPublic()), wycheproofKeys);
        List<PublicKey> accepted = new ArrayList<>();
        accepted.add(trusted.getPublic());
        accepted.addAll(wycheproofKeys);
        verifier = ContentTokenVerifier.builder(accepted).build();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void everyBadTokenOfTheCorpusGetsTheVerifiersVerdict() throws Exception {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (BadTokenCorpus.Case c : BadTokenCorpus.cases(trusted, untrusted, Clock.systemUTC())) {
            urls.put(c.name(), withToken(c.token()));
        }

        assertThat(urls).hasSizeGreaterThan(100);
        assertThat(disagreements(urls)).isEmpty();
    }

    @Test
    void everyOddButValidTokenOfTheCorpusIsServed() throws Exception {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (BadTokenCorpus.Valid v : BadTokenCorpus.validTokens(trusted, Clock.systemUTC())) {
            urls.put(v.name(), withToken(v.token()));
        }

        assertThat(urls).isNotEmpty();
        assertThat(disagreements(urls)).isEmpty();
        assertThat(urls.values()).allSatisfy(url -> assertThat(nginxVerdict(url)).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void freshSignerTokensAreServedAsTheVerifierAcceptsThem() throws Exception {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (Duration expiry : List.of(ContentTokenSigner.MIN_JAMF_EXPIRY, ContentTokenSigner.DEFAULT_EXPIRY,
                ContentTokenSigner.MAX_JAMF_EXPIRY)) {
            ContentTokenSigner signer = ContentTokenSigner.builder(trusted.getPrivate()).expiry(expiry).build();
            urls.put("signUrl, expiry " + expiry, signer.signUrl(nginx.uri(RecipeNginx.CONTENT_PATH + "?a=1&token=old")));
            urls.put("sign, expiry " + expiry, withToken(signer.sign()));
        }
        ContentTokenSigner withKid = ContentTokenSigner.builder(trusted.getPrivate())
                .keyId(PemKeys.thumbprint((RSAPublicKey) trusted.getPublic())).build();
        urls.put("kid = thumbprint", withToken(withKid.sign()));
        urls.put("signed by an unknown key", withToken(ContentTokenSigner.builder(untrusted.getPrivate()).build().sign()));

        assertThat(disagreements(urls)).isEmpty();
        assertThat(nginxVerdict(urls.get("kid = thumbprint"))).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void everyWycheproofVectorGetsTheVerifiersVerdict() throws Exception {
        Map<String, URI> urls = new LinkedHashMap<>();
        WycheproofFiles.vectors().forEach(vector -> urls.put("Wycheproof " + vector.name(), withToken(vector.jws())));

        assertThat(urls).hasSizeGreaterThan(300);
        assertThat(disagreements(urls)).isEmpty();
    }

    @Test
    void urlShapesGetTheVerifiersVerdict() throws Exception {
        String token = BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC());
        Map<String, URI> urls = new LinkedHashMap<>();
        for (UrlShapes.Shape shape : UrlShapes.all(token)) {
            urls.put(shape.name(), nginx.uri(shape.pathAndQuery(RecipeNginx.CONTENT_PATH, token)));
            // The shared table's verdict is the verifier's: nginx must match both.
            assertThat(verifierVerdict(urls.get(shape.name())).reason()).as(shape.name())
                    .isEqualTo(shape.rejected().map(Enum::name).orElse(null));
        }

        assertThat(disagreements(urls)).isEmpty();
        assertThat(nginxVerdict(urls.get("no query"))).isEqualTo(new Verdict(401, "MISSING"));
    }

    /** name: verifier verdict vs nginx verdict, for every URL where nginx matched neither verifier call. */
    private static List<String> disagreements(Map<String, URI> urls) {
        List<String> disagreements = new ArrayList<>();
        urls.forEach((name, url) -> {
            Verdict before = verifierVerdict(url);
            Verdict actual = nginxVerdict(url);
            Verdict after = verifierVerdict(url);
            if (!actual.equals(before) && !actual.equals(after)) {
                disagreements.add(name + ": verifier " + before + ", nginx " + actual);
            }
        });
        return disagreements;
    }

    private static Verdict verifierVerdict(URI url) {
        try {
            verifier.verifyUrl(url);
            return Verdict.ACCEPTED;
        } catch (TokenRejectedException e) {
            return new Verdict(e.reason() == RejectionReason.MISSING ? 401 : 403, e.reason().name());
        }
    }

    private static Verdict nginxVerdict(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).header("Range", "bytes=0-15").build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("nginx did not answer " + url.getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() == 206) {
            return Verdict.ACCEPTED;
        }
        return new Verdict(response.statusCode(), response.headers().firstValue(RecipeNginx.REASON_HEADER).orElse(null));
    }

    /** The content URL with the token percent-encoded wherever it is not plain base64url and dots. */
    private static URI withToken(String token) {
        StringBuilder query = new StringBuilder("?token=");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                query.append(c);
            } else {
                query.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return nginx.uri(RecipeNginx.CONTENT_PATH + query);
    }
}
