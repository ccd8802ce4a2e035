package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.TestKeyFiles.key;
import static dev.securedcontent.jwt.core.TestKeyFiles.mainModulus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RsaKeysJsonWebKeyReadTest {
    private static final String N = JsonWebKeys.base64Url(mainModulus());
    private static final String RSA = "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + N + "\"}";
    private static final String EC = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
            + "\"y\":\"x_FEzRu9m36HLN_tJO6WNDL2DNQ0MqXkw2tGAvo8xf0\"}";

    @Test
    void aJwkGivesTheSameKeyAsThePemFiles() {
        assertThat(RsaKeys.readPublicKeys(key("rsa2048.jwk.json")))
                .singleElement().isEqualTo(RsaKeys.readPublicKey(key("rsa2048-spki.pem")));
    }

    @Test
    void aJwksGivesEveryKeyInOrder() {
        // when
        List<RSAPublicKey> keys = RsaKeys.readPublicKeys(key("two-keys.jwks.json"));

        // then
        assertThat(keys).containsExactly(RsaKeys.readPublicKey(key("rsa2048-spki.pem")),
                RsaKeys.readPublicKey(key("rsa3072-spki.pem")));
    }

    @Test
    void aWrittenJwksReadsBackAsTheSameKeys(@TempDir Path directory) {
        // given
        List<RSAPublicKey> keys = RsaKeys.readPublicKeys(key("two-keys.jwks.json"));
        Path file = directory.resolve("jwks.json");

        // when
        RsaKeys.writeJwks(file, keys);

        // then
        assertThat(RsaKeys.readPublicKeys(file)).containsExactlyElementsOf(keys);
    }

    @Test
    void entriesOfAJwksMeantForSomethingElseAreSkipped() {
        // given an EC key, an encryption key and a PS256 key around the one RS256 key
        String jwks = "{\"keys\":[" + EC + ",\n"
                + RSA.replace("{", "{\"use\":\"enc\",") + ",\n"
                + RSA.replace("{", "{\"alg\":\"PS256\",") + ",\n"
                + RSA.replace("{", "{\"kid\":\"jamf\",\"use\":\"sig\",\"alg\":\"RS256\",\"key_ops\":[\"verify\"],") + "]}";

        // when
        List<RSAPublicKey> keys = RsaKeys.readPublicKeys(jwks, "jwks.json");

        // then
        assertThat(keys).singleElement().extracting(RSAPublicKey::getModulus).isEqualTo(mainModulus());
    }

    @Test
    void aJwksWithoutAnyRs256KeyIsRefusedListingEachEntry() {
        String jwks = "{\"keys\":[" + EC.replace("{", "{\"kid\":\"ec-1\",") + "," + RSA.replace("{", "{\"alg\":\"PS256\",")
                + "," + RSA.replace("{", "{\"key_ops\":[\"sign\"],") + "]}";

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPublicKeys(jwks, "jwks.json"));

        assertThat(thrown).hasMessage("jwks.json: holds no RS256 key (keys[0] (kid ec-1) is kty EC, keys[1] is for alg"
                + " PS256, keys[2] has key_ops without verify); expected RSA keys for RS256 signatures"
                + " ({\"kty\":\"RSA\",\"n\":...,\"e\":...}, with use \"sig\" and alg \"RS256\" if given)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        an EC JWK              | {"kty":"EC","crv":"P-256"}       | src: is a JWK that is kty EC; expected RSA keys for RS256 signatures ({"kty":"RSA","n":...,"e":...}, with use "sig" and alg "RS256" if given)
        neither JWK nor JWKS   | {"n":"AQAB"}                     | src: is JSON but neither a JWK (no "kty") nor a JWKS (no "keys"); expected RSA keys for RS256 signatures ({"kty":"RSA","n":...,"e":...}, with use "sig" and alg "RS256" if given)
        keys not an array      | {"keys":{}}                      | src: "keys" is an object, not an array; a JWKS is {"keys":[{...},...]}
        empty JWKS             | {"keys":[]}                      | src: is a JWKS with no keys; expected RSA keys for RS256 signatures ({"kty":"RSA","n":...,"e":...}, with use "sig" and alg "RS256" if given)
        an entry not an object | {"keys":["RSA"]}                 | src: keys[0] is a string, not a JWK object; expected RSA keys for RS256 signatures ({"kty":"RSA","n":...,"e":...}, with use "sig" and alg "RS256" if given)
        missing e              | {"kty":"RSA","n":"AQAB"}         | src: "e" is missing; an RSA JWK needs n and e as base64url strings
        numeric n              | {"kty":"RSA","n":5,"e":"AQAB"}   | src: "n" is an integer; an RSA JWK needs n and e as base64url strings
        padded n               | {"kty":"RSA","n":"AQAB==","e":"AQAB"} | src: "n" is not base64url without padding (RFC 7518 section 6.3.1); check that it was copied whole, without '=', '+', '/' or spaces
        even e                 | {"kty":"RSA","n":"AQAB","e":"AQA"}  | src: "e" is not a valid RSA public exponent (it must be odd and at least 3; almost every key uses AQAB, 65537)
        duplicate member       | {"kty":"RSA","kty":"RSA"}        | src: is not valid JSON (invalid JSON at character 13: duplicate key); expected a JWK or a JWKS ({"keys":[...]})
        """)
    void a_bad_jwk_is_refused_with_the_reason(String what, String json, String message) {
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPublicKeys(json, "src"));

        assertThat(thrown).as(what).hasMessage(message);
    }

    @Test
    void aSmallRsaKeyInAJwksRefusesTheWholeFileNamingTheEntry() throws Exception {
        // given a good key and a 1024-bit one (taken from the JCA: the reader under test refuses it)
        String spki = TestKeyFiles.text("rsa1024-spki.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
        RSAPublicKey small = (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(spki)));
        String jwks = "{\"keys\":[" + RSA + ",{\"kty\":\"RSA\",\"kid\":\"old\",\"e\":\"AQAB\",\"n\":\""
                + JsonWebKeys.base64Url(small.getModulus()) + "\"}]}";

        // when
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPublicKeys(jwks, "jwks.json"));

        // then
        assertThat(thrown).hasMessage("jwks.json: keys[1] (kid old): RSA key is 1024 bits; RS256 needs 2048 or more:"
                + " the signing key must be replaced with a new one, made with `openssl genrsa -out key.pem 2048`");
    }

    @Test
    void aJwkHoldingPrivateMembersIsRefusedWithoutShowingThem() {
        String secret = "c2VjcmV0LXByaXZhdGUtZXhwb25lbnQ";
        String jwk = RSA.replace("{", "{\"d\":\"" + secret + "\",");

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPublicKeys(jwk, "jwk.json"));

        assertThat(thrown).hasMessageStartingWith("jwk.json: holds the private key member \"d\"; a JWK/JWKS for"
                + " verifiers must be public only").hasMessageNotContaining(secret).hasMessageNotContaining(N.substring(0, 16));
    }
}
