package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The accepted public keys of {@code --keys}: PEM or JWKS files, never a private key. */
final class KeyFiles {
    /** A JWK member only private keys have. */
    private static final Pattern JWK_PRIVATE_MEMBER = Pattern.compile("\"(d|p|q|dp|dq|qi)\"\\s*:");

    private KeyFiles() {}

    /** Every key of every file, in order; {@link BadInput} naming the file and the fix otherwise. */
    static List<RSAPublicKey> read(List<Path> files) {
        if (files.isEmpty()) {
            throw new BadInput("--keys is empty; give Jamf Pro's public key file, e.g. --keys /etc/content-token/jamf-public-key.pem");
        }
        List<RSAPublicKey> keys = new ArrayList<>();
        for (Path file : files) {
            refusePrivateKey(file);
            try {
                for (RSAPublicKey key : RsaKeys.readPublicKeys(file)) {
                    if (keys.stream().noneMatch(k -> k.getModulus().equals(key.getModulus()))) {
                        keys.add(key);
                    }
                }
            } catch (KeyFileException e) {
                throw new BadInput("--keys " + e.getMessage());
            }
        }
        return keys;
    }

    /*
     * RsaKeys accepts a private key where a public one is expected (it takes its public half), which
     * suits a developer's machine; a server holding Jamf Pro's private key could sign every URL, so
     * the gateway refuses to start with one.
     */
    private static void refusePrivateKey(Path file) {
        String text;
        try {
            text = Files.isRegularFile(file) && Files.size(file) < (1 << 20) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return; // RsaKeys says what is wrong with the file
        }
        if (text.contains("PRIVATE KEY-----") || (text.trim().startsWith("{") && JWK_PRIVATE_MEMBER.matcher(text).find())) {
            throw new BadInput("--keys " + file + ": holds a private key; the server needs only the public key. Fix: "
                    + "derive it (openssl rsa -in " + file.getFileName() + " -pubout -out public.pem), give that file to --keys, "
                    + "and keep the private key off the server");
        }
    }

    /** {@code PATH[,PATH...]} as picocli hands it over (split on commas). */
    static List<Path> paths(List<String> values) {
        List<Path> paths = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    paths.add(Path.of(part.trim()));
                }
            }
        }
        return paths;
    }
}
