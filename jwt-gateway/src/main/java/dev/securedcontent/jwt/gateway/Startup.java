package dev.securedcontent.jwt.gateway;

import java.io.PrintWriter;

/** Starts a server, says where it listens, and waits for it to stop (a service manager's SIGTERM). */
class Startup {
    private final PrintWriter out;

    Startup(PrintWriter out) {
        this.out = out;
    }

    int run(GatewayServer server, String listenOption, String what) throws InterruptedException {
        server.start(listenOption);
        out.println("content-token: " + what + " on " + server.scheme() + "://" + listenOption.replaceFirst(":\\d+$", "")
                + ":" + server.port() + " (" + server.protocols() + ")");
        if (server.adminPort() >= 0) {
            out.println("content-token: health and metrics on http://" + server.adminListenOption().replaceFirst(":\\d+$", "")
                    + ":" + server.adminPort() + " (/healthz, /readyz, /metrics)");
        }
        out.flush();
        await(server);
        return 0;
    }

    /** Waits until the server stops; a test's Startup returns at once instead. */
    void await(GatewayServer server) throws InterruptedException {
        server.join();
    }
}
