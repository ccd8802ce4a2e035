package dev.securedcontent.jwt.it;

import java.net.URI;

/** A recipe running in a real web server on a loopback port, as the shared recipe tests see it. */
public interface RecipeServer extends EnforcementPoint.Running {
    /** The protected file, served at {@link #CONTENT_PATH}. */
    String CONTENT_PATH = "/content/app.pkg";

    @Override
    default String contentPath() {
        return CONTENT_PATH;
    }

    /** http://127.0.0.1:port + pathAndQuery. */
    @Override
    URI uri(String pathAndQuery);

    /** The served file's bytes. */
    @Override
    byte[] content();

    /** The access log once it holds at least {@code lines} lines (or after a bounded wait). */
    String accessLog(int lines);

    String errorLog();

    @Override
    void close();
}
