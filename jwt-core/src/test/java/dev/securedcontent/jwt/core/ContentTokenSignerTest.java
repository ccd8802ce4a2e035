package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTokenSignerTest {
    private final PrivateKey key = TestKeys.TRUSTED.getPrivate();
    private final long now = TestKeys.NOW.getEpochSecond();

    private ContentTokenSigner.Builder signer() {
        return ContentTokenSigner.builder(key).clock(TestKeys.CLOCK);
    }

    private static String decoded(String token, int segment) {
        String part = token.split("\\.")[segment];
        return new String(Base64Url.decode(part, 0, part.length()), StandardCharsets.UTF_8);
    }

    @Test
    void signsExactlyJamfsHeaderAndPayload() {
        String token = signer().build().sign();

        assertThat(decoded(token, 0)).isEqualTo("{\"alg\":\"RS256\"}");
        assertThat(decoded(token, 1)).isEqualTo("{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}");
        assertThat(token.split("\\.")[2]).hasSize(342); // 256 bytes, unpadded base64url
    }

    @Test
    void expIsNowRoundedDownPlusTheExpiry() {
        Clock almostNextSecond = Clock.fixed(TestKeys.NOW.plusMillis(999), ZoneOffset.UTC);

        String token = signer().clock(almostNextSecond).expiry(Duration.ofMinutes(120)).build().sign();

        assertThat(decoded(token, 1)).endsWith("\"exp\":" + (now + 7200) + "}");
    }

    @Test
    void defaultsMatchJamfPro() {
        ContentTokenSigner signer = ContentTokenSigner.builder(key).build();

        assertThat(signer.expiry()).isEqualTo(Duration.ofMinutes(5)).isEqualTo(ContentTokenSigner.DEFAULT_EXPIRY);
    }

    @Test
    void keyIdAddsAKidHeaderOnlyWhenSet() {
        String token = signer().keyId("rotation-2026").build().sign();

        assertThat(decoded(token, 0)).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"rotation-2026\"}");
    }

    @Test
    void extraClaimsGoAfterExpInTheirOrder() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("aud", "downloads");
        extra.put("n", 7);
        extra.put("list", List.of("a\"b"));

        String token = signer().extraClaims(extra).build().sign();

        assertThat(decoded(token, 1)).isEqualTo("{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300)
                + ",\"aud\":\"downloads\",\"n\":7,\"list\":[\"a\\\"b\"]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "iss", "exp"})
    void extraClaimsCannotReplaceTheFixedOnes(String name) {
        assertThatThrownBy(() -> signer().extraClaims(Map.of(name, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + name + "\" would replace a fixed claim");
    }

    @Test
    void extraClaimsOfUnsupportedTypesAreRefusedAtBuildTime() {
        assertThatThrownBy(() -> signer().extraClaims(Map.of("when", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write a java.time.Instant as JSON");
    }

    @ParameterizedTest
    @ValueSource(longs = {60, 300, 7200})
    void acceptsJamfsExpiryRange(long seconds) {
        assertThat(signer().expiry(Duration.ofSeconds(seconds)).build().expiry()).hasSeconds(seconds);
    }

    @ParameterizedTest
    @ValueSource(longs = {59, 7201, 86400})
    void refusesExpiriesOutsideJamfsRange(long seconds) {
        assertThatThrownBy(() -> signer().expiry(Duration.ofSeconds(seconds)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside Jamf Pro's Token Expiry range of 1-120 minutes")
                .hasMessageContaining("allowExpiryOutsideJamfRange()");
    }

    @Test
    void allowExpiryOutsideJamfRangeWidensTheRange() {
        String token = signer().expiry(Duration.ofSeconds(10)).allowExpiryOutsideJamfRange().build().sign();

        assertThat(decoded(token, 1)).endsWith("\"exp\":" + (now + 10) + "}");
    }

    @Test
    void refusesZeroNegativeAndFractionalExpiriesEvenWhenWidened() {
        assertThatThrownBy(() -> signer().allowExpiryOutsideJamfRange().expiry(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive");
        assertThatThrownBy(() -> signer().allowExpiryOutsideJamfRange().expiry(Duration.ofSeconds(-5)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive");
        assertThatThrownBy(() -> signer().expiry(Duration.ofMillis(90_500)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not whole seconds");
    }

    @Test
    void refusesRsaKeysUnder2048BitsNamingTheSizeAndTheFix() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        PrivateKey small = generator.generateKeyPair().getPrivate();

        assertThatThrownBy(() -> ContentTokenSigner.builder(small))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024 bits")
                .hasMessageContaining("2048")
                .hasMessageContaining("openssl genrsa");
    }

    @Test
    void refusesNonRsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        PrivateKey ec = generator.generateKeyPair().getPrivate();

        assertThatThrownBy(() -> ContentTokenSigner.builder(ec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EC, not RSA");
        assertThatThrownBy(() -> ContentTokenSigner.builder(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private key is null");
    }

    // ---- signUrl ----

    private String signedQuery(String url) {
        return signer().build().signUrl(URI.create(url)).toString();
    }

    private String expectedToken() {
        return signer().build().sign(); // deterministic: PKCS#1 v1.5 and a fixed clock
    }

    @Test
    void signUrlAppendsTheTokenToAUrlWithoutQuery() {
        assertThat(signedQuery("https://downloads.example.com/apps/app.ipa"))
                .isEqualTo("https://downloads.example.com/apps/app.ipa?token=" + expectedToken());
    }

    @Test
    void signUrlKeepsEveryOtherParameterItsOrderAndEncodingAndTheFragment() {
        String url = "https://user@downloads.example.com:8443/a%20b/app%2Bx.ipa?z=1&a=%2F%20+x&empty=&flag&&q=%E2%9C%93#frag%20ment";

        assertThat(signedQuery(url)).isEqualTo("https://user@downloads.example.com:8443/a%20b/app%2Bx.ipa"
                + "?z=1&a=%2F%20+x&empty=&flag&&q=%E2%9C%93&token=" + expectedToken() + "#frag%20ment");
    }

    @Test
    void signUrlReplacesEveryExistingTokenInPlaceOfTheFirst() {
        String url = "https://example.com/p?a=1&token=old&b=2&TOKEN=older&tok%65n=oldest&c=3";

        assertThat(signedQuery(url)).isEqualTo("https://example.com/p?a=1&token=" + expectedToken() + "&b=2&c=3");
    }

    @Test
    void signUrlHandlesAnEmptyQuery() {
        assertThat(signedQuery("https://example.com/p?")).isEqualTo("https://example.com/p?token=" + expectedToken());
    }

    @Test
    void aSignedUrlVerifies() throws TokenRejectedException {
        URI signed = signer().build().signUrl(URI.create("https://example.com/p?token=stale&x=1#f"));

        VerifiedContentToken verified = ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic())
                .clock(TestKeys.CLOCK).build().verifyUrl(signed);

        assertThat(verified.expiresAt()).isEqualTo(TestKeys.NOW.plusSeconds(300));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:admin@example.com?token=SECRETVALUE", "/download/app.ipa?token=SECRETVALUE",
        "download/app.ipa?a=1&token=SECRETVALUE", "file:///tmp/app.ipa?token=SECRETVALUE"})
    void signUrlRefusesUrlsWithoutSchemeOrHostWithoutShowingTheirToken(String url) {
        assertThatThrownBy(() -> signer().build().signUrl(URI.create(url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an absolute URL with a host")
                .hasMessageContaining("token=<redacted")
                .hasMessageNotContaining("SECRETVALUE");
    }

    @Test
    void signUrlRefusesNull() {
        assertThatThrownBy(() -> signer().build().signUrl(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url is null");
    }

    @Test
    void signingIsThreadSafe() throws Exception {
        ContentTokenSigner shared = signer().build();
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic()).clock(TestKeys.CLOCK).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tokens.add(pool.submit(shared::sign));
            }
            for (Future<String> token : tokens) {
                assertThat(verifier.verify(token.get()).subject()).isEqualTo("AppManifest");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
