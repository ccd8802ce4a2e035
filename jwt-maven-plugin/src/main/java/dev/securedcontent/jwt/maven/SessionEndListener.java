package dev.securedcontent.jwt.maven;

import java.util.Objects;
import java.util.function.Consumer;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;

/**
 * Closes a server jwt:serve left running when the Maven session ends, then passes every event on
 * to the listener that was there before (Maven's console logger prints the build result there).
 *
 * <p>Why this hook: Maven fires {@code SessionEnded} in a {@code finally} once every project has
 * built, failed or been skipped, and reads the listener from the request each time it fires, so a
 * listener chained in front during the build is called. A plugin cannot contribute an
 * {@code AbstractMavenLifecycleParticipant} without users declaring it as a build extension, and a
 * JVM shutdown hook alone would leave the server running in a long-lived Maven (mvnd, IDEs,
 * embedded invoker builds); jwt:serve registers one as well, for Ctrl-C.
 */
final class SessionEndListener implements ExecutionListener {

    private final ExecutionListener next;
    private final AutoCloseable server;
    private final Consumer<String> warn;

    /**
     * @param next   the listener that was there before; may be null
     * @param server closed when the session ends
     * @param warn   told when closing fails
     */
    SessionEndListener(ExecutionListener next, AutoCloseable server, Consumer<String> warn) {
        this.next = next;
        this.server = Objects.requireNonNull(server, "server");
        this.warn = Objects.requireNonNull(warn, "warn");
    }

    /** Puts a listener closing {@code server} in front of the request's current listener. */
    static void closeAtSessionEnd(MavenExecutionRequest request, AutoCloseable server, Consumer<String> warn) {
        // Parallel builds (-T) may start several servers at once; each wraps the one before.
        synchronized (request) {
            request.setExecutionListener(new SessionEndListener(request.getExecutionListener(), server, warn));
        }
    }

    @Override
    public void sessionEnded(ExecutionEvent event) {
        try {
            server.close();
        } catch (Exception e) {
            // Closing a loopback test server cannot fail the build that has just ended; say so and go on.
            warn.accept("jwt:serve: the server did not close cleanly: " + e);
        } finally {
            if (next != null) {
                next.sessionEnded(event);
            }
        }
    }

    @Override
    public void projectDiscoveryStarted(ExecutionEvent event) {
        if (next != null) {
            next.projectDiscoveryStarted(event);
        }
    }

    @Override
    public void sessionStarted(ExecutionEvent event) {
        if (next != null) {
            next.sessionStarted(event);
        }
    }

    @Override
    public void projectSkipped(ExecutionEvent event) {
        if (next != null) {
            next.projectSkipped(event);
        }
    }

    @Override
    public void projectStarted(ExecutionEvent event) {
        if (next != null) {
            next.projectStarted(event);
        }
    }

    @Override
    public void projectSucceeded(ExecutionEvent event) {
        if (next != null) {
            next.projectSucceeded(event);
        }
    }

    @Override
    public void projectFailed(ExecutionEvent event) {
        if (next != null) {
            next.projectFailed(event);
        }
    }

    @Override
    public void mojoSkipped(ExecutionEvent event) {
        if (next != null) {
            next.mojoSkipped(event);
        }
    }

    @Override
    public void mojoStarted(ExecutionEvent event) {
        if (next != null) {
            next.mojoStarted(event);
        }
    }

    @Override
    public void mojoSucceeded(ExecutionEvent event) {
        if (next != null) {
            next.mojoSucceeded(event);
        }
    }

    @Override
    public void mojoFailed(ExecutionEvent event) {
        if (next != null) {
            next.mojoFailed(event);
        }
    }

    @Override
    public void forkStarted(ExecutionEvent event) {
        if (next != null) {
            next.forkStarted(event);
        }
    }

    @Override
    public void forkSucceeded(ExecutionEvent event) {
        if (next != null) {
            next.forkSucceeded(event);
        }
    }

    @Override
    public void forkFailed(ExecutionEvent event) {
        if (next != null) {
            next.forkFailed(event);
        }
    }

    @Override
    public void forkedProjectStarted(ExecutionEvent event) {
        if (next != null) {
            next.forkedProjectStarted(event);
        }
    }

    @Override
    public void forkedProjectSucceeded(ExecutionEvent event) {
        if (next != null) {
            next.forkedProjectSucceeded(event);
        }
    }

    @Override
    public void forkedProjectFailed(ExecutionEvent event) {
        if (next != null) {
            next.forkedProjectFailed(event);
        }
    }
}
