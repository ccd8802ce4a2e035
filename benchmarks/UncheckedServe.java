import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.server.Handler;

/**
 * The baseline of content-token-load.sh: `content-token serve` exactly as the jar builds it (its
 * server, connector, thread pool, error pages and files), with only the token filter taken out.
 * The jar has no switch that turns the check off, on purpose; this reaches its package-private
 * builders by reflection instead. Run: java -cp content-token.jar UncheckedServe.java ROOT KEYS PORT
 */
public class UncheckedServe {
    public static void main(String[] args) throws Exception {
        String pkg = "dev.securedcontent.jwt.gateway.";
        Class<?> reloading = Class.forName(pkg + "ReloadingKeys");
        Constructor<?> newKeys = reloading.getDeclaredConstructor(List.class, Clock.class, int.class);
        newKeys.setAccessible(true);
        Object keys = newKeys.newInstance(List.of(Path.of(args[1])), Clock.systemUTC(), 10_000);
        Class<?> metrics = Class.forName(pkg + "GatewayMetrics");
        Constructor<?> newMetrics = metrics.getDeclaredConstructor(reloading);
        newMetrics.setAccessible(true);
        Method context = Class.forName(pkg + "ServeCommand").getDeclaredMethod("context", Path.class, reloading, metrics);
        context.setAccessible(true);
        ServletContextHandler handler = (ServletContextHandler) context.invoke(null, Path.of(args[0]).toRealPath(), keys,
                newMetrics.newInstance(keys));
        ServletHandler servlets = handler.getServletHandler();
        // A holder made from a filter instance is named after its class: "...ReloadingFilter-<hash>".
        FilterMapping[] kept = Arrays.stream(servlets.getFilterMappings())
                .filter(m -> !m.getFilterName().startsWith(pkg + "ReloadingFilter-")).toArray(FilterMapping[]::new);
        if (kept.length != servlets.getFilterMappings().length - 1) {
            throw new IllegalStateException("serve's token filter not found: " + Arrays.toString(servlets.getFilterMappings()));
        }
        servlets.setFilterMappings(kept);
        Class<?> listen = Class.forName(pkg + "Listen");
        Method parse = listen.getDeclaredMethod("parse", String.class);
        parse.setAccessible(true);
        Class<?> gateway = Class.forName(pkg + "GatewayServer");
        Method create = gateway.getDeclaredMethod("create", listen, org.eclipse.jetty.util.ssl.SslContextFactory.Server.class,
                Path.class, Handler.class);
        create.setAccessible(true);
        Object server = create.invoke(null, parse.invoke(null, "127.0.0.1:" + args[2]), null, null, handler);
        Method start = gateway.getDeclaredMethod("start", String.class);
        start.setAccessible(true);
        start.invoke(server, "127.0.0.1:" + args[2]);
        System.out.println("unchecked serve on 127.0.0.1:" + args[2]);
        Method join = gateway.getDeclaredMethod("join");
        join.setAccessible(true);
        join.invoke(server);
    }
}
