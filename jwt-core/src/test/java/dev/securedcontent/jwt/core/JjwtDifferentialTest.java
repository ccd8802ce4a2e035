package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.RejectionReason.EXPIRED;
import static dev.securedcontent.jwt.core.RejectionReason.LIFETIME_TOO_LONG;
import static dev.securedcontent.jwt.core.RejectionReason.MALFORMED;
import static dev.securedcontent.jwt.core.RejectionReason.NOT_YET_VALID;
import static dev.securedcontent.jwt.core.RejectionReason.NO_EXPIRY;
import static dev.securedcontent.jwt.core.RejectionReason.TOO_LONG;
import static dev.securedcontent.jwt.core.RejectionReason.UNKNOWN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our verifier against a strictly configured jjwt 0.13 parser (RS256 only, no decompression, exact
 * iss and sub, same clock and skew) on the bad-token corpus, the odd-but-valid tokens, the edge
 * cases below, fresh signer tokens and every Wycheproof vector: both must agree on accept/reject,
 * except for the documented differences. In all but one kind we refuse what jjwt accepts, on
 * purpose; the one kind where jjwt is stricter is a malformed key parameter ({@code jwk},
 * {@code x5c}, {@code jku}, ...) in a header signed by an accepted key, which we ignore by design
 * (see {@link #DOCUMENTED_DIFFERENCES}). The README's tokens section lists the same table, and
 * {@link ContentTokenVerifierFuzzTest} takes its allowances from it.
 */
class JjwtDifferentialTest {

    /**
     * One documented difference: the reason we refuse with while jjwt accepts, or (when
     * {@code ours} is null) we accept while jjwt refuses; and why.
     */
    record Difference(RejectionReason ours, String why) {
        static Difference weRefuse(RejectionReason reason, String why) {
            return new Difference(java.util.Objects.requireNonNull(reason, "reason"), why);
        }

        static Difference weAccept(String why) {
            return new Difference(null, why);
        }

        /** How {@link #compare} reports it: jjwt accepts exactly when we refuse. */
        String outcome() {
            return outcome(ours, ours != null);
        }

        static String outcome(RejectionReason ours, boolean jjwtAccepts) {
            return (ours == null ? "ours accepts" : "ours rejects (" + ours + ")") + ", jjwt " + (jjwtAccepts ? "accepts" : "rejects");
        }
    }

    private static final String EXP_AT_SKEW_BOUNDARY = "exp exactly the clock skew ago (now == exp + skew)";
    private static final String VALIDLY_SIGNED_TOO_LONG = "validly signed, longer than 4096 characters";

    /** Malformed values of key parameters, each in a header otherwise like Jamf's, signed by the trusted key. */
    private static final Map<String, String> MALFORMED_KEY_PARAMETERS = Map.of(
            "jwk", "{\"kty\":\"RSA\"}",
            "x5c", "[\"not a certificate\"]",
            "jku", "\"not a URL\"");

    /** Case name -> the documented difference. Every entry must still differ, exactly this way. */
    static final Map<String, Difference> DOCUMENTED_DIFFERENCES = documentedDifferences();

    /**
     * Header parameters that carry or point at keys. We never read them (a key is found only
     * among the accepted keys, by kid or by trying each), so their content cannot change which key
     * verifies; jjwt parses and validates them and refuses a malformed one.
     */
    static final Set<String> IGNORED_KEY_PARAMETERS = Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256");

    private static Map<String, Difference> documentedDifferences() {
        Map<String, Difference> d = new TreeMap<>();
        // Encoding: RFC 7515 says base64url without padding; a second spelling of one signature
        // lets a cache or a log see two tokens where there is one.
        d.put("padding '==' after the signature", Difference.weRefuse(MALFORMED, "jjwt tolerates '=' padding; RFC 7515 forbids it"));
        d.put("non-canonical trailing bits in the signature", Difference.weRefuse(MALFORMED, "jjwt ignores unused bits, so one token has several spellings"));
        // Length: bounded work before any decoding; jjwt has no bound.
        d.put(VALIDLY_SIGNED_TOO_LONG, Difference.weRefuse(TOO_LONG, "jjwt has no length bound; we refuse more than maxTokenLength (4096) characters before decoding, and a Jamf token is under 1000"));
        // Key selection: a kid that names no accepted key is a confused or hostile signer.
        d.put("kid unknown, signed by the trusted key", Difference.weRefuse(UNKNOWN_KEY, "jjwt with verifyWith(key) ignores kid; we refuse a kid naming no accepted key"));
        // Key parameters: the one place jjwt is stricter. We keep accepting: Jamf never sends
        // them and they are never used to find a key, so a malformed one cannot steer
        // verification; whoever made the token holds an accepted private key and could as well
        // have left them out. Refusing would mean parsing untrusted JWKs, URLs and certificate
        // chains only to throw them away: more code on the attack surface, no security gained.
        for (String parameter : MALFORMED_KEY_PARAMETERS.keySet()) {
            d.put(malformedKeyParameterCase(parameter), Difference.weAccept("jjwt parses " + parameter + " and refuses it malformed; we never read it"));
        }
        // crit: RFC 7515 4.1.11 forbids an empty list.
        d.put("crit empty array", Difference.weRefuse(MALFORMED, "jjwt accepts crit []; RFC 7515 says it must not be empty"));
        // Claims: the domain requires exp, an integer NumericDate, a bounded lifetime.
        d.put("no exp", Difference.weRefuse(NO_EXPIRY, "jjwt does not require exp; a content token without exp never expires"));
        d.put("exp null", Difference.weRefuse(MALFORMED, "jjwt treats exp null as absent (no expiry)"));
        d.put("exp as a string", Difference.weRefuse(MALFORMED, "jjwt converts a numeric string; NumericDate is a JSON number (RFC 7519 2)"));
        d.put("exp with a fraction", Difference.weRefuse(MALFORMED, "jjwt accepts fractional seconds; Jamf writes integers and we keep exp exact"));
        d.put("exp in exponent notation", Difference.weRefuse(MALFORMED, "jjwt accepts 1e10; we accept integers only"));
        d.put(EXP_AT_SKEW_BOUNDARY, Difference.weRefuse(EXPIRED, "jjwt still accepts at exactly exp + skew; RFC 7519 4.1.4: must not be accepted on or after exp"));
        d.put("nbf as a string", Difference.weRefuse(MALFORMED, "jjwt converts a numeric string; NumericDate is a JSON number"));
        d.put("iat an hour ahead", Difference.weRefuse(NOT_YET_VALID, "jjwt ignores iat; a token issued in the future is a clock or signer fault"));
        d.put("lifetime beyond 120 minutes plus skew", Difference.weRefuse(LIFETIME_TOO_LONG, "jjwt has no lifetime cap; Jamf tokens live at most 120 minutes"));
        // Strict JSON: one value, bounded depth, valid Unicode.
        d.put("trailing data after the header JSON", Difference.weRefuse(MALFORMED, "jjwt (Jackson) stops after the first JSON value; we refuse trailing data"));
        d.put("two JSON objects in the payload", Difference.weRefuse(MALFORMED, "jjwt (Jackson) reads only the first object; we refuse trailing data"));
        d.put("header JSON nested 1000 deep", Difference.weRefuse(MALFORMED, "jjwt has no depth bound this small; we bound nesting at 16"));
        d.put("payload JSON nested 100 deep", Difference.weRefuse(MALFORMED, "jjwt has no depth bound this small; we bound nesting at 16"));
        d.put("payload lone surrogate escape", Difference.weRefuse(MALFORMED, "jjwt (Jackson) accepts an unpaired \\ud800; it is not valid Unicode"));
        return d;
    }

    /** The reasons we refuse with where jjwt accepts, from {@link #DOCUMENTED_DIFFERENCES}. */
    static Set<RejectionReason> reasonsWeAreStricterWith() {
        Set<RejectionReason> reasons = EnumSet.noneOf(RejectionReason.class);
        DOCUMENTED_DIFFERENCES.values().stream().map(Difference::ours).filter(java.util.Objects::nonNull).forEach(reasons::add);
        return reasons;
    }

    private static String malformedKeyParameterCase(String parameter) {
        return parameter + " malformed, signed by the trusted key";
    }

    /**
     * Tokens at the edges of our own rules, compared here only: the shared corpus's cases are
     * also run against the nginx recipe, which this test does not speak for.
     */
    static Map<String, String> edgeCases(KeyPair trusted, Clock clock) {
        PrivateKey good = trusted.getPrivate();
        String payload = BadTokenCorpus.jamfPayload(clock, 300);
        Map<String, String> edges = new TreeMap<>();
        edges.put(EXP_AT_SKEW_BOUNDARY, RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                BadTokenCorpus.jamfPayload(clock, -ContentTokenVerifier.DEFAULT_CLOCK_SKEW.getSeconds()), good));
        MALFORMED_KEY_PARAMETERS.forEach((parameter, value) -> edges.put(malformedKeyParameterCase(parameter),
                RawJws.rs256("{\"alg\":\"RS256\",\"" + parameter + "\":" + value + "}", payload, good)));
        String padded = payload.substring(0, payload.length() - 1) + ",\"pad\":\"" + "x".repeat(3300) + "\"}";
        edges.put(VALIDLY_SIGNED_TOO_LONG, RawJws.rs256(BadTokenCorpus.JAMF_HEADER, padded, good));
        return edges;
    }

    private final Clock clock = TestKeys.CLOCK;

    @Test
    void agreesWithJjwtOnTheCorpusAndEdgesExceptForDocumentedDifferences() {
        // given
        ContentTokenVerifier ours = BadTokenCorpus.verifier(TestKeys.TRUSTED, clock);
        JwtParser jjwt = strictJjwt(TestKeys.TRUSTED.getPublic(), clock);
        Map<String, String> tokens = new TreeMap<>();
        BadTokenCorpus.cases(TestKeys.TRUSTED, TestKeys.UNTRUSTED, clock).forEach(c -> tokens.put(c.name(), c.token()));
        BadTokenCorpus.validTokens(TestKeys.TRUSTED, clock).forEach(v -> tokens.put(v.name(), v.token()));
        Map<String, String> edges = edgeCases(TestKeys.TRUSTED, clock);
        assertThat(edges.keySet()).as("edge case names are new").doesNotContainAnyElementsOf(tokens.keySet());
        tokens.putAll(edges);

        // when
        Map<String, String> disagreements = new TreeMap<>();
        tokens.forEach((name, token) -> compare(name, token, ours, jjwt, disagreements));

        // then
        Map<String, String> documented = new TreeMap<>();
        DOCUMENTED_DIFFERENCES.forEach((name, difference) -> documented.put(name, difference.outcome()));
        assertThat(disagreements).isEqualTo(documented);
    }

    @Test
    void jjwtIsStricterOnlyOnKeyParametersWeNeverRead() throws TokenRejectedException {
        // given
        ContentTokenVerifier ours = BadTokenCorpus.verifier(TestKeys.TRUSTED, clock);
        Map<String, String> edges = edgeCases(TestKeys.TRUSTED, clock);
        List<String> jjwtStricter = DOCUMENTED_DIFFERENCES.entrySet().stream()
                .filter(e -> e.getValue().ours() == null).map(Map.Entry::getKey).toList();

        // when / then
        assertThat(jjwtStricter).hasSize(MALFORMED_KEY_PARAMETERS.size());
        for (String name : jjwtStricter) {
            VerifiedContentToken verified = ours.verify(edges.get(name));
            assertThat(verified.header().keySet()).as(name).containsAnyElementsOf(IGNORED_KEY_PARAMETERS);
            assertThat(verified.header().keySet()).as(name).isSubsetOf(union(Set.of("alg"), IGNORED_KEY_PARAMETERS));
        }
    }

    @Test
    void agreesWithJjwtOnFreshSignerTokens() {
        ContentTokenVerifier ours = BadTokenCorpus.verifier(TestKeys.TRUSTED, clock);
        JwtParser jjwt = strictJjwt(TestKeys.TRUSTED.getPublic(), clock);
        Map<String, String> disagreements = new TreeMap<>();

        for (int minutes : new int[] {1, 5, 60, 120}) {
            String token = ContentTokenSigner.builder(TestKeys.TRUSTED.getPrivate())
                    .expiry(java.time.Duration.ofMinutes(minutes)).clock(clock).build().sign();
            compare("fresh " + minutes + " min", token, ours, jjwt, disagreements);
            assertThat(accepts(ours, token)).isTrue();
        }

        assertThat(disagreements).isEmpty();
    }

    @Test
    void agreesWithJjwtOnEveryWycheproofVector() {
        Map<String, String> disagreements = new TreeMap<>();
        for (Map<String, Object> group : WycheproofFiles.jwsTestGroups()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) group.get("public");
            PublicKey key = jwk != null && "RSA".equals(jwk.get("kty"))
                    ? WycheproofFiles.rsaPublicKey(jwk) : TestKeys.TRUSTED.getPublic();
            ContentTokenVerifier.Builder builder = ContentTokenVerifier.builder(key).clock(clock);
            if (jwk != null && jwk.get("kid") instanceof String && key != TestKeys.TRUSTED.getPublic()) {
                builder.acceptKey(key, (String) jwk.get("kid"));
            }
            ContentTokenVerifier ours = builder.build();
            JwtParser jjwt = strictJjwt(key, clock);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> tests = (List<Map<String, Object>>) group.get("tests");
            for (Map<String, Object> test : tests) {
                compare("wycheproof tc" + test.get("tcId"), WycheproofFiles.jwsText(test.get("jws")), ours, jjwt, disagreements);
            }
        }

        assertThat(disagreements).isEmpty();
    }

    /** jjwt as strict as it can be made: RS256 only, no decompression, exact iss/sub, same clock and skew. */
    static JwtParser strictJjwt(PublicKey key, Clock clock) {
        return Jwts.parser()
                .verifyWith(key)
                .sig().clear().add(Jwts.SIG.RS256).and()
                .zip().clear().and()
                .requireIssuer(ContentTokens.ISSUER)
                .requireSubject(ContentTokens.SUBJECT)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(60)
                .build();
    }

    static boolean accepts(JwtParser jjwt, String token) {
        try {
            jjwt.parseSignedClaims(token);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The reason we refuse {@code token} with, or null when we accept it. */
    static RejectionReason refusal(ContentTokenVerifier ours, String token) {
        try {
            ours.verify(token);
            return null;
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }

    static boolean accepts(ContentTokenVerifier ours, String token) {
        return refusal(ours, token) == null;
    }

    private static void compare(String name, String token, ContentTokenVerifier ours, JwtParser jjwt, Map<String, String> disagreements) {
        RejectionReason ourRefusal = refusal(ours, token);
        boolean jjwtAccepts = accepts(jjwt, token);
        if ((ourRefusal == null) != jjwtAccepts) {
            disagreements.put(name, Difference.outcome(ourRefusal, jjwtAccepts));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
