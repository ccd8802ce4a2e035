package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.RsaKeys;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * What {@code /metrics} shows, in the Prometheus text format: requests by verdict and reason, full
 * checks and verdict-cache hits, the check's latency, bytes served and the keys in force by their
 * RFC 7638 thumbprints. No label holds a token, a path or a client address: the labels are the
 * verdict, a {@link RejectionReason} name and a key's thumbprint.
 */
final class GatewayMetrics implements RequestLog {
    /** The check's latency buckets, in seconds: a cache hit is microseconds, an RSA check about 0.1 ms. */
    static final double[] CHECK_SECONDS_BUCKETS = {
        0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CounterDataPoint accepted;
    private final Map<RejectionReason, CounterDataPoint> refused = new EnumMap<>(RejectionReason.class);
    private final CounterDataPoint refusedOther;
    private final CounterDataPoint refusedBusy;
    private final Histogram checkSeconds;
    private final LongAdder bytesServed = new LongAdder();

    GatewayMetrics(ReloadingKeys keys) {
        // The per-request metrics without exemplars: no request here has a trace to point at, and
        // sampling for them is work on every request.
        Counter requests = Counter.builder().name("content_token_requests")
                .help("Requests checked, by verdict (accepted, refused) and the refusal's reason (X-Content-Token-Reason; none when accepted)")
                .labelNames("verdict", "reason").withoutExemplars().register(registry);
        accepted = requests.labelValues("accepted", "none");
        for (RejectionReason reason : RejectionReason.values()) {
            refused.put(reason, requests.labelValues("refused", reason.name()));
        }
        refusedOther = requests.labelValues("refused", "other");
        refusedBusy = requests.labelValues("refused", CheckBudget.BUSY);
        CounterWithCallback.builder().name("content_token_budget_refusals")
                .help("Full checks refused over the budget (--check-rate, --client-check-rate): answered 503 BUSY, unchecked")
                .callback(callback -> callback.call(keys.budget() == null ? 0 : keys.budget().refusals())).register(registry);
        CounterWithCallback.builder().name("content_token_full_checks")
                .help("Tokens checked in full: parsed, signature and claims checked (an RSA operation unless refused before it)")
                .callback(callback -> callback.call(keys.fullChecks())).register(registry);
        CounterWithCallback.builder().name("content_token_cache_hits")
                .help("Tokens answered from the verdict cache: verified before, only the clock checked again")
                .callback(callback -> callback.call(keys.cacheHits())).register(registry);
        checkSeconds = Histogram.builder().name("content_token_check_seconds")
                .help("Time from the request reaching the token check to its verdict").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(CHECK_SECONDS_BUCKETS).withoutExemplars().register(registry);
        CounterWithCallback.builder().name("content_token_served_bytes")
                .help("Response body bytes sent, every response counted (served content, refusals, errors)")
                .callback(callback -> callback.call(bytesServed.sum())).register(registry);
        GaugeWithCallback.builder().name("content_token_keys_loaded")
                .help("Public keys in force (from --keys)")
                .callback(callback -> callback.call(keys.keys().size())).register(registry);
        GaugeWithCallback.builder().name("content_token_key_info")
                .help("Each public key in force, by its RFC 7638 JWK SHA-256 thumbprint (the value is always 1)")
                .labelNames("thumbprint")
                .callback(callback -> {
                    for (RSAPublicKey key : keys.keys()) {
                        callback.call(1, RsaKeys.thumbprint(key));
                    }
                }).register(registry);
    }

    /** A request the check let through, {@code nanos} after it reached the check. */
    void accepted(long nanos) {
        accepted.inc();
        checkSeconds.observe(Unit.nanosToSeconds(nanos));
    }

    /** A request the check refused with the reason it sent in X-Content-Token-Reason. */
    void refused(long nanos, String reason) {
        if (CheckBudget.BUSY.equals(reason)) {
            refusedBusy.inc();
            checkSeconds.observe(Unit.nanosToSeconds(nanos));
            return;
        }
        RejectionReason known = null;
        if (reason != null) {
            try {
                known = RejectionReason.valueOf(reason);
            } catch (IllegalArgumentException e) {
                // counted as "other"
            }
        }
        (known == null ? refusedOther : refused.get(known)).inc();
        checkSeconds.observe(Unit.nanosToSeconds(nanos));
    }

    /** Counts the body bytes of every finished response. */
    @Override
    public void log(Request request, Response response) {
        long bytes = Response.getContentBytesWritten(response);
        if (bytes > 0) {
            bytesServed.add(bytes);
        }
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
