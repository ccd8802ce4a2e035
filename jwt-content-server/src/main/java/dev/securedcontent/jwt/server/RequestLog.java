package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The server's access log: one {@link ReceivedRequest} per stub request, recorded before the
 * response is sent so a client that has its answer always finds the request here.
 */
final class RequestLog implements ServeEventListener {

    private final ConcurrentLinkedQueue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();

    @Override
    public String getName() {
        return "secured-content-request-log";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
        LoggedRequest request = serveEvent.getRequest();
        LoggedResponse response = serveEvent.getResponse();
        String verdict = request.getHeader(TokenGate.VERDICT_HEADER);
        String url = request.getUrl();
        int query = url.indexOf('?');
        received.add(new ReceivedRequest(
                request.getMethod().getName(),
                query < 0 ? url : url.substring(0, query),
                Optional.ofNullable(request.getHeader("Range")),
                response == null ? serveEvent.getResponseDefinition().getStatus() : response.getStatus(),
                !TokenGate.UNCHECKED.equals(verdict),
                TokenGate.rejectionReason(verdict),
                // The URL was redacted by the gate: this is never a whole token.
                TokenGate.tokenParameter(url)));
    }

    List<ReceivedRequest> snapshot() {
        return List.copyOf(received);
    }
}
