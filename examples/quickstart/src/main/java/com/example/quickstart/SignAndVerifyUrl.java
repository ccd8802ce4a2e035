package com.example.quickstart;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import java.net.URI;
import java.nio.file.Path;

/** The library from plain Java: sign a download URL as Jamf Pro does, verify it as the web server does. */
public final class SignAndVerifyUrl {

    /** Arguments: the private key file (Jamf Pro's side) and the public key file (the web server's side). */
    public static void main(String[] args) throws TokenRejectedException {
        ContentTokenSigner signer = ContentTokenSigner.builder(RsaKeys.readPrivateKey(Path.of(args[0]))).build();
        URI signed = signer.signUrl(URI.create("https://downloads.example.com/apps/Example.ipa"));

        ContentTokenVerifier verifier = ContentTokenVerifier.builder(RsaKeys.readPublicKeys(Path.of(args[1]))).build();
        VerifiedContentToken token = verifier.verifyUrl(signed); // throws TokenRejectedException with a reason
        System.out.println("Plain Java: signed and verified a URL; token " + redacted(signed)
                + " expires " + token.expiresAt());

        String url = signed.toString();
        int inSignature = (url.lastIndexOf('.') + url.length()) / 2; // the token goes last; its signature follows the last dot
        URI tampered = URI.create(url.substring(0, inSignature) + (url.charAt(inSignature) == 'A' ? 'B' : 'A')
                + url.substring(inSignature + 1));
        try {
            verifier.verifyUrl(tampered);
            throw new IllegalStateException("a tampered token was accepted");
        } catch (TokenRejectedException e) {
            System.out.println("Plain Java: a tampered token is refused: " + e.reason());
        }
    }

    /** Logs get the token with its signature cut off, never the whole token. */
    private static String redacted(URI signed) {
        String query = signed.getRawQuery();
        return ContentTokens.redact(query.substring(query.indexOf(ContentTokens.QUERY_PARAMETER + "=") + 6));
    }
}
