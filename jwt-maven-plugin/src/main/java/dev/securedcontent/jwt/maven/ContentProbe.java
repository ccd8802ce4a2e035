package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the live web server whether it really protects a download: without a token, with a
 * tampered token and with an expired token it must refuse (401/403); with a valid token it must
 * serve the right bytes. Only the URLs the user configured are requested.
 */
final class ContentProbe {

    /**
     * The bytes a valid request must return: the first {@code length} bytes hash to {@code hex}.
     *
     * @param origin where the hash comes from, for messages: {@code the manifest's first chunk}, a local file
     */
    record ExpectedBytes(String algorithm, long length, String hex, String origin) {
        ExpectedBytes {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(hex, "hex");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** One download to probe; {@code url} may carry a token, which is used as the valid one when it verifies. */
    record Target(String source, String location, URI url, Optional<ExpectedBytes> expected) {}

    /** What the server is told to refuse. */
    static final String HOLE = "this is the hole Jamf warns about (\"until the web server validates the requests, "
            + "unsecured downloads may still be possible\").";

    private static final String SERVER_FIX =
            "configure the web server to validate the token on every request (see README, web server: nginx recipe).";
    private static final long DEFAULT_PROBE_BYTES = 65_536;

    private final HttpClient client;
    private final Duration timeout;
    private final ContentTokenVerifier verifier;
    private final Optional<ContentTokenSigner> validSigner;
    private final Optional<ContentTokenSigner> expiredSigner;

    /**
     * @param verifier      decides whether the URL's own token can serve as the valid one
     * @param validSigner   mints a valid token when the URL has none (needs the private key)
     * @param expiredSigner mints an already expired token (needs the private key)
     */
    ContentProbe(HttpClient client, Duration timeout, ContentTokenVerifier verifier,
            Optional<ContentTokenSigner> validSigner, Optional<ContentTokenSigner> expiredSigner) {
        this.client = client;
        this.timeout = timeout;
        this.verifier = verifier;
        this.validSigner = validSigner;
        this.expiredSigner = expiredSigner;
    }

    static HttpClient newClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                // A redirect is an answer to judge, not to follow: it may lead to an unprotected copy.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void probe(Target target, List<Finding> out) {
        URI bare = TokenParameter.withoutToken(target.url());
        String location = target.location().isEmpty() ? TokenParameter.redact(bare) : target.location();
        Optional<String> valid = validToken(target.url());

        expectRefusal(target.source(), location, "probe: no token", "without a token", bare, out);

        if (valid.isPresent()) {
            expectRefusal(target.source(), location, "probe: tampered token", "with a tampered token",
                    TokenParameter.withToken(bare, tamper(valid.get())), out);
        } else {
            out.add(Finding.skipped(target.source(), location, "probe: tampered token",
                    "no valid token to tamper with: the URL has none that verifies and no private key is available"));
        }

        if (expiredSigner.isPresent()) {
            expectRefusal(target.source(), location, "probe: expired token", "with an expired token",
                    TokenParameter.withToken(bare, expiredSigner.get().sign()), out);
        } else {
            out.add(Finding.skipped(target.source(), location, "probe: expired token",
                    "minting an expired token needs the private key (jwt.privateKeyFile or JWT_PRIVATE_KEY); "
                            + "only a public key is available"));
        }

        if (valid.isPresent()) {
            expectContent(target, location, TokenParameter.withToken(bare, valid.get()), out);
        } else {
            out.add(Finding.skipped(target.source(), location, "probe: valid token",
                    "no valid token: the URL has none that verifies and no private key is available"));
        }
    }

    private Optional<String> validToken(URI url) {
        Optional<String> own = TokenParameter.single(url);
        if (own.isPresent()) {
            try {
                verifier.verify(own.get());
                return own;
            } catch (TokenRejectedException e) {
                // Rejected tokens are reported by the token checks; probe with a fresh one if we can.
            }
        }
        return validSigner.map(ContentTokenSigner::sign);
    }

    /** Changes one character in the middle of the signature, so its bytes surely differ. */
    static String tamper(String token) {
        int lastDot = token.lastIndexOf('.');
        int at = lastDot + 1 + (token.length() - lastDot - 1) / 2;
        if (lastDot < 0 || at >= token.length()) {
            return token + "A";
        }
        char c = token.charAt(at);
        char replacement = c == 'A' ? 'B' : 'A';
        return token.substring(0, at) + replacement + token.substring(at + 1);
    }

    private void expectRefusal(String source, String location, String check, String with, URI url,
            List<Finding> out) {
        HttpRequest request = request(url).header("Range", "bytes=0-0").build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                out.add(Finding.passed(source, location, check, "refused with HTTP " + status));
            } else if (status >= 200 && status < 300) {
                out.add(Finding.failed(source, location, check,
                        "serves content " + with + " (HTTP " + status + "): " + HOLE, SERVER_FIX));
            } else if (status >= 300 && status < 400) {
                String where = response.headers().firstValue("Location").map(TokenParameter::redact).orElse("nowhere");
                out.add(Finding.failed(source, location, check, "answered HTTP " + status + " (redirect to " + where
                                + ") instead of refusing; a redirect may lead to an unprotected copy.",
                        "refuse with 401 (no token) or 403 (bad token); " + SERVER_FIX));
            } else {
                out.add(Finding.failed(source, location, check, "answered HTTP " + status
                                + " instead of 401/403" + (status == 404 ? " (is this the right URL?)" : ""),
                        "refuse with 401 (no token) or 403 (bad token); " + SERVER_FIX));
            }
        } catch (IOException e) {
            out.add(unreachable(source, location, check, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.add(unreachable(source, location, check, e));
        }
    }

    private void expectContent(Target target, String location, URI url, List<Finding> out) {
        String check = "probe: valid token";
        long length = target.expected().map(ExpectedBytes::length).orElse(DEFAULT_PROBE_BYTES);
        HttpRequest request = request(url).header("Range", "bytes=0-" + (length - 1)).build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            byte[] bytes;
            try (InputStream body = response.body()) {
                bytes = status == 200 || status == 206 ? body.readNBytes((int) Math.min(length, Integer.MAX_VALUE)) : null;
            }
            if (bytes == null) {
                out.add(Finding.failed(target.source(), location, check, "answered HTTP " + status
                                + " to a valid token" + (status == 401 || status == 403
                                        ? ": the server does not accept the key that signs the tokens" : ""),
                        status == 401 || status == 403
                                ? "give the web server the public key of the private key in Jamf Pro (jwt:keygen wrote it)."
                                : "serve the file to requests with a valid token (200, or 206 for Range)."));
                return;
            }
            String served = status == 206 ? "served " + bytes.length + " bytes (206 Partial Content)"
                    : "served " + bytes.length + " bytes (200; the server ignored Range)";
            if (target.expected().isEmpty()) {
                out.add(Finding.passed(target.source(), location, check, served + "; no hash known to compare"));
                return;
            }
            ExpectedBytes expected = target.expected().get();
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance(expected.algorithm()).digest(bytes));
            if (bytes.length == expected.length() && actual.equals(expected.hex().toLowerCase(Locale.ROOT))) {
                out.add(Finding.passed(target.source(), location, check, served + "; their " + expected.algorithm()
                        + " matches " + expected.origin()));
            } else {
                out.add(Finding.failed(target.source(), location, check, served + " but their " + expected.algorithm()
                                + " is " + actual + " where " + expected.origin() + " gives " + expected.hex()
                                + " for the first " + expected.length() + " bytes",
                        "deploy the same file to the web server, or regenerate the manifest from the deployed file."));
            }
        } catch (IOException e) {
            out.add(unreachable(target.source(), location, check, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.add(unreachable(target.source(), location, check, e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without " + target.expected().get().algorithm(), e);
        }
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).timeout(timeout).GET();
    }

    private static Finding unreachable(String source, String location, String check, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Finding.failed(source, location, check, "no answer from the server: " + TokenParameter.redact(why),
                "check the URL and that the web server is running and reachable from the build.");
    }
}
