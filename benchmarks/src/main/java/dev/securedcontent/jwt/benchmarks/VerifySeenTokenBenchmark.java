package dev.securedcontent.jwt.benchmarks;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import java.security.GeneralSecurityException;
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
 * Verifying a token seen before, as on a device's many Range requests with one token: ours with
 * its verified-token cache against the JCA floor (which has no way to skip the RSA operation).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifySeenTokenBenchmark {

    @Benchmark
    public boolean baselineJca(JcaFloor floor) throws GeneralSecurityException {
        return floor.verify();
    }

    @Benchmark
    public VerifiedContentToken oursCached(OursCached ours) throws TokenRejectedException {
        return ours.verifier.verify(ours.token);
    }

    /** Our verifier with its cache, primed with the token in setup. */
    @State(Scope.Benchmark)
    public static class OursCached {
        /** Room for one token per device in a large fleet's busy minute; the benchmark uses one. */
        private static final int CACHE_ENTRIES = 10_000;

        String token;
        ContentTokenVerifier verifier;

        @Setup(Level.Trial)
        public void build(MintedToken minted) throws TokenRejectedException {
            token = minted.jamf.token();
            verifier = ContentTokenVerifier.builder(minted.jamf.publicKey())
                    .clock(minted.jamf.clock())
                    .cacheVerifiedTokens(CACHE_ENTRIES)
                    .build();
            verifier.verify(token);
        }
    }
}
