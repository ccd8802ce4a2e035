package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 (ee10) on a free loopback port serving {@code /apps/App.pkg} from a temp
 * dir with its DefaultServlet (GET, HEAD, Range), behind ContentTokenFilter on every path.
 */
final class FilteredJetty implements AutoCloseable {
    static final String PATH = "/apps/App.pkg";
    /** A servlet answering with the query string and the parameter names it sees, one per line. */
    static final String ECHO_PATH = "/echo";

    private final Server server;

    private FilteredJetty(Server server) {
        this.server = server;
    }

    /** The filter configured in code. */
    static FilteredJetty start(Path dir, byte[] content, ContentTokenFilter filter) throws Exception {
        return start(dir, content, new FilterHolder(filter));
    }

    /** The filter configured by init-params, as web.xml would. */
    static FilteredJetty start(Path dir, byte[] content, Map<String, String> initParams) throws Exception {
        FilterHolder holder = new FilterHolder(ContentTokenFilter.class);
        holder.setName("content-token");
        holder.setInitParameters(initParams);
        return start(dir, content, holder);
    }

    private static FilteredJetty start(Path dir, byte[] content, FilterHolder filter) throws Exception {
        Path www = Files.createDirectories(Files.createTempDirectory(dir, "www").resolve("apps"));
        Files.write(www.resolve("App.pkg"), content);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setBaseResourceAsPath(www.getParent());
        context.addServlet(DefaultServlet.class, "/");
        context.addServlet(new ServletHolder(new QueryEcho()), ECHO_PATH);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new FilteredJetty(server);
    }

    private static final class QueryEcho extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().print(request.getQueryString() + "\n" + String.join(",", Collections.list(request.getParameterNames()))
                    + "\n" + String.join(",", request.getParameterMap().keySet()) + "\n" + request.getParameter("token"));
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
