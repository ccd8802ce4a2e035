package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the live web server whether it really protects a download: without a token, with a
 * tampered token and with an expired token it must refuse (401/403); with a valid token it must
 * serve the right bytes. Only the URLs the user configured are requested; a token minted here goes
 * only to a host the user named; every exchange ends within the timeout and reads a bounded body.
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
    private final long maxBytes;
    private final Set<String> namedHosts;
    private final ContentTokenVerifier verifier;
    private final Optional<ContentTokenSigner> validSigner;
    private final Optional<ContentTokenSigner> expiredSigner;

    /**
     * @param timeout       the deadline of each exchange, from connecting to the last byte read
     * @param maxBytes      the most bytes read from one response; a longer first chunk is not compared
     * @param namedHosts    the hosts (lower case) the user named: only they receive tokens minted here
     * @param verifier      decides whether the URL's own token can serve as the valid one
     * @param validSigner   mints a valid token when the URL has none (needs the private key)
     * @param expiredSigner mints an already expired token (needs the private key)
     */
    ContentProbe(HttpClient client, Duration timeout, long maxBytes, Set<String> namedHosts,
            ContentTokenVerifier verifier,
            Optional<ContentTokenSigner> validSigner, Optional<ContentTokenSigner> expiredSigner) {
        this.client = client;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.namedHosts = Set.copyOf(namedHosts);
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

    /** The host as compared with the named hosts: lower case, without IPv6 brackets. */
    static String hostKey(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    void probe(Target target, List<Finding> out) {
        URI bare = TokenParameter.withoutToken(target.url());
        String location = target.location().isEmpty() ? TokenParameter.redact(bare) : target.location();
        String host = bare.getHost() == null ? "" : hostKey(bare.getHost());
        // A minted token opens every file on the real server: it goes only to a host the user named.
        boolean mayMint = namedHosts.contains(host);
        String notNamed = "tokens are minted only for hosts you name, and " + host + " is neither the jwt.urlPrefix "
                + "host nor in jwt.probeHosts; if this server is yours, add -Djwt.probeHosts=" + host;
        Optional<String> valid = ownValidToken(target.url())
                .or(() -> mayMint ? validSigner.map(ContentTokenSigner::sign) : Optional.empty());
        String noValid = validSigner.isPresent() && !mayMint
                ? "the URL has none that verifies, and " + notNamed
                : "the URL has none that verifies and no private key is available";

        expectRefusal(target.source(), location, "probe: no token", "without a token", bare, out);

        if (valid.isPresent()) {
            expectRefusal(target.source(), location, "probe: tampered token", "with a tampered token",
                    TokenParameter.withToken(bare, tamper(valid.get())), out);
        } else {
            out.add(Finding.skipped(target.source(), location, "probe: tampered token",
                    "no valid token to tamper with: " + noValid));
        }

        if (expiredSigner.isPresent() && mayMint) {
            expectRefusal(target.source(), location, "probe: expired token", "with an expired token",
                    TokenParameter.withToken(bare, expiredSigner.get().sign()), out);
        } else {
            out.add(Finding.skipped(target.source(), location, "probe: expired token", expiredSigner.isPresent()
                    ? notNamed
                    : "minting an expired token needs the private key (jwt.privateKeyFile or JWT_PRIVATE_KEY); "
                            + "only a public key is available"));
        }

        if (valid.isEmpty()) {
            out.add(Finding.skipped(target.source(), location, "probe: valid token", "no valid token: " + noValid));
        } else if (target.expected().isPresent() && target.expected().get().length() > maxBytes) {
            ExpectedBytes expected = target.expected().get();
            out.add(Finding.skipped(target.source(), location, "probe: valid token", expected.origin() + " is "
                    + expected.length() + " bytes, more than jwt.probeMaxBytes (" + maxBytes + ") lets the probe "
                    + "read; set -Djwt.probeMaxBytes=" + expected.length() + " to compare it"));
        } else {
            expectContent(target, location, TokenParameter.withToken(bare, valid.get()), out);
        }
    }

    private Optional<String> ownValidToken(URI url) {
        Optional<String> own = TokenParameter.single(url);
        if (own.isPresent()) {
            try {
                verifier.verify(own.get());
                return own;
            } catch (TokenRejectedException e) {
                // Rejected tokens are reported by the token checks; probe with a fresh one if we can.
            }
        }
        return Optional.empty();
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
            // The status decides; the body is not read.
            Answer answer = exchange(request, 0, null);
            int status = answer.status();
            if (status == 401 || status == 403) {
                out.add(Finding.passed(source, location, check, "refused with HTTP " + status));
            } else if (status >= 200 && status < 300) {
                out.add(Finding.failed(source, location, check,
                        "serves content " + with + " (HTTP " + status + "): " + HOLE, SERVER_FIX));
            } else if (status >= 300 && status < 400) {
                String where = answer.headers().firstValue("Location").map(TokenParameter::redact).orElse("nowhere");
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
        String algorithm = target.expected().map(ExpectedBytes::algorithm).orElse(null);
        Answer answer;
        try {
            answer = exchange(request, length, algorithm);
        } catch (IOException e) {
            out.add(unreachable(target.source(), location, check, e));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.add(unreachable(target.source(), location, check, e));
            return;
        }
        int status = answer.status();
        if (status != 200 && status != 206) {
            out.add(Finding.failed(target.source(), location, check, "answered HTTP " + status
                            + " to a valid token" + (status == 401 || status == 403
                                    ? ": the server does not accept the key that signs the tokens" : ""),
                    status == 401 || status == 403
                            ? "give the web server the public key of the private key in Jamf Pro (jwt:keygen wrote it)."
                            : "serve the file to requests with a valid token (200, or 206 for Range)."));
            return;
        }
        if (answer.brokenOff().isPresent()) {
            out.add(Finding.failed(target.source(), location, check, "answered HTTP " + status + " but sent only "
                            + answer.bytes() + " of " + length + " bytes: " + answer.brokenOff().get(),
                    "make the web server send the whole file promptly (devices fail on a stalled download too), "
                            + "or raise jwt.probeTimeout for a slow link."));
            return;
        }
        String served = status == 206 ? "served " + answer.bytes() + " bytes (206 Partial Content)"
                : "served " + answer.bytes() + " bytes (200; the server ignored Range)";
        if (target.expected().isEmpty()) {
            out.add(Finding.passed(target.source(), location, check, served + "; no hash known to compare"));
            return;
        }
        ExpectedBytes expected = target.expected().get();
        String actual = answer.hex();
        if (answer.bytes() == expected.length() && actual.equals(expected.hex().toLowerCase(Locale.ROOT))) {
            out.add(Finding.passed(target.source(), location, check, served + "; their " + expected.algorithm()
                    + " matches " + expected.origin()));
        } else {
            out.add(Finding.failed(target.source(), location, check, served + " but their " + expected.algorithm()
                            + " is " + actual + " where " + expected.origin() + " gives " + expected.hex()
                            + " for the first " + expected.length() + " bytes",
                    "deploy the same file to the web server, or regenerate the manifest from the deployed file."));
        }
    }

    /**
     * What one exchange got: the status and headers, how many body bytes were read (at most the
     * limit asked for), their hash, and, when the body stalled or broke off, why.
     */
    private record Answer(int status, HttpHeaders headers, long bytes, String hex, Optional<String> brokenOff) {}

    /**
     * Sends the request and reads at most {@code limit} body bytes into the digest of
     * {@code algorithm} (none when null), all within {@link #timeout}: past it the exchange is
     * cancelled, whatever the server still sends or withholds.
     *
     * @throws IOException when no response head arrived (refused, reset, or nothing within the timeout)
     */
    private Answer exchange(HttpRequest request, long limit, String algorithm)
            throws IOException, InterruptedException {
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        AtomicReference<BoundedBody> bodyRef = new AtomicReference<>();
        CompletableFuture<HttpResponse<Long>> exchange = client.sendAsync(request, info -> {
            head.set(info);
            BoundedBody body = new BoundedBody(limit, digest(algorithm));
            bodyRef.set(body);
            return body;
        });
        String brokenOff;
        try {
            HttpResponse<Long> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            BoundedBody body = bodyRef.get();
            return new Answer(response.statusCode(), response.headers(), body.received(), body.hex(), Optional.empty());
        } catch (TimeoutException e) {
            brokenOff = "nothing more arrived within the jwt.probeTimeout of " + timeout;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (head.get() == null) {
                throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
            }
            BoundedBody body = bodyRef.get();
            if (body != null && body.isComplete()) {
                // Every byte asked for arrived; the client then failed the exchange only because the
                // body's own cancel (HTTP/2: "Stream cancelled") overtook the completion.
                HttpResponse.ResponseInfo info = head.get();
                return new Answer(info.statusCode(), info.headers(), body.received(), body.hex(), Optional.empty());
            }
            brokenOff = "the body broke off (" + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()) + ")";
        } finally {
            exchange.cancel(true);
            BoundedBody body = bodyRef.get();
            if (body != null) {
                body.cancel();
            }
        }
        HttpResponse.ResponseInfo info = head.get();
        if (info == null) {
            throw new HttpTimeoutException("no response within the jwt.probeTimeout of " + timeout);
        }
        return new Answer(info.statusCode(), info.headers(), bodyRef.get().received(), "", Optional.of(brokenOff));
    }

    private static MessageDigest digest(String algorithm) {
        if (algorithm == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without " + algorithm, e);
        }
    }

    /**
     * Takes at most {@code limit} bytes of a response body into a digest, then cancels the rest:
     * memory stays constant whatever the server sends.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<Long> {
        private final long limit;
        private final MessageDigest digest;
        private final CompletableFuture<Long> done = new CompletableFuture<>();
        private volatile long received;
        private volatile Flow.Subscription subscription;

        BoundedBody(long limit, MessageDigest digest) {
            this.limit = limit;
            this.digest = digest;
        }

        long received() {
            return received;
        }

        /** Whether the body ended normally: all of it, or the limit, arrived. */
        boolean isComplete() {
            return done.isDone() && !done.isCompletedExceptionally();
        }

        /** The digest's hex; only once the body is done. */
        String hex() {
            return digest == null ? "" : HexFormat.of().formatHex(digest.digest());
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (limit <= 0) {
                // Complete first: cancelling may report an error (HTTP/2: stream cancelled) at once.
                done.complete(0L);
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (done.isDone()) {
                return;
            }
            long count = received;
            for (ByteBuffer buffer : buffers) {
                int take = (int) Math.min(limit - count, buffer.remaining());
                if (digest != null) {
                    ByteBuffer part = buffer.slice();
                    part.limit(take);
                    digest.update(part);
                }
                count += take;
            }
            received = count;
            if (count >= limit) {
                done.complete(count);
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            done.complete(received);
        }

        @Override
        public CompletionStage<Long> getBody() {
            return done;
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
