package dev.securedcontent.jwt.it.gateway;

import dev.securedcontent.jwt.it.ServerRoot;

/**
 * ContentTokenCheckStockInstallTest on Debian 13: the root's stock /etc/nginx and nginx 1.26.3
 * (run from the root), the check on the root's own java (its default-jre-headless: OpenJDK 21), as
 * the page's apt-get step installs it. Skipped without the root (.ci/debian-root.sh), failed
 * without it when CI is set.
 */
class ContentTokenCheckStockInstallDebian13Test extends ContentTokenCheckStockInstallTest {
    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
