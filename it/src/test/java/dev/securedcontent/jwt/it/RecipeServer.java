package dev.securedcontent.jwt.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;

/** A recipe running in a real web server on a loopback port, as the shared recipe tests see it. */
public interface RecipeServer extends EnforcementPoint.Running {
    /** The protected file, served at {@link #CONTENT_PATH}. */
    String CONTENT_PATH = "/content/app.pkg";

    /** The protected file's size: several of the servers' read buffers, so Range and streaming matter. */
    int CONTENT_SIZE = 3 * 1024 * 1024 + 512 * 1024;

    /** web-server/{@code name} of this checkout (a recipe's files), found by walking up from the working directory. */
    static Path recipeDir(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path recipe = p.resolve("web-server").resolve(name);
            if (Files.isDirectory(recipe) && Files.isRegularFile(p.resolve("web-server/nginx/content-token.js"))) {
                return recipe;
            }
        }
        throw new IllegalStateException("web-server/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** {@code key} as a PEM public key file holds it. */
    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

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
