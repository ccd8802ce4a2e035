package dev.securedcontent.jwt.benchmarks;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import java.net.URI;
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
 * Minting a token and a signed download URL: ours against a plain JCA {@code SHA256withRSA} sign
 * of a signing input of the same length.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignTokenBenchmark {
    /** A typical Jamf download URL with a parameter that must survive and a stale token to replace. */
    private static final URI DOWNLOAD_URL =
            URI.create("https://content.example.com/download/example_app.ipa?build=42&token=stale#top");

    @Benchmark
    public byte[] baselineJca(JcaFloor floor) throws GeneralSecurityException {
        return floor.sign();
    }

    @Benchmark
    public String ours(Ours ours) {
        return ours.signer.sign();
    }

    @Benchmark
    public URI oursUrl(Ours ours) {
        return ours.signer.signUrl(DOWNLOAD_URL);
    }

    /** Our signer on the system clock (its default): every call mints a token with a fresh exp. */
    @State(Scope.Benchmark)
    public static class Ours {
        ContentTokenSigner signer;

        @Setup(Level.Trial)
        public void build(MintedToken minted) {
            signer = ContentTokenSigner.builder(minted.jamf.privateKey()).build();
            signer.signUrl(DOWNLOAD_URL);
        }
    }
}
