package dev.securedcontent.jwt.it;

import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The nginx recipe in a real nginx is held to the shared tables (see EnforcementPointParity). */
class NginxParityTest extends EnforcementPointParity {
    private RecipeNginx nginx;

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        // The first key in the keys directory, the rest as separate files: both ways of naming keys.
        nginx = RecipeNginx.start(root(), dir, keys.subList(0, 1), keys.subList(1, keys.size()));
    }

    @Override
    URI contentUrl(String query) {
        return nginx.uri(query == null ? RecipeNginx.CONTENT_PATH : RecipeNginx.CONTENT_PATH + "?" + query);
    }

    @Override
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }
}
