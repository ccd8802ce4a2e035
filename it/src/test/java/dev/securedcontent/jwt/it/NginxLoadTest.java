package dev.securedcontent.jwt.it;

import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/** The load run (see EnforcementPointLoad) against the nginx recipe in a real nginx. */
class NginxLoadTest extends EnforcementPointLoad {

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        RecipeNginx nginx = RecipeNginx.start(dir, List.of(trusted), List.of());
        return new Target() {
            @Override
            public URI contentUrl(String query) {
                return nginx.uri(RecipeNginx.CONTENT_PATH + query);
            }

            @Override
            public byte[] content() {
                return nginx.content();
            }

            @Override
            public void close() {
                nginx.close();
            }
        };
    }

    @Override
    int requests() {
        return 20_000;
    }

    @Override
    String name() {
        return "nginx recipe";
    }
}
