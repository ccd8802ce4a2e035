package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen}: a new RS256 key pair, as Jamf Pro's JWT configuration takes it. */
@Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a new RSA key pair: the private key (PKCS#8 PEM, owner-only) to paste into Jamf Pro's JWT "
                + "configuration, the public key (PEM) for --keys. Never overwrites a file."})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--private-key", required = true, paramLabel = "FILE", description = "Where the private key goes.")
    Path privateKey;

    @Option(names = "--public-key", required = true, paramLabel = "FILE", description = "Where the public key goes.")
    Path publicKey;

    @Option(names = "--bits", defaultValue = "2048", paramLabel = "N", description = "2048, 3072 or 4096 (default: ${DEFAULT-VALUE}).")
    int bits;

    private final PrintWriter out;

    KeygenCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (bits != 2048 && bits != 3072 && bits != 4096) {
            throw new BadInput("--bits " + bits + ": expected 2048, 3072 or 4096");
        }
        KeyPair pair = RsaKeys.generate(bits);
        try {
            RsaKeys.writePrivateKey(privateKey, (RSAPrivateCrtKey) pair.getPrivate());
            RsaKeys.writePublicKey(publicKey, (RSAPublicKey) pair.getPublic());
        } catch (KeyFileException e) {
            throw new BadInput(e.getMessage());
        }
        out.println("content-token: wrote " + privateKey + " (private, " + bits + " bits) and " + publicKey + " (public, thumbprint "
                + RsaKeys.thumbprint((RSAPublicKey) pair.getPublic()) + ")");
        return 0;
    }
}
