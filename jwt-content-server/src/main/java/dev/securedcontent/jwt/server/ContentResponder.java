package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.InputStreamSource;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.securedcontent.jwt.core.RejectionReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers every stub request last: a refused token becomes 401 (missing) or 403 (anything else),
 * whatever stub matched; a request that reached the content stub is served from the content files
 * the way a web server would (GET, HEAD, single byte ranges, 404, 416). Other stubs are left alone.
 *
 * <p>A file's bytes never pass through memory whole: the response definition only names the range
 * to send, and the rendered response gets a body that streams that range from the file while
 * WireMock copies it to the client.
 */
final class ContentResponder implements ResponseDefinitionTransformerV2, ResponseTransformerV2 {

    static final String CONTENT_STUB_METADATA = "securedContentFiles";
    /** Transformer parameters of a served file: the first byte and the byte count of its body. */
    private static final String BODY_FIRST = "securedContentBodyFirst";
    private static final String BODY_COUNT = "securedContentBodyCount";

    private final ContentFiles files;
    private final boolean exposeRejectionReason;

    ContentResponder(ContentFiles files, boolean exposeRejectionReason) {
        this.files = files;
        this.exposeRejectionReason = exposeRejectionReason;
    }

    @Override
    public String getName() {
        return "secured-content-responder";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest request = serveEvent.getRequest();
        Optional<RejectionReason> rejection = TokenGate.rejectionReason(request.getHeader(TokenGate.VERDICT_HEADER));
        if (rejection.isPresent()) {
            return refuse(rejection.get(), isHead(request));
        }
        if (isContentStub(serveEvent.getStubMapping())) {
            return serve(request);
        }
        return serveEvent.getResponseDefinition();
    }

    private static boolean isContentStub(StubMapping stub) {
        return stub != null && stub.getMetadata() != null && stub.getMetadata().containsKey(CONTENT_STUB_METADATA);
    }

    private static boolean isHead(LoggedRequest request) {
        return RequestMethod.HEAD.equals(request.getMethod());
    }

    private ResponseDefinition refuse(RejectionReason reason, boolean head) {
        boolean missing = reason == RejectionReason.MISSING;
        String text = missing ? "content token missing" : "content token refused";
        if (exposeRejectionReason) {
            text += ": " + reason;
        }
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(reason.httpStatus())
                .withHeader("Cache-Control", "no-store");
        if (exposeRejectionReason) {
            response.withHeader(RejectionReason.HEADER, reason.name());
        }
        return text(response, text + "\n", head);
    }

    private ResponseDefinition serve(LoggedRequest request) {
        boolean head = isHead(request);
        if (!head && !RequestMethod.GET.equals(request.getMethod())) {
            return text(ResponseDefinitionBuilder.responseDefinition().withStatus(405).withHeader("Allow", "GET, HEAD"),
                    "method not allowed\n", false);
        }
        Optional<List<String>> segments = segments(request.getUrl());
        if (segments.isEmpty()) {
            return text(ResponseDefinitionBuilder.responseDefinition().withStatus(400), "path refused\n", head);
        }
        Optional<ContentFiles.ContentFile> found = files.find(segments.get());
        if (found.isEmpty()) {
            return text(ResponseDefinitionBuilder.responseDefinition().withStatus(404), "not found\n", head);
        }
        ContentFiles.ContentFile file = found.get();
        String name = segments.get().get(segments.get().size() - 1);
        ByteRange range = ByteRange.of(request.getHeader("Range"), file.length());
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
                .withHeader("Accept-Ranges", "bytes");
        switch (range.kind()) {
            case UNSATISFIABLE:
                return response.withStatus(416)
                        .withHeader("Content-Range", range.contentRange())
                        .withHeader("Content-Length", "0")
                        .build();
            case PARTIAL:
                response.withStatus(206).withHeader("Content-Range", range.contentRange());
                break;
            default:
                response.withStatus(200);
        }
        response.withHeader("Content-Type", ContentFiles.mediaType(name))
                .withHeader("Content-Length", Long.toString(range.count()));
        if (head) {
            return response.build();
        }
        return response.withTransformerParameter(BODY_FIRST, range.kind() == ByteRange.Kind.WHOLE ? 0L : range.first())
                .withTransformerParameter(BODY_COUNT, range.count())
                .build();
    }

    /** Gives a served file's response its body: the range named in {@link #serve}, streamed from the file. */
    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        Parameters parameters = serveEvent.getResponseDefinition().getTransformerParameters();
        if (parameters == null || !parameters.containsKey(BODY_FIRST)) {
            return response;
        }
        long first = ((Number) parameters.get(BODY_FIRST)).longValue();
        long count = ((Number) parameters.get(BODY_COUNT)).longValue();
        Optional<ContentFiles.ContentFile> file = segments(serveEvent.getRequest().getUrl()).flatMap(files::find);
        if (file.isEmpty() || file.get().length() < first + count) {
            // Removed or cut short since the headers were made: answer as if it had never been there.
            ResponseDefinition notFound = text(ResponseDefinitionBuilder.responseDefinition().withStatus(404),
                    "not found\n", false);
            return Response.response().status(404).headers(notFound.getHeaders()).body(notFound.getByteBody()).build();
        }
        InputStreamSource body = () -> {
            try {
                return file.get().open(first, count);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + serveEvent.getRequest().getUrl() + ": " + e.getMessage(), e);
            }
        };
        return Response.Builder.like(response).but().body(body).build();
    }

    private static ResponseDefinition text(ResponseDefinitionBuilder response, String text, boolean head) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.withHeader("Content-Type", "text/plain; charset=utf-8")
                .withHeader("Content-Length", Integer.toString(body.length));
        return head ? response.build() : response.withBody(body).build();
    }

    /**
     * The decoded segments of the request path, or empty when the path must be refused: a
     * {@code .} or {@code ..} segment (raw or percent-encoded), an encoded slash or backslash, a
     * NUL, or broken percent-encoding.
     */
    static Optional<List<String>> segments(String url) {
        int end = url.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = url.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        List<String> segments = new ArrayList<>();
        for (String raw : url.substring(0, end).split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            Optional<String> decoded = percentDecode(raw);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            String segment = decoded.get();
            if (segment.equals(".") || segment.equals("..") || segment.contains("/") || segment.contains("\\")
                    || segment.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            segments.add(segment);
        }
        return Optional.of(segments);
    }

    private static Optional<String> percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= raw.length()) {
                return Optional.empty();
            }
            int high = Character.digit(raw.charAt(i + 1), 16);
            int low = Character.digit(raw.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
