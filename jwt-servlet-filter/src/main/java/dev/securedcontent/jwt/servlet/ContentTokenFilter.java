package dev.securedcontent.jwt.servlet;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A servlet filter that lets a request through only when its {@code token} query parameter is a
 * valid Jamf Pro content token, checked by {@link ContentTokenVerifier} (every rule, and its
 * verdict cache), and without the token (query string and parameters); every other request gets
 * 401 (no token) or 403 (invalid), with the reason in {@value RejectionReason#HEADER}, and never reaches
 * the servlet.
 *
 * <p>Configured either in code, {@code new ContentTokenFilter(verifier)} with a verifier from
 * {@link ContentTokenVerifier#builder}, or by init-params (web.xml, {@code FilterRegistration}):
 * {@value #PUBLIC_KEY_FILES} (required), {@value #CLOCK_SKEW_SECONDS} and {@value #CACHE_SIZE}.
 * Refusals are logged through {@link System.Logger} (the JDK's, routed to the container's logging)
 * at INFO, without the token.
 */
public final class ContentTokenFilter implements Filter {
    /** Init-param: the PEM (or JWKS) files of the accepted public keys, separated by commas or spaces. */
    public static final String PUBLIC_KEY_FILES = "publicKeyFiles";
    /** Init-param: the clock-skew allowance in seconds, 0 to 300; default 60. */
    public static final String CLOCK_SKEW_SECONDS = "clockSkewSeconds";
    /** Init-param: how many verified tokens to remember (0 turns the cache off); default {@value #DEFAULT_CACHE_SIZE}. */
    public static final String CACHE_SIZE = "cacheSize";
    /** Verified tokens remembered by default: a device fetches one file in many Range requests with one token. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private static final System.Logger LOG = System.getLogger(ContentTokenFilter.class.getName());

    private volatile ContentTokenVerifier verifier;

    /** A filter configured by its init-params when the container calls {@link #init(FilterConfig)}. */
    public ContentTokenFilter() {}

    /** A filter using {@code verifier} (its keys, skew, lifetime and cache); init-params are then ignored. */
    public ContentTokenFilter(ContentTokenVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (verifier != null) {
            return;
        }
        String name = "filter " + config.getFilterName() + " (" + ContentTokenFilter.class.getName() + ")";
        String files = config.getInitParameter(PUBLIC_KEY_FILES);
        if (files == null || files.isBlank()) {
            throw new ServletException(name + ": init-param " + PUBLIC_KEY_FILES + " is not set; set it to the PEM file(s)"
                    + " of Jamf Pro's public key, e.g. /etc/content/jamf-public-key.pem (derive it: openssl rsa -in jamf.pem -pubout)");
        }
        List<RSAPublicKey> keys = new ArrayList<>();
        for (String file : files.trim().split("[,\\s]+")) {
            try {
                keys.addAll(RsaKeys.readPublicKeys(Path.of(file)));
            } catch (KeyFileException e) {
                throw new ServletException(name + ": init-param " + PUBLIC_KEY_FILES + ": " + e.getMessage());
            }
        }
        long skew = number(config, name, CLOCK_SKEW_SECONDS, ContentTokenVerifier.DEFAULT_CLOCK_SKEW_SECONDS,
                ContentTokenVerifier.MAX_CLOCK_SKEW.getSeconds());
        long cacheSize = number(config, name, CACHE_SIZE, DEFAULT_CACHE_SIZE, ContentTokenVerifier.MAX_CACHE_ENTRIES);
        ContentTokenVerifier.Builder builder = ContentTokenVerifier.builder(keys).clockSkew(Duration.ofSeconds(skew));
        if (cacheSize > 0) {
            builder.cacheVerifiedTokens((int) cacheSize);
        }
        verifier = builder.build();
    }

    private static long number(FilterConfig config, String name, String param, long defaultValue, long max) throws ServletException {
        String value = config.getInitParameter(param);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ServletException(name + ": init-param " + param + " is \"" + value + "\"; expected a whole number from 0 to "
                + max + " (default " + defaultValue + ")");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        ContentTokenVerifier current = verifier;
        if (current == null) {
            throw new ServletException(ContentTokenFilter.class.getName() + " was not initialised; let the container call init()");
        }
        HttpServletRequest http = (HttpServletRequest) request;
        if (http.getDispatcherType() != DispatcherType.REQUEST) {
            // The container's own dispatch of a request that came in (ASYNC after startAsync, ERROR to an error
            // page, FORWARD, INCLUDE): checked, if at all, when it arrived; an ASYNC or ERROR dispatch hands the
            // servlet the request as the client sent it, so the token is taken out again, not checked again.
            chain.doFilter(new WithoutToken(http), response);
            return;
        }
        try {
            current.verifyQuery(http.getQueryString());
        } catch (TokenRejectedException e) {
            int status = e.reason().httpStatus();
            // The message never holds the token; the path is logged without the query.
            LOG.log(Level.INFO, () -> "content token rejected (" + status + "): " + e.getMessage()
                    + "; uri " + http.getRequestURI() + "; client " + http.getRemoteAddr());
            refuse((HttpServletResponse) response, status, e.reason());
            return;
        }
        chain.doFilter(new WithoutToken(http), response);
    }

    /**
     * The accepted request as the servlet sees it: without the token in the query string and the
     * parameters, so that an application that logs or forwards them cannot leak it.
     */
    private static final class WithoutToken extends HttpServletRequestWrapper {
        private static final Set<String> QUERY_ATTRIBUTES = Set.of(RequestDispatcher.FORWARD_QUERY_STRING,
                RequestDispatcher.INCLUDE_QUERY_STRING, AsyncContext.ASYNC_QUERY_STRING, "jakarta.servlet.error.query_string");

        /* The last query taken apart, with its result (one object: read whole on any thread). */
        private record Stripped(String raw, String query) {}

        private Stripped last;

        WithoutToken(HttpServletRequest request) {
            super(request);
        }

        /* A servlet asks more than once; the container hands out the same string until the query changes. */
        @Override
        public String getQueryString() {
            String raw = super.getQueryString();
            if (raw == null) {
                return null;
            }
            Stripped seen = last;
            if (seen == null || seen.raw() != raw) {
                seen = new Stripped(raw, TokenParameter.withoutToken(raw));
                last = seen;
            }
            return seen.query();
        }

        /* The query of the request before a dispatch, as the container keeps it for the dispatched servlet. */
        @Override
        public Object getAttribute(String name) {
            Object value = super.getAttribute(name);
            return value instanceof String query && QUERY_ATTRIBUTES.contains(name) ? TokenParameter.withoutToken(query) : value;
        }

        @Override
        public String getParameter(String name) {
            return isToken(name) ? null : super.getParameter(name);
        }

        @Override
        public String[] getParameterValues(String name) {
            return isToken(name) ? null : super.getParameterValues(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
            parameters.keySet().removeIf(WithoutToken::isToken);
            return Collections.unmodifiableMap(parameters);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        /* Parameter names arrive percent-decoded: the token rule is then its name in any letter case. */
        private static boolean isToken(String name) {
            return ContentTokens.QUERY_PARAMETER.equalsIgnoreCase(name);
        }
    }

    /* Written directly, not with sendError: a container's error page may echo the URL, token included. */
    private static void refuse(HttpServletResponse response, int status, RejectionReason reason) throws IOException {
        byte[] body = reason.responseBody().getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader(RejectionReason.HEADER, reason.name());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
