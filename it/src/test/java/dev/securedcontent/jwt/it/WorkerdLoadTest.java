package dev.securedcontent.jwt.it;

import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Random;

/** The load run (see EnforcementPointLoad) against the Cloudflare Worker under workerd. */
class WorkerdLoadTest extends EnforcementPointLoad {

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        byte[] content = new byte[1024 * 1024];
        new Random(7).nextBytes(content);
        ContentOrigin origin = ContentOrigin.serving(content);
        RecipeWorkerd workerd;
        try {
            workerd = RecipeWorkerd.start(dir, List.of(trusted), origin);
        } catch (RuntimeException | Error e) {
            origin.close();
            throw e;
        }
        return new Target() {
            @Override
            public URI contentUrl(String query) {
                return workerd.uri("/apps/App.pkg" + query);
            }

            @Override
            public byte[] content() {
                return content.clone();
            }

            @Override
            public void close() {
                workerd.close();
                origin.close();
            }
        };
    }

    @Override
    int requests() {
        return 4_000; // every request is an RSA verification in JavaScript: no verdict cache at the edge
    }

    @Override
    String name() {
        return "Cloudflare Worker under workerd";
    }
}
