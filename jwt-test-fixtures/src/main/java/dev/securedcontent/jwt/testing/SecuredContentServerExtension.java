package dev.securedcontent.jwt.testing;

import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link SecuredContentServer}, and the one to register with
 * {@code @RegisterExtension} for full control ({@link #withOptions(ContentServerOptions)}): in a
 * {@code static} field it runs one server per class (shared with {@code @Nested} classes), in an
 * instance field one server per test. Test and lifecycle methods get the running
 * {@link ContentServer} as a parameter.
 *
 * <p>Servers live in the {@link ExtensionContext.Store} of the class or test that started them,
 * so JUnit stops them when that class or test ends; nothing is static, so classes and methods may
 * run in parallel.
 */
public final class SecuredContentServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SecuredContentServerExtension.class);

    /** Null when declared with {@link SecuredContentServer}: the options come from the annotation. */
    private final ContentServerOptions options;
    /** The server this registered extension started last, for {@link #server()}. */
    private volatile ContentServer lastStarted;

    /** Used by {@link SecuredContentServer}; to register by hand use {@link #withOptions(ContentServerOptions)}. */
    public SecuredContentServerExtension() {
        this.options = null;
    }

    private SecuredContentServerExtension(ContentServerOptions options) {
        this.options = options;
    }

    /**
     * The extension for a {@code @RegisterExtension} field, starting servers with these options
     * (defaults in {@link ContentServerOptions}).
     */
    public static SecuredContentServerExtension withOptions(ContentServerOptions options) {
        return new SecuredContentServerExtension(Objects.requireNonNull(options, "options"));
    }

    /**
     * The server this registered extension started most recently, for field initialisers and
     * helpers; test methods should take a {@link ContentServer} parameter.
     *
     * @throws IllegalStateException before the server started
     */
    public ContentServer server() {
        ContentServer server = lastStarted;
        if (server == null) {
            throw new IllegalStateException("the secured-content server has not started yet: use it from a test or"
                    + " lifecycle method (a per-test server starts before each test, a static one before all)");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Object key = key(context);
        if (find(context, key).isEmpty()) {
            start(context, key, options != null ? options : annotationOptions(context));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // An instance-field extension sees no beforeAll: it starts one server per test.
        Object key = key(context);
        if (find(context, key).isEmpty()) {
            start(context, key, options != null ? options : annotationOptions(context));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == ContentServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return find(context, key(context))
                .map(StoredServer::server)
                .orElseThrow(() -> new ParameterResolutionException("no secured-content server is running for "
                        + context.getDisplayName() + ": a per-test server (@RegisterExtension instance field) is not"
                        + " available to @BeforeAll methods or constructors; use a static field or @SecuredContentServer"));
    }

    private void start(ExtensionContext context, Object key, ContentServerOptions toStart) {
        ContentServer server = ContentServer.start(toStart);
        context.getStore(NAMESPACE).put(key, new StoredServer(server));
        lastStarted = server;
    }

    /** Looks in this context's store and its parents': a nested class or a test finds its class's server. */
    private static Optional<StoredServer> find(ExtensionContext context, Object key) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(key, StoredServer.class));
    }

    /**
     * A registered extension is its own key. A declared one is keyed by the class carrying the
     * nearest annotation, so a {@code @Nested} class with its own annotation gets its own server.
     */
    private Object key(ExtensionContext context) {
        if (options != null) {
            return this;
        }
        return new DeclaredBy(annotatedClass(context));
    }

    private record DeclaredBy(Class<?> annotatedClass) {}

    private static Class<?> annotatedClass(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        // Nearest first: the class itself and its superclasses, then each enclosing class likewise.
        for (Class<?> candidate = testClass; candidate != null; candidate = candidate.getEnclosingClass()) {
            for (Class<?> type = candidate; type != null; type = type.getSuperclass()) {
                if (type.getDeclaredAnnotation(SecuredContentServer.class) != null) {
                    return type;
                }
            }
        }
        throw new ExtensionConfigurationException(testClass.getName() + ": SecuredContentServerExtension was"
                + " registered with @ExtendWith but no @SecuredContentServer annotation was found; annotate the class"
                + " with @SecuredContentServer or register SecuredContentServerExtension.withOptions(...)");
    }

    private static ContentServerOptions annotationOptions(ExtensionContext context) {
        Class<?> annotated = annotatedClass(context);
        SecuredContentServer annotation = annotated.getDeclaredAnnotation(SecuredContentServer.class);
        try {
            ContentServerOptions options = ContentServerOptions.defaults()
                    .contentClasspathRoot(annotation.contentClasspathRoot())
                    .https(annotation.https())
                    .tokenExpiry(Duration.ofSeconds(annotation.tokenExpirySeconds()))
                    .clockSkew(Duration.ofSeconds(annotation.clockSkewSeconds()))
                    .keySize(annotation.keySize())
                    .exposeRejectionReason(annotation.exposeRejectionReason())
                    .tokenCheck(annotation.tokenCheck());
            if (!annotation.contentDirectory().isEmpty()) {
                options = options.contentDirectory(Path.of(annotation.contentDirectory()));
            }
            if (!annotation.privateKeyFile().isEmpty()) {
                options = options.privateKeyFile(Path.of(annotation.privateKeyFile()));
            }
            for (String file : annotation.acceptAlsoKeyFiles()) {
                options = options.acceptAlso(Path.of(file));
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@SecuredContentServer on " + annotated.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** What the store holds; JUnit closes it when the owning class or test ends. */
    @SuppressWarnings("deprecation") // CloseableResource: still what JUnit before 5.13 closes
    private record StoredServer(ContentServer server)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
