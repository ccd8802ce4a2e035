package dev.securedcontent.jwt.core;

import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestSigner;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;

/**
 * Entry point that {@link FilesUnderFaultTest} runs in a child JVM started under {@code ulimit -f},
 * so the kernel refuses a write halfway through (EFBIG; the JVM ignores SIGXFSZ). Prints the
 * exception's class and message, the outcome the test judges.
 *
 * <p>Arguments: {@code private-key <target>}, {@code manifest <content file> <target>} or
 * {@code signed-manifest <key file> <input manifest> <output>}.
 */
final class WriteUnderFileSizeLimit {
    private WriteUnderFileSizeLimit() {}

    public static void main(String[] args) {
        try {
            switch (args[0]) {
                case "private-key" -> RsaKeys.writePrivateKey(Path.of(args[1]),
                        (RSAPrivateCrtKey) RsaKeys.generate().getPrivate());
                case "manifest" -> Manifest.forPackage(Path.of(args[1]), URI.create("https://example.com/big.pkg"),
                        "com.example.big", "1.0").write(Path.of(args[2]));
                case "signed-manifest" -> ManifestSigner.builder(ContentTokenSigner.builder(RsaKeys.readPrivateKey(Path.of(args[1])))
                        .build()).signImages(true).build().signManifest(Path.of(args[2]), Path.of(args[3]));
                default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("written");
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
