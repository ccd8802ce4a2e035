package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsaKeysJwksTest {
    /** The RSA key of RFC 7638 section 3.1. */
    private static final String RFC7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxu"
            + "hDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2Q"
            + "vzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2Nc"
            + "Rwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    @Test
    void theThumbprintOfTheRfc7638ExampleKeyIsTheRfcValue() throws Exception {
        // given
        RSAPublicKey key = rsa(RFC7638_N, "AQAB");

        // when
        String thumbprint = RsaKeys.thumbprint(key);

        // then (RFC 7638 section 3.1)
        assertThat(thumbprint).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void aJwksHoldsEachKeyWithKidUseAlgAndUnpaddedNAndE() throws Exception {
        // given
        RSAPublicKey key = rsa(RFC7638_N, "AQAB");

        // when
        String jwks = RsaKeys.toJwks(List.of(key));

        // then
        assertThat(jwks).isEqualTo("{\"keys\":[\n  {\"kty\":\"RSA\",\"kid\":\"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\","
                + "\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + RFC7638_N + "\",\"e\":\"AQAB\"}\n]}\n");
    }

    @Test
    void nHasNoLeadingZeroByteEvenThoughTheModulusTopBitIsSet() throws Exception {
        // given a 2048-bit modulus, whose two's-complement encoding is 257 bytes starting with a zero
        RSAPublicKey key = RsaKeys.readPublicKey(TestKeyFiles.key("rsa2048-spki.pem"));
        assertThat(key.getModulus().toByteArray()).hasSize(257).startsWith((byte) 0);

        // when
        String n = JsonWebKeys.base64Url(key.getModulus());

        // then
        assertThat(Base64.getUrlDecoder().decode(n)).hasSize(256);
    }

    @Test
    void aWrittenJwksIsReadableByAllAndNeverOverwrites(@TempDir Path directory) throws Exception {
        // given
        Path file = directory.resolve("jwks.json");
        RSAPublicKey key = rsa(RFC7638_N, "AQAB");

        // when
        RsaKeys.writeJwks(file, List.of(key));

        // then
        assertThat(Files.readString(file)).isEqualTo(RsaKeys.toJwks(List.of(key)));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> RsaKeys.writeJwks(file, List.of(key))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void anEmptyJwksIsRefused() {
        assertThatThrownBy(() -> RsaKeys.toJwks(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JWKS: a JWKS needs at least one key");
    }

    static RSAPublicKey rsa(String n, String e) throws Exception {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(n)), new BigInteger(1, Base64.getUrlDecoder().decode(e))));
    }
}
