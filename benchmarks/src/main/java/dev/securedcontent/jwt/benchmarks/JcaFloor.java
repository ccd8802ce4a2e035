package dev.securedcontent.jwt.benchmarks;

import java.security.GeneralSecurityException;
import java.security.Signature;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor every token benchmark is measured against: plain JCA {@code SHA256withRSA} over the
 * token's signing input, with the signature already decoded and the {@link Signature} objects
 * initialised once per thread. No parsing, no checks: the RSA operation alone.
 */
@State(Scope.Thread)
public class JcaFloor {
    private Signature verifier;
    private Signature signer;
    private byte[] signingInput;
    private byte[] signature;

    @Setup(Level.Trial)
    public void initialise(MintedToken minted) throws GeneralSecurityException {
        JamfToken jamf = minted.jamf;
        signingInput = jamf.signingInput();
        signature = jamf.signature();
        verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(jamf.publicKey());
        signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(jamf.privateKey());
        if (!verify()) {
            throw new IllegalStateException("JCA floor: the minted token does not verify");
        }
    }

    /** After {@code verify} a Signature is ready for the next message with the same key. */
    boolean verify() throws GeneralSecurityException {
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    byte[] sign() throws GeneralSecurityException {
        signer.update(signingInput);
        return signer.sign();
    }
}
