package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    /**
     * Replaces the value of every {@code token} query parameter with its redacted form. A parameter
     * is the token when the verifier reads it as one: its name percent-decoded, in any letter case
     * ({@code Token=}, {@code %74oken=}), so no accepted token escapes redaction.
     */
    static String redactTokens(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        int fragment = url.indexOf('#', query);
        int end = fragment < 0 ? url.length() : fragment;
        StringBuilder redacted = new StringBuilder(url.length()).append(url, 0, query + 1);
        String[] parameters = url.substring(query + 1, end).split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            String parameter = parameters[i];
            int eq = parameter.indexOf('=');
            if (i > 0) {
                redacted.append('&');
            }
            if (eq > 0 && isTokenName(parameter.substring(0, eq)) && eq + 1 < parameter.length()) {
                String value = decodedOrNull(parameter.substring(eq + 1));
                String shown = ContentTokens.redact(value == null ? parameter.substring(eq + 1) : value);
                redacted.append(parameter, 0, eq + 1).append(URLEncoder.encode(shown, StandardCharsets.UTF_8));
            } else {
                redacted.append(parameter);
            }
        }
        return redacted.append(url, end, url.length()).toString();
    }

    /** The first {@code token} parameter of a (redacted) URL, decoded. */
    static Optional<String> tokenParameter(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        int fragment = url.indexOf('#', query);
        for (String parameter : url.substring(query + 1, fragment < 0 ? url.length() : fragment).split("&")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && isTokenName(parameter.substring(0, eq))) {
                String value = decodedOrNull(parameter.substring(eq + 1));
                return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The verifier's rule (ContentTokenVerifier.verifyUrl): the percent-decoded name, ignoring case. */
    private static boolean isTokenName(String rawName) {
        String name = decodedOrNull(rawName);
        return ContentTokens.QUERY_PARAMETER.equalsIgnoreCase(name);
    }

    private static String decodedOrNull(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // an invalid %-escape: shown only in its redacted form
        }
    }
}
