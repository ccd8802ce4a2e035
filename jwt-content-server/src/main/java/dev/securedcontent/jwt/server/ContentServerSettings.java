package dev.securedcontent.jwt.server;

/**
 * A content server's options, validated and frozen ({@link ContentServerOptions#settings()}):
 * starts any number of identical servers, e.g. one per test.
 */
public final class ContentServerSettings {

    private final ServerSettings settings;

    ContentServerSettings(ServerSettings settings) {
        this.settings = settings;
    }

    /** Starts a server with these settings; close it (try-with-resources) when done. */
    public ContentServer start() {
        return ContentServer.start(settings);
    }

    @Override
    public String toString() {
        return "ContentServerSettings[" + (settings.contentDirectory() != null
                ? "directory " + settings.contentDirectory()
                : "classpath folder " + settings.contentClasspathRoot())
                + (settings.tokenCheck() ? "" : ", token check OFF") + "]";
    }
}
