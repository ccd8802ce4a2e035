package dev.securedcontent.jwt.it;

import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The Cloudflare Worker recipe under workerd is held to the shared tables (see EnforcementPointParity). */
class WorkerdParityTest extends EnforcementPointParity {
    private ContentOrigin origin;
    private RecipeWorkerd workerd;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        origin = ContentOrigin.serving(new byte[4096]);
        workerd = RecipeWorkerd.start(dir, keys, origin);
    }

    @Override
    URI contentUrl(String query) {
        return workerd.uri(query == null ? "/content/app.pkg" : "/content/app.pkg?" + query);
    }

    @Override
    void stop() {
        if (workerd != null) {
            workerd.close();
        }
        if (origin != null) {
            origin.close();
        }
    }
}
