package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.junit.jupiter.api.Test;

class SessionEndListenerTest {

    private final List<String> calls = new ArrayList<>();
    private final ExecutionListener mavenLogger = recording("maven");

    @Test
    void sessionEndClosesTheServerBeforeMavenPrintsTheBuildResult() {
        SessionEndListener listener = new SessionEndListener(mavenLogger, () -> calls.add("close"), calls::add);

        listener.sessionEnded(null);

        assertThat(calls).containsExactly("close", "maven.sessionEnded");
    }

    @Test
    void aServerThatFailsToCloseStillLetsMavenEndTheSession() {
        SessionEndListener listener = new SessionEndListener(mavenLogger, () -> {
            throw new IllegalStateException("port already gone");
        }, calls::add);

        listener.sessionEnded(null);

        assertThat(calls).containsExactly(
                "jwt:serve: the server did not close cleanly: java.lang.IllegalStateException: port already gone",
                "maven.sessionEnded");
    }

    @Test
    void everyOtherEventIsPassedOnUnchangedAndClosesNothing() throws Exception {
        SessionEndListener listener = new SessionEndListener(mavenLogger, () -> calls.add("close"), calls::add);
        List<String> others = new ArrayList<>();

        for (Method event : ExecutionListener.class.getMethods()) {
            if (!event.getName().equals("sessionEnded")) {
                event.invoke(listener, (ExecutionEvent) null);
                others.add("maven." + event.getName());
            }
        }

        assertThat(others).hasSize(ExecutionListener.class.getMethods().length - 1);
        assertThat(calls).containsExactlyElementsOf(others);
    }

    @Test
    void closeAtSessionEndPutsTheListenerInFrontOfTheRequestsListener() {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest().setExecutionListener(mavenLogger);

        SessionEndListener.closeAtSessionEnd(request, () -> calls.add("close first"), calls::add);
        SessionEndListener.closeAtSessionEnd(request, () -> calls.add("close second"), calls::add);
        request.getExecutionListener().sessionEnded(null);

        assertThat(calls).containsExactly("close second", "close first", "maven.sessionEnded");
    }

    @Test
    void worksWhenTheRequestHasNoListener() {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();

        SessionEndListener.closeAtSessionEnd(request, () -> calls.add("close"), calls::add);
        request.getExecutionListener().sessionEnded(null);
        request.getExecutionListener().mojoStarted(null);

        assertThat(calls).containsExactly("close");
    }

    /** A listener that records "name.method" for every call. */
    private ExecutionListener recording(String name) {
        return (ExecutionListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExecutionListener.class}, (proxy, method, args) -> {
                    if (Arrays.asList(Object.class.getMethods()).stream()
                            .anyMatch(m -> m.getName().equals(method.getName()))) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : name;
                    }
                    calls.add(name + "." + method.getName());
                    return null;
                });
    }
}
