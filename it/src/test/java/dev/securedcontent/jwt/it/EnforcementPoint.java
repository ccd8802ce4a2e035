package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenParameter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A place content tokens are enforced (a recipe in a real web server, the Worker, Lambda@Edge,
 * the servlet filter, the content-token jar), as the shared tests see it: started in a temp dir
 * with keys, on a {@link ServerRoot} where it runs a distribution's server, asked by URL, stopped.
 * {@link EnforcementPoints#ALL} lists every one; a point says which shared tests it is held to
 * (parity, a load run, a column of the conformance matrix) and, for the matrix, the rules it leaves
 * open, with why.
 *
 * @param id the matrix report's file name and the point's short name
 * @param title the matrix column's title and the point's display name
 * @param launcher starts it
 * @param onDebian13 runs on Debian 13's packages (the root .ci/debian-root.sh makes) instead of this machine's
 * @param inParity held to EnforcementPointParityTest's tables
 * @param loadRequests requests of its load run in EnforcementPointLoadTest; 0 for none
 * @param refusalStatuses the statuses it refuses an invalid token with in the load run
 * @param matrix its column of the conformance matrix; null for none
 * @param reasons whether its refusals carry X-Content-Token-Reason to the client (a proxy that
 *     answers a refusal with a page of its own, as ingress-nginx does, drops it)
 */
public record EnforcementPoint(String id, String title, Launcher launcher, boolean onDebian13, boolean inParity, int loadRequests,
        Set<Integer> refusalStatuses, Matrix matrix, boolean reasons) {

    /** Starts a point on {@code root} (a point that runs no distribution's server ignores it). */
    @FunctionalInterface
    public interface Launcher {
        /** Starts in {@code dir} (a temp dir of the test's) accepting every key of {@code keys}. */
        Running start(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws Exception;
    }

    /**
     * A column of the conformance matrix: the page that documents the point (null for none) and
     * the rules (jwt:audit case ids) it leaves open, each with why.
     */
    public record Matrix(String page, Map<String, String> open) {}

    /** A point that runs no shared test until {@link #parity()}, {@link #load(int)} or {@link #matrix} says so. */
    static EnforcementPoint of(String id, String title, Launcher launcher) {
        return new EnforcementPoint(id, title, launcher, false, false, 0, Set.of(403), null, true);
    }

    /** Held to the parity tables too. */
    EnforcementPoint parity() {
        return new EnforcementPoint(id, title, launcher, onDebian13, true, loadRequests, refusalStatuses, matrix, reasons);
    }

    /** With a load run of {@code requests} requests too. */
    EnforcementPoint load(int requests) {
        return new EnforcementPoint(id, title, launcher, onDebian13, inParity, requests, refusalStatuses, matrix, reasons);
    }

    /** With a load run where an invalid token may get any of {@code statuses} (a stock module answers 401 for some). */
    EnforcementPoint load(int requests, Set<Integer> statuses) {
        return new EnforcementPoint(id, title, launcher, onDebian13, inParity, requests, Set.copyOf(statuses), matrix, reasons);
    }

    /** A column of the matrix too, documented on {@code page} (null for none), leaving {@code open} rules open. */
    EnforcementPoint matrix(String page, Map<String, String> open) {
        return new EnforcementPoint(id, title, launcher, onDebian13, inParity, loadRequests, refusalStatuses, new Matrix(page, open),
                reasons);
    }

    /** Its refusals reach the client without X-Content-Token-Reason: its verdicts are compared by status. */
    EnforcementPoint withoutReasons() {
        return new EnforcementPoint(id, title, launcher, onDebian13, inParity, loadRequests, refusalStatuses, matrix, false);
    }

    /** {@code verdict} as a client of this point sees it: without the reason where {@link #reasons} is false. */
    Verdict seenByClients(Verdict verdict) {
        return reasons || verdict.reason() == null ? verdict : new Verdict(verdict.status(), null);
    }

    /**
     * The same point on Debian 13's packages: the same tests and open rules, a load run of
     * {@code requests} (a smoke run: fewer, every verdict checked).
     */
    EnforcementPoint onDebian13(int requests) {
        return new EnforcementPoint(id + "-debian13", title + ", Debian 13", launcher, true, inParity, requests, refusalStatuses,
                matrix, reasons);
    }

    /** For a point on Debian 13, the id of the same point on this machine's packages; else null. */
    String debian12Id() {
        return onDebian13 ? id.substring(0, id.length() - "-debian13".length()) : null;
    }

    /**
     * Whose packages it runs on; skips the calling test (fails under CI) when it needs the Debian 13
     * root and there is none.
     */
    ServerRoot root() {
        return onDebian13 ? ServerRoot.debian13() : ServerRoot.HOST;
    }

    /** Starts the point in {@code dir} accepting every key of {@code keys}. */
    public Running start(Path dir, List<RSAPublicKey> keys) throws Exception {
        Files.createDirectories(dir);
        return launcher.start(root(), dir, keys);
    }

    @Override
    public String toString() {
        return title;
    }

    /** What a client learns: 200 for accepted, else 401/403 and the reason. */
    public record Verdict(int status, String reason) {
        public static final Verdict ACCEPTED = new Verdict(200, null);

        @Override
        public String toString() {
            return reason == null ? String.valueOf(status) : status + " " + reason;
        }
    }

    /** A started point, serving {@link #content()} at {@link #contentPath()}. */
    public interface Running extends AutoCloseable {
        /** The protected content's URL with {@code query} (raw, without '?'; null for none). */
        default URI contentUrl(String query) {
            return uri(query == null ? contentPath() : contentPath() + "?" + query);
        }

        /** Where the protected content is: a path, as the point serves it. */
        String contentPath();

        /** The point's URL of {@code pathAndQuery}. */
        URI uri(String pathAndQuery);

        /** The protected content's bytes. */
        byte[] content();

        /** The point's verdict on each URL; by default one Range request each over HTTP. */
        default Map<String, Verdict> verdicts(Map<String, URI> urls) {
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            urls.forEach((name, url) -> verdicts.put(name, httpVerdict(url)));
            return verdicts;
        }

        @Override
        void close() throws Exception;
    }

    /** One client for every HTTP verdict, over HTTP/1.1 as devices ask. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A Range GET of {@code url}: 206 is accepted, else the status and the reason header. */
    public static Verdict httpVerdict(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).header("Range", "bytes=0-15").build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() == 206) {
            return Verdict.ACCEPTED;
        }
        return new Verdict(response.statusCode(), response.headers().firstValue(RejectionReason.HEADER).orElse(null));
    }

    public static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("no answer to " + TokenParameter.redact(request.uri()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
