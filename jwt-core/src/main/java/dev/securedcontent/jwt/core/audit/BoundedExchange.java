package dev.securedcontent.jwt.core.audit;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
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
 * last byte read, and keeps at most a few KiB of the body, whatever the server sends or withholds.
 */
final class BoundedExchange {

    /** What came back: status, headers, the first body bytes, and why the body ended early, if it did. */
    record Answer(int status, HttpHeaders headers, byte[] body, Optional<String> brokenOff) {}

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
                // A redirect is an answer to judge, not to follow: it may lead to an unprotected copy.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @throws IOException when no response head arrived: refused, reset, or nothing within the deadline */
    Answer send(HttpRequest request) throws IOException, InterruptedException {
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        AtomicReference<Prefix> bodyRef = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
            head.set(info);
            Prefix body = new Prefix(maxBody);
            bodyRef.set(body);
            return body;
        });
        String brokenOff;
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(response.statusCode(), response.headers(), response.body(), Optional.empty());
        } catch (TimeoutException e) {
            brokenOff = "nothing more arrived within " + deadline;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
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
        return new Answer(info.statusCode(), info.headers(), bodyRef.get().received(), Optional.of(brokenOff));
    }

    /** Keeps the first {@code limit} bytes of a body, then cancels the rest. */
    private static final class Prefix implements HttpResponse.BodySubscriber<byte[]> {
        private final byte[] bytes;
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private volatile int count;
        private volatile Flow.Subscription subscription;

        Prefix(int limit) {
            this.bytes = new byte[limit];
        }

        byte[] received() {
            return Arrays.copyOf(bytes, count);
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
            if (bytes.length == 0) {
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
            int n = count;
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(bytes.length - n, buffer.remaining());
                buffer.get(bytes, n, take);
                n += take;
            }
            count = n;
            if (n >= bytes.length) {
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
