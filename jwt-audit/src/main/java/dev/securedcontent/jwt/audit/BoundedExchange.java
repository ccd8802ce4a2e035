package dev.securedcontent.jwt.audit;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request to a server that may be hostile: it ends within a deadline, from connecting to the
 * last byte read, reads at most a given number of body bytes (into a digest when asked) and keeps
 * at most a few KiB of them, whatever the server sends or withholds.
 */
final class BoundedExchange {

    /**
     * What came back: status, headers, the first body bytes kept, how many were read, their digest
     * (hex, empty when none was asked for), and why the body ended early, if it did.
     */
    record Answer(int status, HttpHeaders headers, byte[] body, long bytes, String hex, Optional<String> brokenOff) {}

    private final HttpClient client;
    private final Duration deadline;
    private final int maxBody;

    BoundedExchange(HttpClient client, Duration deadline, int maxBody) {
        this.client = client;
        this.deadline = deadline;
        this.maxBody = maxBody;
    }

    static HttpClient newClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                // HTTP/1.1 only: a body cut short closes its own connection. With HTTP/2 (h2c on plain
                // http) the cancelled stream of one case raced with the next case's stream on the
                // shared connection and failed it ("Stream N cancelled") now and then.
                .version(HttpClient.Version.HTTP_1_1)
                // A redirect is an answer to judge, not to follow: it may lead to an unprotected copy.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Reads at most the body bytes it keeps. */
    Answer send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, maxBody, null);
    }

    /**
     * Reads at most {@code limit} body bytes, into a digest of {@code algorithm} when not null.
     *
     * @throws IOException when no response head arrived: refused, reset, or nothing within the deadline
     */
    Answer send(HttpRequest request, long limit, MessageDigest digest) throws IOException, InterruptedException {
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        AtomicReference<Prefix> bodyRef = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
            head.set(info);
            Prefix body = new Prefix(limit, maxBody, digest);
            bodyRef.set(body);
            return body;
        });
        String brokenOff;
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            Prefix body = bodyRef.get();
            return new Answer(response.statusCode(), response.headers(), response.body(), body.count(), body.hex(),
                    Optional.empty());
        } catch (TimeoutException e) {
            brokenOff = "nothing more arrived within " + deadline;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Prefix body = bodyRef.get();
            if (head.get() != null && body != null && body.isComplete()) {
                // All that was asked for arrived; the error is the rest being cancelled (HTTP/2: stream reset).
                return new Answer(head.get().statusCode(), head.get().headers(), body.received(), body.count(),
                        body.hex(), Optional.empty());
            }
            if (head.get() == null) {
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
            }
            brokenOff = "the body broke off (" + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()) + ")";
        } finally {
            exchange.cancel(true);
            Prefix body = bodyRef.get();
            if (body != null) {
                body.cancel();
            }
        }
        HttpResponse.ResponseInfo info = head.get();
        if (info == null) {
            throw new HttpTimeoutException("no response within " + deadline);
        }
        Prefix body = bodyRef.get();
        return new Answer(info.statusCode(), info.headers(), body.received(), body.count(), "", Optional.of(brokenOff));
    }

    /**
     * Reads the first {@code limit} bytes of a body (into the digest, if any), keeps the first
     * {@code keep} of them, then cancels the rest: memory stays constant whatever the server sends.
     */
    private static final class Prefix implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final byte[] bytes;
        private final MessageDigest digest;
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private volatile long count;
        private volatile Flow.Subscription subscription;

        Prefix(long limit, int keep, MessageDigest digest) {
            this.limit = limit;
            this.bytes = new byte[(int) Math.min(keep, limit)];
            this.digest = digest;
        }

        byte[] received() {
            return Arrays.copyOf(bytes, (int) Math.min(count, bytes.length));
        }

        long count() {
            return count;
        }

        /** Whether the body ended normally: all of it, or all that was asked for. */
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
                done.complete(bytes);
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
            long n = count;
            for (ByteBuffer buffer : buffers) {
                int take = (int) Math.min(limit - n, buffer.remaining());
                if (n < bytes.length) {
                    buffer.duplicate().get(bytes, (int) n, (int) Math.min(take, bytes.length - n));
                }
                if (digest != null) {
                    ByteBuffer part = buffer.slice();
                    part.limit(take);
                    digest.update(part);
                }
                n += take;
            }
            count = n;
            if (n >= limit) {
                done.complete(received());
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
            done.complete(received());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }
    }
}
