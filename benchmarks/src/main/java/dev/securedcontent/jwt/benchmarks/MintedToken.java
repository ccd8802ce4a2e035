package dev.securedcontent.jwt.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One key pair and one token per trial, shared by every thread and every verifier in it. */
@State(Scope.Benchmark)
public class MintedToken {
    JamfToken jamf;

    @Setup(Level.Trial)
    public void mint() {
        jamf = JamfToken.mint();
    }
}
