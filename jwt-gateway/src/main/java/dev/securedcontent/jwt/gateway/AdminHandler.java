package dev.securedcontent.jwt.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin address's answers: {@code /healthz} (the process is up), {@code /readyz} (200 when
 * ready, else 503 and why) and {@code /metrics} (Prometheus text format).
 */
final class AdminHandler extends Handler.Abstract.NonBlocking {
    private final GatewayMetrics metrics;
    private final Supplier<String> notReady;

    /** {@code notReady} gives null when ready, else the reason. */
    AdminHandler(GatewayMetrics metrics, Supplier<String> notReady) {
        this.metrics = metrics;
        this.notReady = notReady;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return send(response, callback, 405, "text/plain;charset=utf-8", bytes("GET or HEAD only\n"));
        }
        switch (Request.getPathInContext(request)) {
            case "/healthz":
                return send(response, callback, 200, "text/plain;charset=utf-8", bytes("ok\n"));
            case "/readyz": {
                String problem = notReady.get();
                return problem == null
                        ? send(response, callback, 200, "text/plain;charset=utf-8", bytes("ready\n"))
                        : send(response, callback, 503, "text/plain;charset=utf-8", bytes("not ready: " + problem + "\n"));
            }
            case "/metrics": {
                ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
                metrics.write(body);
                return send(response, callback, 200, metrics.contentType(), body.toByteArray());
            }
            default:
                return send(response, callback, 404, "text/plain;charset=utf-8", bytes("not found: /healthz, /readyz or /metrics\n"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
