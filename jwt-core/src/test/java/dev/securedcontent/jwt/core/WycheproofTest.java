package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's JWS vectors: an outside corpus nobody on this project wrote.
 *
 * <p>RS256 groups: every {@code invalid} case is rejected; every {@code valid} case is rejected
 * only after its signature verified. Their payloads are not JWT claims ({@code foo}, empty, raw
 * bytes), and the verifier produces a message beginning {@code signed payload} (or a claims reason)
 * only after the RSA signature check passed (see the order in {@link ContentTokenVerifier}), so
 * that is the proof the signature was accepted. Every other group (HS256, ES256, PS256, RS384, ...)
 * is rejected whatever its {@code result}.
 */
class WycheproofTest {
    private static final Set<RejectionReason> CLAIMS_REASONS = EnumSet.of(RejectionReason.NO_EXPIRY,
            RejectionReason.WRONG_ISSUER, RejectionReason.WRONG_SUBJECT, RejectionReason.EXPIRED,
            RejectionReason.NOT_YET_VALID, RejectionReason.LIFETIME_TOO_LONG);

    @TestFactory
    List<DynamicTest> everyRs256VectorGetsItsVerdict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> group : WycheproofFiles.jwsTestGroups()) {
            if (!isRs256(group)) {
                continue;
            }
            ContentTokenVerifier verifier = verifierFor(group);
            for (Map<String, Object> test : tests(group)) {
                String jws = WycheproofFiles.jwsText(test.get("jws"));
                String name = "tc" + test.get("tcId") + " " + test.get("result") + " " + test.get("comment");
                if ("valid".equals(test.get("result"))) {
                    tests.add(DynamicTest.dynamicTest(name, () -> assertSignatureAcceptedThenClaimsRejected(verifier, jws)));
                } else {
                    tests.add(DynamicTest.dynamicTest(name, () -> assertRejectedBeforeClaims(verifier, jws)));
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyOtherGroupIsRejected() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> group : WycheproofFiles.jwsTestGroups()) {
            if (isRs256(group)) {
                continue;
            }
            ContentTokenVerifier verifier = verifierFor(group);
            for (Map<String, Object> test : tests(group)) {
                String jws = WycheproofFiles.jwsText(test.get("jws"));
                String name = "tc" + test.get("tcId") + " " + group.get("comment") + " " + test.get("comment");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    TokenRejectedException rejection = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(jws));
                    assertThat(rejection).as(name).isNotNull();
                }));
            }
        }
        return tests;
    }

    @Test
    void theVectorListMatchesTheGroups() {
        List<WycheproofFiles.Vector> vectors = WycheproofFiles.vectors();

        assertThat(vectors).hasSize(WycheproofFiles.jwsTestGroups().stream().mapToInt(g -> tests(g).size()).sum());
        assertThat(vectors.stream().filter(WycheproofFiles.Vector::rs256).count()).isGreaterThanOrEqualTo(226);
    }

    @Test
    void theRs256GroupsHoldAtLeastTheAdvertisedCases() {
        long rs256Cases = WycheproofFiles.jwsTestGroups().stream().filter(WycheproofTest::isRs256)
                .mapToLong(group -> tests(group).size()).sum();
        long valid = WycheproofFiles.jwsTestGroups().stream().filter(WycheproofTest::isRs256)
                .flatMap(group -> tests(group).stream()).filter(t -> "valid".equals(t.get("result"))).count();

        assertThat(rs256Cases).isGreaterThanOrEqualTo(226);
        assertThat(valid).isGreaterThanOrEqualTo(5);
    }

    private static void assertSignatureAcceptedThenClaimsRejected(ContentTokenVerifier verifier, String jws) {
        TokenRejectedException rejection = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(jws));

        assertThat(rejection).as("a Wycheproof payload is not a content token's claims").isNotNull();
        assertThat(isAfterSignature(rejection)).as(rejection.getMessage()).isTrue();
    }

    private static void assertRejectedBeforeClaims(ContentTokenVerifier verifier, String jws) {
        TokenRejectedException rejection = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(jws));

        assertThat(rejection).isNotNull();
        assertThat(isAfterSignature(rejection)).as("invalid vector got past the signature: " + rejection.getMessage()).isFalse();
    }

    /** True only for rejections the verifier produces after the RSA signature verified. */
    private static boolean isAfterSignature(TokenRejectedException rejection) {
        return CLAIMS_REASONS.contains(rejection.reason())
                || rejection.getMessage().startsWith("MALFORMED: signed payload");
    }

    private static boolean isRs256(Map<String, Object> group) {
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) group.get("public");
        return jwk != null && "RSA".equals(jwk.get("kty")) && "RS256".equals(jwk.get("alg"));
    }

    /** The group's RSA key when it has one (so only the algorithm can refuse), else an unrelated key. */
    private static ContentTokenVerifier verifierFor(Map<String, Object> group) {
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) group.get("public");
        if (jwk == null || !"RSA".equals(jwk.get("kty"))) {
            return ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic()).clock(TestKeys.CLOCK).build();
        }
        RSAPublicKey key = WycheproofFiles.rsaPublicKey(jwk);
        ContentTokenVerifier.Builder builder = ContentTokenVerifier.builder(key).clock(TestKeys.CLOCK);
        if (jwk.get("kid") instanceof String) {
            builder.acceptKey(key, (String) jwk.get("kid")); // the vectors name their key by kid
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tests(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("tests");
    }
}
