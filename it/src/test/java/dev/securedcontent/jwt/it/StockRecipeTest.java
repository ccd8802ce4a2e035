package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.UrlShapes;
import dev.securedcontent.jwt.core.WycheproofFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every recipe built on a stock component (Apache mod_oauth2, HAProxy jwt_verify) must do
 * against the real server: refuse what jwt-core's verifier refuses, serve Jamf Pro's tokens with
 * Range and HEAD, keep tokens out of its logs, accept several keys. Where the component cannot
 * keep a rule, the exact set of differences is pinned per server (and listed in its README), so it
 * cannot grow unnoticed. Verdicts are compared as a security outcome, served or refused: the stock
 * components answer 401 or 403 by their own logic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StockRecipeTest {
    private static final int RANGE_END = 15;

    private KeyPair trusted;
    private KeyPair untrusted;
    private RecipeServer server;
    private ContentTokenVerifier verifier;
    private HttpClient http;
    private Path dir;

    /** The server all tests but rotation and Wycheproof use, accepting {@link #validToken()}. */
    protected RecipeServer server() {
        return server;
    }

    /** The key pair whose public key {@link #server()} accepts. */
    protected KeyPair trusted() {
        return trusted;
    }

    /** A fresh Jamf Pro token the server accepts. */
    protected String validToken() {
        return BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC());
    }

    /** The private key {@link #server()} accepts tokens of. */
    protected PrivateKey signingKey() {
        return trusted.getPrivate();
    }

    /** Starts the recipe in {@code dir} accepting {@code keys}. */
    protected abstract RecipeServer start(Path dir, List<RSAPublicKey> keys) throws IOException;

    /** Corpus cases (bad tokens, by name) the server serves although the verifier refuses them. */
    protected abstract Set<String> servedBadTokens();

    /** Odd but valid corpus tokens and fresh signer tokens (by name) the server refuses. */
    protected abstract Set<String> refusedValidTokens();

    /** Wycheproof vectors whose verdict (served or refused) differs from the verifier's. */
    protected abstract Set<String> wycheproofDifferences();

    /** URL shapes the verifier accepts but the server refuses (it never serves one the verifier refuses). */
    protected abstract Set<String> refusedAcceptedShapes();

    @BeforeAll
    void startServer(@TempDir Path dir) throws IOException {
        this.dir = dir;
        trusted = BadTokenCorpus.newKeyPair();
        untrusted = BadTokenCorpus.newKeyPair();
        server = start(dir.resolve("one-key"), List.of((RSAPublicKey) trusted.getPublic()));
        verifier = ContentTokenVerifier.builder(trusted.getPublic()).build();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyBadTokenOfTheCorpusIsRefusedButThoseTheREADMEList() {
        Set<String> servedBad = new TreeSet<>();
        List<BadTokenCorpus.Case> cases = BadTokenCorpus.cases(trusted, untrusted, Clock.systemUTC());
        for (BadTokenCorpus.Case c : cases) {
            // Judged by the verifier just before and just after the server, on the same system
            // clock: a case at a time boundary counts as bad only if the verifier refused it both times.
            boolean acceptedBefore = accepts(verifier, c.token());
            boolean served = served(withToken(c.token()));
            if (served && !acceptedBefore && !accepts(verifier, c.token())) {
                servedBad.add(c.name());
            }
        }

        assertThat(cases).hasSizeGreaterThan(100);
        assertThat(servedBad).isEqualTo(new TreeSet<>(servedBadTokens()));
    }

    @Test
    void oddButValidTokensAndFreshSignerTokensAreServedButThoseTheREADMEList() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (BadTokenCorpus.Valid v : BadTokenCorpus.validTokens(trusted, Clock.systemUTC())) {
            urls.put(v.name(), withToken(v.token()));
        }
        for (Duration expiry : List.of(ContentTokenSigner.MIN_JAMF_EXPIRY, ContentTokenSigner.DEFAULT_EXPIRY,
                ContentTokenSigner.MAX_JAMF_EXPIRY)) {
            ContentTokenSigner signer = ContentTokenSigner.builder(trusted.getPrivate()).expiry(expiry).build();
            urls.put("signUrl, expiry " + expiry, signer.signUrl(server.uri(RecipeServer.CONTENT_PATH + "?a=1&token=old")));
            urls.put("sign, expiry " + expiry, withToken(signer.sign()));
        }
        urls.put("kid = thumbprint", withToken(ContentTokenSigner.builder(trusted.getPrivate())
                .keyId(RsaKeys.thumbprint((RSAPublicKey) trusted.getPublic())).build().sign()));

        Set<String> refused = new TreeSet<>(urls.keySet());
        refused.removeAll(servedNames(urls));
        assertThat(refused).isEqualTo(new TreeSet<>(refusedValidTokens()));
        assertThat(served(withToken(ContentTokenSigner.builder(untrusted.getPrivate()).build().sign()))).isFalse();
    }

    @Test
    void everyWycheproofVectorGetsTheVerifiersVerdictButThoseTheREADMEList() throws IOException {
        Map<RSAPublicKey, List<WycheproofFiles.Vector>> byKey = new LinkedHashMap<>();
        for (WycheproofFiles.Vector vector : WycheproofFiles.vectors()) {
            if (vector.key() != null) {
                byKey.computeIfAbsent(vector.key(), k -> new ArrayList<>()).add(vector);
            }
        }
        Set<String> differences = new TreeSet<>();
        int tried = 0;
        // One server per key: each vector meets a server holding exactly its key.
        for (Map.Entry<RSAPublicKey, List<WycheproofFiles.Vector>> group : byKey.entrySet()) {
            ContentTokenVerifier own = ContentTokenVerifier.builder(List.<PublicKey>of(group.getKey())).build();
            try (RecipeServer holder = startWith(dir.resolve("wycheproof-" + tried), List.of(group.getKey()))) {
                for (WycheproofFiles.Vector vector : group.getValue()) {
                    tried++;
                    if (served(holder, vector.jws()) != accepts(own, vector.jws())) {
                        differences.add(vector.name());
                    }
                }
            }
        }

        assertThat(tried).isGreaterThan(100);
        assertThat(differences).isEqualTo(new TreeSet<>(wycheproofDifferences()));
    }

    @Test
    void urlShapesNeverServeWhatTheVerifierRefuses() {
        String token = BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC());
        Set<String> refusedAccepted = new TreeSet<>();
        for (UrlShapes.Shape shape : UrlShapes.all(token)) {
            boolean served = served(server.uri(shape.pathAndQuery(RecipeServer.CONTENT_PATH, token)));
            if (shape.rejected().isPresent()) {
                assertThat(served).as(shape.name()).isFalse();
            } else if (!served) {
                refusedAccepted.add(shape.name());
            }
        }

        assertThat(refusedAccepted).isEqualTo(new TreeSet<>(refusedAcceptedShapes()));
        assertThat(get(server.uri(RecipeServer.CONTENT_PATH), "GET", null).statusCode()).isEqualTo(401);
    }

    @Test
    void rangeAndHeadWithAValidTokenAreServedAndWithoutOneRefused() {
        URI signed = withToken(BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC()));
        byte[] content = server.content();

        HttpResponse<byte[]> range = get(signed, "GET", "bytes=1000-1999");
        HttpResponse<byte[]> head = get(signed, "HEAD", null);
        HttpResponse<byte[]> full = get(signed, "GET", null);

        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(content);
        assertThat(get(server.uri(RecipeServer.CONTENT_PATH), "HEAD", null).statusCode()).isEqualTo(401);
        assertThat(get(server.uri(RecipeServer.CONTENT_PATH), "GET", "bytes=0-0").statusCode()).isEqualTo(401);
    }

    @Test
    void noTokenReachesTheLogs() {
        String valid = BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC());
        String other = BadTokenCorpus.jamfToken(untrusted.getPrivate(), Clock.systemUTC());
        int before = server.accessLog(0).lines().mapToInt(l -> 1).sum();

        assertThat(served(withToken(valid))).isTrue();
        assertThat(served(withToken(other))).isFalse();
        String accessLog = server.accessLog(before + 2);

        assertThat(accessLog.lines().count()).isGreaterThanOrEqualTo(before + 2);
        for (String token : List.of(valid, other)) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(accessLog).doesNotContain(signature);
            assertThat(server.errorLog()).doesNotContain(signature);
        }
        assertThat(accessLog).contains(RecipeServer.CONTENT_PATH).doesNotContain("?token=", "&token=");
    }

    @Test
    void duringARotationTokensOfBothKeysAreServedAndNoOther() throws IOException {
        KeyPair next = BadTokenCorpus.newKeyPair();
        try (RecipeServer rotating = startWith(dir.resolve("rotation"),
                List.of((RSAPublicKey) next.getPublic(), (RSAPublicKey) trusted.getPublic()))) {
            assertThat(served(rotating, BadTokenCorpus.jamfToken(next.getPrivate(), Clock.systemUTC()))).isTrue();
            assertThat(served(rotating, BadTokenCorpus.jamfToken(trusted.getPrivate(), Clock.systemUTC()))).isTrue();
            assertThat(served(rotating, BadTokenCorpus.jamfToken(untrusted.getPrivate(), Clock.systemUTC()))).isFalse();
        }
    }

    private RecipeServer startWith(Path where, List<RSAPublicKey> keys) throws IOException {
        return start(Files.createDirectories(where), keys);
    }

    private Set<String> servedNames(Map<String, URI> urls) {
        Set<String> served = new TreeSet<>();
        urls.forEach((name, url) -> {
            if (served(url)) {
                served.add(name);
            }
        });
        return served;
    }

    private static boolean accepts(ContentTokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return true;
        } catch (TokenRejectedException e) {
            return false;
        }
    }

    /** Served: the Range request got the first bytes of the file; anything else is a refusal. */
    private boolean served(URI url) {
        HttpResponse<byte[]> response = get(url, "GET", "bytes=0-" + RANGE_END);
        return response.statusCode() == 206
                && Arrays.equals(response.body(), Arrays.copyOfRange(server.content(), 0, RANGE_END + 1));
    }

    private boolean served(RecipeServer other, String token) {
        HttpResponse<byte[]> response = get(withToken(other, token), "GET", "bytes=0-" + RANGE_END);
        return response.statusCode() == 206;
    }

    private HttpResponse<byte[]> get(URI url, String method, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("no answer to " + method + " " + url.getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI withToken(String token) {
        return withToken(server, token);
    }

    /** The content URL with the token percent-encoded wherever it is not plain base64url and dots. */
    private static URI withToken(RecipeServer server, String token) {
        StringBuilder query = new StringBuilder("?token=");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                query.append(c);
            } else {
                query.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return server.uri(RecipeServer.CONTENT_PATH + query);
    }
}
