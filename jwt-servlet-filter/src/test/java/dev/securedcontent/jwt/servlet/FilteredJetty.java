package dev.securedcontent.jwt.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * An embedded Jetty 12 (ee10) on a free loopback port serving {@code /apps/App.pkg} from a temp
 * dir with its DefaultServlet (GET, HEAD, Range), behind ContentTokenFilter on every path.
 */
final class FilteredJetty implements AutoCloseable {
    static final String PATH = "/apps/App.pkg";
    /** A servlet answering with the query string and the parameter names it sees, one per line. */
    static final String ECHO_PATH = "/echo";
    /** A servlet that starts async processing and dispatches the request back to itself, which then echoes as {@link #ECHO_PATH}. */
    static final String ASYNC_PATH = "/async";
    /** A servlet that throws, so the container shows its error page. */
    static final String FAILING_PATH = "/fail";
    /** The error page of every error: echoes what it sees as {@link #ECHO_PATH}, plus the error's status. */
    static final String ERROR_PAGE = "/error";

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
        ServletHolder async = new ServletHolder(new AsyncEcho());
        async.setAsyncSupported(true);
        context.addServlet(async, ASYNC_PATH);
        context.addServlet(new ServletHolder(new Failing()), FAILING_PATH);
        context.addServlet(new ServletHolder(new QueryEcho()), ERROR_PAGE);
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, ERROR_PAGE);
        context.setErrorHandler(errorPages);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        server.setErrorHandler(new StatusOnlyErrorHandler());
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
            if (request.getDispatcherType() != DispatcherType.REQUEST) {
                // What a dispatched servlet may also read: the query of the request before the dispatch.
                response.getWriter().print("\n" + request.getDispatcherType() + " " + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                        + "\n" + request.getAttribute("jakarta.servlet.error.query_string")
                        + "\n" + request.getAttribute(AsyncContext.ASYNC_QUERY_STRING));
            }
        }
    }

    private static final class AsyncEcho extends HttpServlet {
        private final QueryEcho echo = new QueryEcho();

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
                echo.doGet(request, response);
            } else {
                request.startAsync().dispatch();
            }
        }
    }

    /**
     * The server's error pages, for requests refused before any servlet ({@code //}, {@code %2f},
     * {@code %2e} in the path): only the status. Jetty's own ErrorHandler writes the request URI,
     * query and token included, into every page, whatever its show* settings.
     */
    static final class StatusOnlyErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            response.write(true, ByteBuffer.wrap(("HTTP " + code + " " + HttpStatus.getMessage(code) + "\n")
                    .getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    private static final class Failing extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException {
            throw new ServletException("the application failed");
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
