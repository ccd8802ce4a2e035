package dev.securedcontent.jwt.gateway;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code check}: forward auth, the verdict on the request a proxy in front names in a header ({@link CheckHandler}). */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forward auth: answer 204 when the original request's token is valid, 401 without one, 403 for an "
                + "invalid one (the reason in X-Content-Token-Reason). The original request is named by X-Original-URI (nginx "
                + "auth_request), X-Original-URL (ingress-nginx auth-url) or X-Forwarded-Uri (Caddy forward_auth, Traefik "
                + "ForwardAuth); two of them naming different requests get 403 AMBIGUOUS. "
                + "The token's verdict is the same for every method; with a valid token, a method named by "
                + "X-Forwarded-Method other than GET, HEAD or OPTIONS gets 405, as serve answers it. "
                + "Listen on loopback or a private network only: whoever reaches it can ask."})
final class CheckCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "127.0.0.1:9180";

    @Mixin
    ServerOptions options;

    private final Clock clock;
    private final Startup startup;

    CheckCommand(Clock clock, Startup startup) {
        this.clock = clock;
        this.startup = startup;
    }

    @Override
    public Integer call() throws Exception {
        ReloadingKeys keys = options.keys(clock);
        GatewayMetrics metrics = options.metrics(keys);
        // The verdicts are reached in the selector threads (CheckHandler): one per core, so full checks use them all.
        GatewayServer server = options.withAdmin(GatewayServer.create(options.listen(DEFAULT_LISTEN), options.tls(),
                options.accessLog(), GatewayServer.CHECK_ACCESS_LOG_FORMAT, new CheckHandler(keys, metrics, clock), metrics,
                Runtime.getRuntime().availableProcessors()), DEFAULT_LISTEN, metrics, keys::notReady);
        return startup.run(server, options.listen == null ? DEFAULT_LISTEN : options.listen,
                "checking tokens with " + keys.keys().size() + " key(s)");
    }
}
