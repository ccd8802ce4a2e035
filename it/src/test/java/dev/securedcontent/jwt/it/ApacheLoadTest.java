package dev.securedcontent.jwt.it;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

/** The load run (see EnforcementPointLoad) against the Apache recipe. */
class ApacheLoadTest extends EnforcementPointLoad {

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        return Target.of(RecipeApache.start(root(), dir, List.of((RSAPublicKey) trusted)));
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
