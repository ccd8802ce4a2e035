package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our verifier against a strictly configured jjwt 0.13 parser (RS256 only, no decompression, exact
 * iss and sub, same clock and skew) on the bad-token corpus, the odd-but-valid tokens, fresh
 * signer tokens and every Wycheproof vector: both must agree on accept/reject, except for the
 * documented differences below, where we are stricter on purpose. The README's tokens section
 * lists the same table.
 */
class JjwtDifferentialTest {

    /** Corpus case name -> why we reject what jjwt accepts. Every entry must still differ. */
    static final Map<String, String> DOCUMENTED_DIFFERENCES = documentedDifferences();

    private static Map<String, String> documentedDifferences() {
        Map<String, String> d = new TreeMap<>();
        // Encoding: RFC 7515 says base64url without padding; a second spelling of one signature
        // lets a cache or a log see two tokens where there is one.
        d.put("padding '==' after the signature", "jjwt tolerates '=' padding; RFC 7515 forbids it");
        d.put("non-canonical trailing bits in the signature", "jjwt ignores unused bits, so one token has several spellings");
        // Key selection: a kid that names no accepted key is a confused or hostile signer.
        d.put("kid unknown, signed by the trusted key", "jjwt with verifyWith(key) ignores kid; we refuse a kid naming no accepted key");
        // crit: RFC 7515 4.1.11 forbids an empty list.
        d.put("crit empty array", "jjwt accepts crit []; RFC 7515 says it must not be empty");
        // Claims: the domain requires exp, an integer NumericDate, a bounded lifetime.
        d.put("no exp", "jjwt does not require exp; a content token without exp never expires");
        d.put("exp null", "jjwt treats exp null as absent (no expiry)");
        d.put("exp as a string", "jjwt converts a numeric string; NumericDate is a JSON number (RFC 7519 2)");
        d.put("exp with a fraction", "jjwt accepts fractional seconds; Jamf writes integers and we keep exp exact");
        d.put("exp in exponent notation", "jjwt accepts 1e10; we accept integers only");
        d.put("nbf as a string", "jjwt converts a numeric string; NumericDate is a JSON number");
        d.put("iat an hour ahead", "jjwt ignores iat; a token issued in the future is a clock or signer fault");
        d.put("lifetime beyond 120 minutes plus skew", "jjwt has no lifetime cap; Jamf tokens live at most 120 minutes");
        // Strict JSON: one value, bounded depth, valid Unicode.
        d.put("trailing data after the header JSON", "jjwt (Jackson) stops after the first JSON value; we refuse trailing data");
        d.put("two JSON objects in the payload", "jjwt (Jackson) reads only the first object; we refuse trailing data");
        d.put("header JSON nested 1000 deep", "jjwt has no depth bound this small; we bound nesting at 16");
        d.put("payload JSON nested 100 deep", "jjwt has no depth bound this small; we bound nesting at 16");
        d.put("payload lone surrogate escape", "jjwt (Jackson) accepts an unpaired \\ud800; it is not valid Unicode");
        return d;
    }

    private final Clock clock = TestKeys.CLOCK;

    @Test
    void agreesWithJjwtOnTheCorpusExceptForDocumentedDifferences() {
        ContentTokenVerifier ours = BadTokenCorpus.verifier(TestKeys.TRUSTED, clock);
        JwtParser jjwt = strictJjwt(TestKeys.TRUSTED.getPublic(), clock);
        Map<String, String> disagreements = new TreeMap<>();

        for (BadTokenCorpus.Case c : BadTokenCorpus.cases(TestKeys.TRUSTED, TestKeys.UNTRUSTED, clock)) {
            compare(c.name(), c.token(), ours, jjwt, disagreements);
        }
        for (BadTokenCorpus.Valid v : BadTokenCorpus.validTokens(TestKeys.TRUSTED, clock)) {
            compare(v.name(), v.token(), ours, jjwt, disagreements);
        }

        assertThat(disagreements.keySet()).isEqualTo(DOCUMENTED_DIFFERENCES.keySet());
        assertThat(disagreements.values()).as("every difference is us being stricter").containsOnly("ours rejects, jjwt accepts");
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

    static boolean accepts(ContentTokenVerifier ours, String token) {
        try {
            ours.verify(token);
            return true;
        } catch (TokenRejectedException e) {
            return false;
        }
    }

    private static void compare(String name, String token, ContentTokenVerifier ours, JwtParser jjwt, Map<String, String> disagreements) {
        boolean weAccept = accepts(ours, token);
        boolean jjwtAccepts = accepts(jjwt, token);
        if (weAccept != jjwtAccepts) {
            String detail = "ours " + (weAccept ? "accepts" : "rejects") + ", jjwt " + (jjwtAccepts ? "accepts" : "rejects");
            disagreements.put(name, detail);
        }
    }

}
