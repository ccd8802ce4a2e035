package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Our tokens verify with independent implementations, and theirs with ours. */
class InteropTest {
    private final RSAPublicKey publicKey = (RSAPublicKey) TestKeys.TRUSTED.getPublic();
    private final ContentTokenSigner signer = ContentTokenSigner.builder(TestKeys.TRUSTED.getPrivate())
            .clock(TestKeys.CLOCK).build();
    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(publicKey).clock(TestKeys.CLOCK).build();

    @Test
    void ourTokenVerifiesWithNimbusWithTheSameClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(signer.sign());

        assertThat(jwt.verify(new RSASSAVerifier(publicKey))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("AppManifest");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("JSS");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(TestKeys.NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void ourTokenVerifiesWithPlainJca() throws Exception {
        String token = signer.sign();
        int lastDot = token.lastIndexOf('.');
        Signature jca = Signature.getInstance("SHA256withRSA");
        jca.initVerify(publicKey);
        jca.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));

        assertThat(jca.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)))).isTrue();
    }

    @Test
    void ourTokenVerifiesWithStrictJjwt() {
        Claims claims = JjwtDifferentialTest.strictJjwt(publicKey, TestKeys.CLOCK).parseSignedClaims(signer.sign()).getPayload();

        assertThat(claims.getIssuer()).isEqualTo("JSS");
        assertThat(claims.getSubject()).isEqualTo("AppManifest");
    }

    @Test
    void aNimbusTokenWithJamfClaimsVerifiesWithOurs() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject("AppManifest").issuer("JSS").expirationTime(Date.from(TestKeys.NOW.plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(TestKeys.TRUSTED.getPrivate()));

        VerifiedContentToken verified = verifier.verify(jwt.serialize());

        assertThat(verified.expiresAt()).isEqualTo(TestKeys.NOW.plusSeconds(600));
        assertThat(verified.key()).isEqualTo(publicKey);
    }

    @Test
    void aJjwtTokenWithJamfClaimsVerifiesWithOurs() throws Exception {
        String token = Jwts.builder().subject("AppManifest").issuer("JSS")
                .expiration(Date.from(TestKeys.NOW.plusSeconds(600)))
                .signWith(TestKeys.TRUSTED.getPrivate(), Jwts.SIG.RS256).compact();

        assertThat(verifier.verify(token).expiresAt()).isEqualTo(TestKeys.NOW.plusSeconds(600));
    }

    @Test
    void jamfsOwnPublishedExampleHasTheFormWeSign() {
        // From Jamf Pro's documentation: header and payload of a real content token (signature elided there).
        String jamfExample = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCIsImlzcyI6IkpTUyIsImV4cCI6MTUwMzMyNDMxNH0";
        ContentTokenSigner atJamfsTime = ContentTokenSigner.builder(TestKeys.TRUSTED.getPrivate())
                .clock(java.time.Clock.fixed(Instant.ofEpochSecond(1503324314L - 300), java.time.ZoneOffset.UTC)).build();

        String ours = atJamfsTime.sign();

        assertThat(ours.substring(0, ours.lastIndexOf('.'))).isEqualTo(jamfExample);
    }
}
