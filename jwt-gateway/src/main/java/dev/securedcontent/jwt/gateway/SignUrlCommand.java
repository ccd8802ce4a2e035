package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sign-url}: a download URL with a fresh token, as Jamf Pro would hand it to a device. */
@Command(name = "sign-url", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print URL with a fresh content token (Jamf Pro's exact form), to test a server. The private key's "
                + "passphrase, if any, comes from the environment variable " + PrivateKeyFile.PASSPHRASE_ENV + "."})
final class SignUrlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "The download URL, e.g. https://dp.example.com/apps/App.pkg.")
    String url;

    @Option(names = "--private-key", required = true, paramLabel = "FILE", description = "The private key (PEM) the server's public key belongs to.")
    Path privateKey;

    @Option(names = "--expiry-minutes", defaultValue = "5", paramLabel = "N",
            description = "Token lifetime in minutes, 1 to 120 as Jamf Pro allows (default: ${DEFAULT-VALUE}).")
    long expiryMinutes;

    private final PrintWriter out;

    SignUrlCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (expiryMinutes < 1 || expiryMinutes > 120) {
            throw new BadInput("--expiry-minutes " + expiryMinutes + ": expected 1 to 120 (Jamf Pro's Token Expiry range)");
        }
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadInput("URL " + dev.securedcontent.jwt.core.TokenParameter.redact(url) + ": not a URL (" + e.getMessage()
                    + "); give the download URL, e.g. https://dp.example.com/apps/App.pkg");
        }
        ContentTokenSigner signer = ContentTokenSigner.builder(PrivateKeyFile.read("--private-key", privateKey))
                .expiry(Duration.ofMinutes(expiryMinutes)).build();
        try {
            out.println(signer.signUrl(target));
        } catch (IllegalArgumentException e) {
            throw new BadInput("URL " + e.getMessage());
        }
        return 0;
    }
}
