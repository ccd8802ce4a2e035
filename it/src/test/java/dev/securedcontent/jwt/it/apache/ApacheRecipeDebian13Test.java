package dev.securedcontent.jwt.it.apache;

import dev.securedcontent.jwt.it.ServerRoot;

/** ApacheRecipeTest on Debian 13's Apache and mod_oauth2 (the root .ci/debian-root.sh makes): the same differences. */
class ApacheRecipeDebian13Test extends ApacheRecipeTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
