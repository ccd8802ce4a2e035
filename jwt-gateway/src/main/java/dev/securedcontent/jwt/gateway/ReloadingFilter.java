package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * ContentTokenFilter with the keys of the files as they are now (see {@link ReloadingKeys}); with
 * metrics, each verdict and the time to it counted.
 */
final class ReloadingFilter implements Filter {
    private final ReloadingKeys keys;
    private final GatewayMetrics metrics;

    ReloadingFilter(ReloadingKeys keys, GatewayMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        ContentTokenFilter filter = keys.filter();
        if (metrics == null) {
            filter.doFilter(request, response, chain);
            return;
        }
        Verdict verdict = new Verdict(chain, metrics, System.nanoTime());
        filter.doFilter(request, response, verdict);
        if (!verdict.accepted) {
            metrics.refused(System.nanoTime() - verdict.started,
                    ((HttpServletResponse) response).getHeader(RejectionReason.HEADER));
        }
    }

    /** The chain after the check: reaching it is the accepting verdict. */
    private static final class Verdict implements FilterChain {
        private final FilterChain chain;
        private final GatewayMetrics metrics;
        private final long started;
        private boolean accepted;

        Verdict(FilterChain chain, GatewayMetrics metrics, long started) {
            this.chain = chain;
            this.metrics = metrics;
            this.started = started;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
            accepted = true;
            metrics.accepted(System.nanoTime() - started);
            chain.doFilter(request, response);
        }
    }
}
