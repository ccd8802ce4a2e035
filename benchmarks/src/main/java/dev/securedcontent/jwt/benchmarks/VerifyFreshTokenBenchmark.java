package dev.securedcontent.jwt.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a token never seen before: ours (no cache) against the JCA floor and the peers, all
 * with the same checks (RS256 only, signature, {@code iss = JSS}, {@code sub = AppManifest},
 * {@code exp} required and not passed) on the same token and the same fixed clock.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyFreshTokenBenchmark {

    @Benchmark
    public boolean baselineJca(JcaFloor floor) throws GeneralSecurityException {
        return floor.verify();
    }

    @Benchmark
    public VerifiedContentToken ours(Ours ours) throws TokenRejectedException {
        return ours.verifier.verify(ours.token);
    }

    @Benchmark
    public Claims peerJjwt(Jjwt jjwt) {
        Claims claims = jjwt.parser.parseSignedClaims(jjwt.token).getPayload();
        // jjwt accepts a token without exp unless asked; the others are told to require it.
        if (claims.getExpiration() == null) {
            throw new IllegalStateException("jjwt: no exp");
        }
        return claims;
    }

    @Benchmark
    public JWTClaimsSet peerNimbus(Nimbus nimbus) throws Exception {
        return nimbus.processor.process(nimbus.token, null);
    }

    @Benchmark
    public DecodedJWT peerAuth0(Auth0 auth0) {
        return auth0.verifier.verify(auth0.token);
    }

    // One state per contender: each is built (and must accept the token) only when its benchmark runs.

    @State(Scope.Benchmark)
    public static class Ours {
        String token;
        ContentTokenVerifier verifier;

        @Setup(Level.Trial)
        public void build(MintedToken minted) throws TokenRejectedException {
            token = minted.jamf.token();
            verifier = ContentTokenVerifier.builder(minted.jamf.publicKey()).clock(minted.jamf.clock()).build();
            verifier.verify(token);
        }
    }

    @State(Scope.Benchmark)
    public static class Jjwt {
        String token;
        JwtParser parser;

        @Setup(Level.Trial)
        public void build(MintedToken minted) {
            token = minted.jamf.token();
            Clock clock = minted.jamf.clock();
            parser = Jwts.parser()
                    .verifyWith(minted.jamf.publicKey())
                    .sig().clear().add(Jwts.SIG.RS256).and()
                    .requireIssuer(ContentTokens.ISSUER)
                    .requireSubject(ContentTokens.SUBJECT)
                    .clock(() -> Date.from(clock.instant()))
                    .build();
            parser.parseSignedClaims(token);
        }
    }

    @State(Scope.Benchmark)
    public static class Nimbus {
        String token;
        DefaultJWTProcessor<SecurityContext> processor;

        @Setup(Level.Trial)
        public void build(MintedToken minted) throws Exception {
            token = minted.jamf.token();
            Clock clock = minted.jamf.clock();
            processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, minted.jamf.publicKey()));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer(ContentTokens.ISSUER).subject(ContentTokens.SUBJECT).build(),
                    Set.of("exp")) {
                @Override
                protected Date currentTime() {
                    return Date.from(clock.instant());
                }
            });
            processor.process(token, null);
        }
    }

    @State(Scope.Benchmark)
    public static class Auth0 {
        String token;
        JWTVerifier verifier;

        @Setup(Level.Trial)
        public void build(MintedToken minted) {
            token = minted.jamf.token();
            verifier = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(minted.jamf.publicKey(), null))
                            .withIssuer(ContentTokens.ISSUER)
                            .withSubject(ContentTokens.SUBJECT)
                            .withClaimPresence("exp"))
                    .build(minted.jamf.clock());
            verifier.verify(token);
        }
    }
}
