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
import java.lang.System.Logger.Level;

/**
 * ContentTokenFilter with the keys of the files as they are now (see {@link ReloadingKeys}); with a
 * {@link CheckBudget}, full checks over it refused with 503 and reason BUSY; with metrics, each
 * verdict and the time to it counted.
 */
final class ReloadingFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(ReloadingFilter.class.getName());

    private final ReloadingKeys keys;
    private final GatewayMetrics metrics;
    private final CheckBudget budget;

    ReloadingFilter(ReloadingKeys keys, GatewayMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
        this.budget = keys.budget();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        ContentTokenFilter filter = keys.filter();
        if (metrics == null && budget == null) {
            filter.doFilter(request, response, chain);
            return;
        }
        Verdict verdict = new Verdict(chain, metrics, metrics == null ? 0 : System.nanoTime(), budget != null);
        if (budget != null) {
            CheckBudget.forClient(request.getRemoteAddr());
        }
        try {
            filter.doFilter(request, response, verdict);
        } catch (CheckBudget.Busy busy) {
            busy(request, (HttpServletResponse) response, busy);
        } finally {
            if (budget != null) {
                CheckBudget.done();
            }
        }
        if (metrics != null && !verdict.accepted) {
            metrics.refused(System.nanoTime() - verdict.started,
                    ((HttpServletResponse) response).getHeader(RejectionReason.HEADER));
        }
    }

    /* As ContentTokenFilter refuses: written directly, the reason in the header, nothing cached. */
    private static void busy(ServletRequest request, HttpServletResponse response, CheckBudget.Busy busy) throws IOException {
        LOG.log(Level.DEBUG, () -> "content token refused (BUSY): " + busy.getMessage() + "; client " + request.getRemoteAddr());
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(RejectionReason.HEADER, CheckBudget.BUSY);
        response.setHeader("Retry-After", "1");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(CheckBudget.BUSY_BODY.length);
        response.getOutputStream().write(CheckBudget.BUSY_BODY);
    }

    /** The chain after the check: reaching it is the accepting verdict. */
    private static final class Verdict implements FilterChain {
        private final FilterChain chain;
        private final GatewayMetrics metrics;
        private final long started;
        private final boolean budgeted;
        private boolean accepted;

        Verdict(FilterChain chain, GatewayMetrics metrics, long started, boolean budgeted) {
            this.chain = chain;
            this.metrics = metrics;
            this.started = started;
            this.budgeted = budgeted;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
            accepted = true;
            if (budgeted) {
                CheckBudget.done();
            }
            if (metrics != null) {
                metrics.accepted(System.nanoTime() - started);
            }
            chain.doFilter(request, response);
        }
    }
}
