package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTokenVerifierTest {
    private final MutableClock clock = new MutableClock(TestKeys.NOW);
    private final long now = TestKeys.NOW.getEpochSecond();

    private ContentTokenVerifier.Builder verifier() {
        return ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic()).clock(clock);
    }

    private String token(long exp) {
        return RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp + "}", TestKeys.TRUSTED.getPrivate());
    }

    private static RejectionReason reasonOf(ThrowingVerify verify) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, verify::run);
        assertThat(e).as("expected a rejection").isNotNull();
        return e.reason();
    }

    @FunctionalInterface
    interface ThrowingVerify extends Executable {
        void run() throws Throwable;

        @Override
        default void execute() throws Throwable {
            run();
        }
    }

    @Test
    void returnsTheVerifiedTokensParts() throws TokenRejectedException {
        String token = RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 5) + "}",
                TestKeys.TRUSTED.getPrivate());

        VerifiedContentToken verified = verifier().build().verify(token);

        assertThat(verified.expiresAt()).isEqualTo(TestKeys.NOW.plusSeconds(300));
        assertThat(verified.notBefore()).contains(TestKeys.NOW.minusSeconds(5));
        assertThat(verified.header()).isEqualTo(Map.of("alg", "RS256"));
        assertThat(verified.claims()).containsEntry("exp", now + 300).containsEntry("iss", "JSS");
        assertThat(verified.key()).isEqualTo(TestKeys.TRUSTED.getPublic());
        assertThatThrownBy(() -> verified.claims().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noNbfMeansAnEmptyNotBefore() throws TokenRejectedException {
        assertThat(verifier().build().verify(token(now + 300)).notBefore()).isEqualTo(Optional.empty());
    }

    @Test
    void acceptsEveryKeyOfARotation() throws TokenRejectedException {
        ContentTokenVerifier both = ContentTokenVerifier.builder(List.of(TestKeys.TRUSTED.getPublic(), TestKeys.UNTRUSTED.getPublic()))
                .clock(clock).build();
        String byNewKey = BadTokenCorpus.jamfToken(TestKeys.UNTRUSTED.getPrivate(), clock);

        assertThat(both.verify(byNewKey).key()).isEqualTo(TestKeys.UNTRUSTED.getPublic());
        assertThat(both.verify(token(now + 60)).key()).isEqualTo(TestKeys.TRUSTED.getPublic());
    }

    @Test
    void aKidSelectsAKeyByItsConfiguredId() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().acceptKey(TestKeys.UNTRUSTED.getPublic(), "second").build();
        String token = RawJws.rs256("{\"alg\":\"RS256\",\"kid\":\"second\"}",
                BadTokenCorpus.jamfPayload(clock, 60), TestKeys.UNTRUSTED.getPrivate());
        String wrongKid = RawJws.rs256("{\"alg\":\"RS256\",\"kid\":\"second\"}",
                BadTokenCorpus.jamfPayload(clock, 60), TestKeys.TRUSTED.getPrivate());

        assertThat(verifier.verify(token).key()).isEqualTo(TestKeys.UNTRUSTED.getPublic());
        assertThat(reasonOf(() -> verifier.verify(wrongKid))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void expiryHonoursTheSkewToTheSecond() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().build();

        assertThat(verifier.verify(token(now - 59)).expiresAt().getEpochSecond()).isEqualTo(now - 59);
        assertThat(reasonOf(() -> verifier.verify(token(now - 60)))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void zeroSkewRefusesATokenAtItsExp() {
        ContentTokenVerifier verifier = verifier().clockSkew(Duration.ZERO).build();

        assertThat(reasonOf(() -> verifier.verify(token(now)))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void nbfHonoursTheSkew() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().build();
        String atSkew = RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now + 60) + "}", TestKeys.TRUSTED.getPrivate());
        String beyond = RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now + 61) + "}", TestKeys.TRUSTED.getPrivate());

        assertThat(verifier.verify(atSkew).notBefore()).contains(TestKeys.NOW.plusSeconds(60));
        assertThat(reasonOf(() -> verifier.verify(beyond))).isEqualTo(RejectionReason.NOT_YET_VALID);
    }

    @Test
    void lifetimeIsCappedAtMaxLifetimePlusSkew() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().maxLifetime(Duration.ofMinutes(10)).build();

        assertThat(verifier.verify(token(now + 660)).expiresAt().getEpochSecond()).isEqualTo(now + 660);
        assertThat(reasonOf(() -> verifier.verify(token(now + 661)))).isEqualTo(RejectionReason.LIFETIME_TOO_LONG);
    }

    @Test
    void lengthIsCheckedBeforeAnythingElse() {
        String token = token(now + 300);
        ContentTokenVerifier verifier = verifier().maxTokenLength(token.length() - 1).build();

        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));

        assertThat(e.reason()).isEqualTo(RejectionReason.TOO_LONG);
        assertThat(e.getMessage()).isEqualTo("TOO_LONG: token is " + token.length() + " characters, more than the maximum of "
                + (token.length() - 1) + "; a Jamf Pro token is under 1000 (raise maxTokenLength only for unusually large keys)");
    }

    @Test
    void nullIsMissing() {
        assertThat(reasonOf(() -> verifier().build().verify(null))).isEqualTo(RejectionReason.MISSING);
    }

    @Test
    void messagesFollowReasonWhatFix() {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier().build().verify(RawJws.rs256("{\"alg\":\"HS256\"}", "{}", TestKeys.TRUSTED.getPrivate())));

        assertThat(e.getMessage()).isEqualTo("UNSUPPORTED_ALGORITHM: alg is \"HS256\"; only RS256 is accepted"
                + " (Jamf Pro signs every content token with RS256)");
    }

    @Test
    void hostileHeaderValuesAreNotEchoed() {
        String hostile = "none\\r\\nINFO forged log line";
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier().build().verify(RawJws.b64("{\"alg\":\"" + hostile + "\"}") + ".e30."));

        assertThat(e.getMessage()).contains("alg is a 26-character string").doesNotContain("forged");
    }

    @Test
    void signedLookAlikeClaimsAreShownAsAsciiEscapes() {
        String homoglyph = RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                "{\"sub\":\"AppManifest\",\"iss\":\"J\\u0405S\",\"exp\":" + (now + 300) + "}", TestKeys.TRUSTED.getPrivate());

        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier().build().verify(homoglyph));

        assertThat(e.getMessage()).isEqualTo("WRONG_ISSUER: iss is \"J\\u0405S\"; Jamf Pro content tokens have iss exactly \"JSS\"");
    }

    @Test
    void base64ProblemsNameTheSegmentAndIndex() {
        String token = token(now + 300);

        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier().build().verify(token + "="));

        assertThat(e.getMessage()).isEqualTo("MALFORMED: signature segment is not strict base64url: padding '=' at index "
                + token.length() + "; segments are unpadded base64url without whitespace");
    }

    // ---- verifyUrl ----

    @Test
    void verifyUrlReadsTheTokenParameter() throws TokenRejectedException {
        URI url = URI.create("https://example.com/app.ipa?a=1&token=" + token(now + 300) + "&b=2#x");

        assertThat(verifier().build().verifyUrl(url).subject()).isEqualTo("AppManifest");
    }

    @Test
    void verifyUrlPercentDecodesTheValue() throws TokenRejectedException {
        URI url = URI.create("https://example.com/app.ipa?token=" + token(now + 300).replace(".", "%2E"));

        assertThat(verifier().build().verifyUrl(url).issuer()).isEqualTo("JSS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/app.ipa", "https://example.com/app.ipa?", "https://example.com/app.ipa?token=",
        "https://example.com/app.ipa?token", "https://example.com/app.ipa?tokens=x&my_token=y", "https://example.com/app.ipa#token=x"})
    void verifyUrlWithoutATokenIsMissing(String url) {
        assertThat(reasonOf(() -> verifier().build().verifyUrl(URI.create(url)))).isEqualTo(RejectionReason.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token=A&token=B", "token=A&Token=B", "token=A&tok%65n=B", "token=&token=B"})
    void verifyUrlWithARepeatedTokenIsAmbiguous(String query) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier().build().verifyUrl(URI.create("https://example.com/app.ipa?" + query)));

        assertThat(e.reason()).isEqualTo(RejectionReason.AMBIGUOUS);
        assertThat(e.getMessage()).contains("2 token query parameters");
    }

    @Test
    void verifyUrlWithATokenThatIsNotUtf8IsMalformed() {
        assertThat(reasonOf(() -> verifier().build().verifyUrl(URI.create("https://example.com/a?token=abc%FF"))))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void verifyUrlRefusesATokenParameterTooLongToBeATokenBeforePercentDecoding() {
        ContentTokenVerifier verifier = verifier().maxTokenLength(100).build();
        // Would decode to invalid UTF-8 (MALFORMED); the length bound must come first.
        URI url = URI.create("https://example.com/a?token=" + "%C3".repeat(101));

        assertThat(reasonOf(() -> verifier.verifyUrl(url))).isEqualTo(RejectionReason.TOO_LONG);
    }

    @Test
    void verifyUrlAcceptsAFullyPercentEncodedTokenAtTheLengthLimit() throws TokenRejectedException {
        String token = token(now + 300);
        StringBuilder encoded = new StringBuilder();
        token.chars().forEach(c -> encoded.append(String.format("%%%02X", c)));
        ContentTokenVerifier verifier = verifier().maxTokenLength(token.length()).build();

        assertThat(verifier.verifyUrl(URI.create("https://example.com/a?token=" + encoded)).issuer()).isEqualTo("JSS");
    }

    @Test
    void verifyUrlOfNullIsMissing() {
        assertThat(reasonOf(() -> verifier().build().verifyUrl(null))).isEqualTo(RejectionReason.MISSING);
    }

    // ---- cache ----

    @Test
    void aCachedTokenIsTheSameVerifiedInstance() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).build();
        String token = token(now + 300);

        VerifiedContentToken first = verifier.verify(token);

        assertThat(verifier.verify(new String(token.toCharArray()))).isSameAs(first);
    }

    @Test
    void cacheHitsAndFullChecksAreCounted() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).build();
        String token = token(now + 300);

        verifier.verify(token);
        verifier.verify(token);
        verifier.verify(token);
        reasonOf(() -> verifier.verify("not.a.token"));
        reasonOf(() -> verifier.verify(""));

        assertThat(verifier.fullChecks()).isEqualTo(2);
        assertThat(verifier.cacheHits()).isEqualTo(2);
    }

    @Test
    void theGateRunsBeforeEachFullCheckOnlyAndWhatItThrowsRefusesBeforeAnyParsing() throws TokenRejectedException {
        List<String> gate = new ArrayList<>();
        boolean[] closed = {false};
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).beforeFullCheck(() -> {
            gate.add("full check");
            if (closed[0]) {
                throw new IllegalStateException("over budget");
            }
        }).build();
        String token = token(now + 300);

        verifier.verify(token);
        closed[0] = true;
        verifier.verify(token);
        reasonOf(() -> verifier.verify(""));
        assertThatThrownBy(() -> verifier.verify(token(now + 301))).isInstanceOf(IllegalStateException.class);

        assertThat(gate).hasSize(2);
        assertThat(verifier.cacheHits()).isEqualTo(1);
        assertThat(verifier.fullChecks()).as("the refused one was not checked").isEqualTo(1);
    }

    @Test
    void withoutACacheEveryVerificationIsFresh() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().build();
        String token = token(now + 300);

        assertThat(verifier.verify(token)).isNotSameAs(verifier.verify(token)).isEqualTo(verifier.verify(token));
    }

    @Test
    void aCachedTokenIsRefusedOnceExpired() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).build();
        String token = token(now + 300);
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(300 + 60));

        assertThat(reasonOf(() -> verifier.verify(token))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void aCachedTokenIsRefusedWhenTheClockGoesBackBeforeItsNbf() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).build();
        String token = RawJws.rs256(BadTokenCorpus.JAMF_HEADER,
                "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + now + "}", TestKeys.TRUSTED.getPrivate());
        verifier.verify(token);

        clock.set(TestKeys.NOW.minusSeconds(61));

        assertThat(reasonOf(() -> verifier.verify(token))).isEqualTo(RejectionReason.NOT_YET_VALID);
    }

    @Test
    void aCachedTokenIsRefusedWhenTheClockGoesBackBeyondItsMaximumLifetime() throws TokenRejectedException {
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).build();
        String token = token(now + Duration.ofMinutes(120).getSeconds());
        verifier.verify(token);

        clock.set(TestKeys.NOW.minus(Duration.ofMinutes(10)));

        assertThat(reasonOf(() -> verifier.verify(token))).isEqualTo(RejectionReason.LIFETIME_TOO_LONG);
    }

    @Test
    void rejectedTokensAreNeverCached() {
        ContentTokenVerifier verifier = verifier().cacheVerifiedTokens(100).build();
        String forged = BadTokenCorpus.jamfToken(TestKeys.UNTRUSTED.getPrivate(), clock);

        assertThat(reasonOf(() -> verifier.verify(forged))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(forged))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void theCacheStaysWithinItsBound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10);
        VerifiedContentToken any = new VerifiedContentToken(TestKeys.NOW, Optional.empty(), Map.of(), Map.of(), null);

        for (int i = 0; i < 1000; i++) {
            cache.put("token-" + i, new VerifiedTokenCache.Entry(any, now + 300, Long.MIN_VALUE, Long.MIN_VALUE), now - 60);
        }

        assertThat(cache.size()).isBetween(1, 10);
    }

    @Test
    void theCacheEvictsExpiredEntriesFirst() {
        VerifiedTokenCache cache = new VerifiedTokenCache(4);
        VerifiedContentToken any = new VerifiedContentToken(TestKeys.NOW, Optional.empty(), Map.of(), Map.of(), null);
        cache.put("live", new VerifiedTokenCache.Entry(any, now + 300, Long.MIN_VALUE, Long.MIN_VALUE), now - 60);
        for (int i = 0; i < 3; i++) {
            cache.put("dead-" + i, new VerifiedTokenCache.Entry(any, now - 100, Long.MIN_VALUE, Long.MIN_VALUE), now - 200);
        }

        cache.put("new", new VerifiedTokenCache.Entry(any, now + 300, Long.MIN_VALUE, Long.MIN_VALUE), now - 60);

        assertThat(cache.get("live")).isNotNull();
        assertThat(cache.get("new")).isNotNull();
        assertThat(cache.get("dead-0")).isNull();
    }

    @Test
    void theVerifierIsThreadSafeWithAndWithoutTheCache() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(token(now + 100 + i));
        }
        for (ContentTokenVerifier verifier : List.of(verifier().build(), verifier().cacheVerifiedTokens(4).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<VerifiedContentToken>> results = new ArrayList<>();
                for (int round = 0; round < 25; round++) {
                    for (String token : tokens) {
                        results.add(pool.submit(() -> verifier.verify(token)));
                    }
                }
                for (Future<VerifiedContentToken> result : results) {
                    assertThat(result.get().issuer()).isEqualTo("JSS");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ---- builder ----

    @Test
    void refusesRsaKeysUnder2048Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        PublicKey small = generator.generateKeyPair().getPublic();

        assertThatThrownBy(() -> ContentTokenVerifier.builder(small))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accepted key #1 is an RSA key of 1024 bits; RS256 needs 2048 or more: generate a new key pair"
                        + " (openssl genrsa -out key.pem 2048) and configure it in Jamf Pro");
    }

    @Test
    void refusesNonRsaKeysNamingWhichOne() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair ec = generator.generateKeyPair();

        assertThatThrownBy(() -> ContentTokenVerifier.builder(List.of(TestKeys.TRUSTED.getPublic(), ec.getPublic())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("accepted key #2 is EC, not RSA");
    }

    @Test
    void refusesNoKeys() {
        assertThatThrownBy(() -> ContentTokenVerifier.builder(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no accepted keys");
        assertThatThrownBy(() -> ContentTokenVerifier.builder((PublicKey) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accepted key #1 is null");
    }

    @Test
    void refusesOptionsOutOfRange() {
        assertThatThrownBy(() -> verifier().clockSkew(Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().clockSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().maxLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().maxTokenLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().maxTokenLength(65_537)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().cacheVerifiedTokens(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier().clock(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOneKeyIdForTwoKeys() {
        assertThatThrownBy(() -> verifier().acceptKey(TestKeys.TRUSTED.getPublic(), "k").acceptKey(TestKeys.UNTRUSTED.getPublic(), "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already given to another accepted key");
    }

    @Test
    void theSameKeyTwiceIsAcceptedOnce() throws TokenRejectedException {
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(List.of(TestKeys.TRUSTED.getPublic(), TestKeys.TRUSTED.getPublic()))
                .clock(clock).build();

        assertThat(verifier.verify(token(now + 10)).issuer()).isEqualTo("JSS");
    }
}
