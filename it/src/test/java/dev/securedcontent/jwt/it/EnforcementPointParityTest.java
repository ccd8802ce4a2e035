package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.UrlShapes;
import dev.securedcontent.jwt.core.WycheproofFiles;
import dev.securedcontent.jwt.it.EnforcementPoint.Verdict;
import java.net.URI;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared tables every enforcement point of {@link EnforcementPoints#parity()} is held to: each
 * gives every token the verdict jwt-core's ContentTokenVerifier gives it, accepted or refused, 401
 * (MISSING) or 403, and the same RejectionReason. Enforcement points use the system clock, so each
 * URL is judged by the verifier just before and just after the enforcement point, which must agree
 * with one of the two. Each point is started once for all the tables.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.securedcontent.jwt.it.EnforcementPoints#parity")
class EnforcementPointParityTest {
    /** One subdirectory per point. */
    @TempDir
    static Path dirs;

    /** The point of the current invocation, started; static as the test instances of one invocation share it. */
    private static EnforcementPoint.Running running;
    private static KeyPair trusted;
    private static KeyPair untrusted;
    private static ContentTokenVerifier verifier;

    @Parameter
    EnforcementPoint point;

    @BeforeParameterizedClassInvocation
    static void startEnforcementPoint(EnforcementPoint point) throws Exception {
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
        verifier = ContentTokenVerifier.builder(List.<PublicKey>copyOf(accepted)).build();
        running = point.start(dirs.resolve(point.id()), accepted);
    }

    @AfterParameterizedClassInvocation
    static void stopEnforcementPoint() throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
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
        assertThat(running.verdicts(urls).values()).allSatisfy(verdict -> assertThat(verdict).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void freshSignerTokensAreServedAsTheVerifierAcceptsThem() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (Duration expiry : List.of(ContentTokenSigner.MIN_JAMF_EXPIRY, ContentTokenSigner.DEFAULT_EXPIRY,
                ContentTokenSigner.MAX_JAMF_EXPIRY)) {
            ContentTokenSigner signer = ContentTokenSigner.builder(trusted.getPrivate()).expiry(expiry).build();
            urls.put("signUrl, expiry " + expiry, signer.signUrl(running.contentUrl("a=1&token=old")));
            urls.put("sign, expiry " + expiry, withToken(signer.sign()));
        }
        ContentTokenSigner withKid = ContentTokenSigner.builder(trusted.getPrivate())
                .keyId(RsaKeys.thumbprint((RSAPublicKey) trusted.getPublic())).build();
        urls.put("kid = thumbprint", withToken(withKid.sign()));
        urls.put("signed by an unknown key", withToken(ContentTokenSigner.builder(untrusted.getPrivate()).build().sign()));

        assertThat(disagreements(urls)).isEmpty();
        assertThat(running.verdicts(Map.of("kid", urls.get("kid = thumbprint")))).containsEntry("kid", Verdict.ACCEPTED);
    }

    @Test
    void theShapesJamfProMaySendAreServedAndTheirNeighboursPastTheLimitsRefused() {
        Map<String, URI> urls = new LinkedHashMap<>();
        Map<String, URI> valid = new LinkedHashMap<>();
        JamfTokenShapes.valid(trusted, Clock.systemUTC()).forEach((name, token) -> valid.put(name, withToken(token)));
        urls.putAll(valid);
        JamfTokenShapes.refused(trusted, Clock.systemUTC()).forEach((name, token) -> urls.put(name, withToken(token)));

        assertThat(disagreements(urls)).isEmpty();
        assertThat(running.verdicts(valid)).allSatisfy((name, verdict) -> assertThat(verdict).as(name).isEqualTo(Verdict.ACCEPTED));
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
            urls.put(shape.name(), running.contentUrl(shape.query(token)));
            // The shared table's verdict is the verifier's: the enforcement point must match both.
            assertThat(verifierVerdict(urls.get(shape.name())).reason()).as(shape.name())
                    .isEqualTo(shape.rejected().map(Enum::name).orElse(null));
        }

        assertThat(disagreements(urls)).isEmpty();
        assertThat(running.verdicts(Map.of("no query", urls.get("no query")))).containsEntry("no query", point.seenByClients(new Verdict(401, "MISSING")));
    }

    /**
     * name: verifier verdict vs the enforcement point's, for every URL where it matched neither verifier
     * call (as the point's clients see verdicts: by status alone where its refusals carry no reason).
     */
    private List<String> disagreements(Map<String, URI> urls) {
        Map<String, Verdict> before = new LinkedHashMap<>();
        urls.forEach((name, url) -> before.put(name, point.seenByClients(verifierVerdict(url))));
        Map<String, Verdict> actual = running.verdicts(urls);
        List<String> disagreements = new ArrayList<>();
        urls.forEach((name, url) -> {
            Verdict after = point.seenByClients(verifierVerdict(url));
            if (!before.get(name).equals(actual.get(name)) && !after.equals(actual.get(name))) {
                disagreements.add(name + ": verifier " + before.get(name) + ", " + point + " " + actual.get(name));
            }
        });
        return disagreements;
    }

    private static Verdict verifierVerdict(URI url) {
        try {
            verifier.verifyUrl(url);
            return Verdict.ACCEPTED;
        } catch (TokenRejectedException e) {
            return new Verdict(e.reason().httpStatus(), e.reason().name());
        }
    }

    /** The content URL with the token percent-encoded wherever it is not plain base64url and dots. */
    private static URI withToken(String token) {
        StringBuilder query = new StringBuilder("token=");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                query.append(c);
            } else {
                query.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return running.contentUrl(query.toString());
    }
}
