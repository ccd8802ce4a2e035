package dev.securedcontent.jwt.it;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

/** The load run (see EnforcementPointLoad) against the Apache recipe. */
class ApacheLoadTest extends EnforcementPointLoad {

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        return Target.of(RecipeApache.start(dir, List.of((RSAPublicKey) trusted)));
    }

    @Override
    int requests() {
        return 5_000;
    }

    @Override
    String name() {
        return "Apache recipe";
    }

    @Override
    Set<Integer> invalidTokenStatuses() {
        // mod_oauth2 answers 401 when the signature or exp fails, 403 when a Require fails.
        return Set.of(401, 403);
    }
}
