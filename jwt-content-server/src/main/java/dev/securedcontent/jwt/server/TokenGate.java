package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Checks the token of every request to the stub side of WireMock (any method, ranged or not, user
 * stubs included) before any stub is matched. It does not answer: it tags the request with its
 * verdict and redacts the token in the URL, so WireMock's request journal never holds a whole token;
 * {@link ContentResponder} turns a refusal into 401 or 403.
 */
final class TokenGate implements StubRequestFilterV2 {

    /** Request header carrying the verdict: {@code ACCEPTED}, {@code UNCHECKED} or {@code REJECTED <reason>}. */
    static final String VERDICT_HEADER = "X-Secured-Content-Verdict";
    static final String ACCEPTED = "ACCEPTED";
    static final String UNCHECKED = "UNCHECKED";
    static final String REJECTED = "REJECTED ";

    private final ContentTokenVerifier verifier;

    /** {@code verifier} null: the check is off and every request is tagged {@code UNCHECKED}. */
    TokenGate(ContentTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public String getName() {
        return "secured-content-token-gate";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        String verdict = verdictFor(request.getAbsoluteUrl());
        Request tagged = RequestWrapper.create()
                // A client must not be able to send its own verdict.
                .transformHeader(VERDICT_HEADER, ignored -> List.of(verdict))
                .addHeader(VERDICT_HEADER, verdict)
                .transformAbsoluteUrl(TokenGate::redactTokens)
                .wrap(request);
        return RequestFilterAction.continueWith(tagged);
    }

    private String verdictFor(String absoluteUrl) {
        if (verifier == null) {
            return UNCHECKED;
        }
        try {
            verifier.verifyUrl(URI.create(absoluteUrl));
            return ACCEPTED;
        } catch (TokenRejectedException e) {
            return REJECTED + e.reason();
        } catch (IllegalArgumentException e) {
            return REJECTED + RejectionReason.MALFORMED;
        }
    }

    /** The verdict's rejection reason, if it is a rejection. */
    static Optional<RejectionReason> rejectionReason(String verdict) {
        if (verdict == null || !verdict.startsWith(REJECTED)) {
            return Optional.empty();
        }
        return Optional.of(RejectionReason.valueOf(verdict.substring(REJECTED.length())));
    }

    /** {@code url} with every token value redacted, still a URL (WireMock's journal parses it). */
    static String redactTokens(String url) {
        try {
            return TokenParameter.redacted(URI.create(url)).toString();
        } catch (IllegalArgumentException e) {
            return TokenParameter.redact(url);
        }
    }

    /** The token parameter of a URL the gate redacted, decoded: never a whole token. */
    static Optional<String> tokenParameter(String redactedUrl) {
        try {
            return TokenParameter.single(URI.create(redactedUrl));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
