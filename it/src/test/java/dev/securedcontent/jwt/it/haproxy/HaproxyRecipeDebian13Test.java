package dev.securedcontent.jwt.it.haproxy;

import dev.securedcontent.jwt.it.ServerRoot;

/**
 * HaproxyRecipeTest on Debian 13's HAProxy and its stock haproxy.cfg (the root .ci/debian-root.sh
 * makes): the same differences.
 */
class HaproxyRecipeDebian13Test extends HaproxyRecipeTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
