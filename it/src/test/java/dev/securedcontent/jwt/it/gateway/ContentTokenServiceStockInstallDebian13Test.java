package dev.securedcontent.jwt.it.gateway;

import dev.securedcontent.jwt.it.ServerRoot;

/**
 * ContentTokenServiceStockInstallTest on Debian 13: the unit's ExecStart run from the root, on its
 * own java (its default-jre-headless: OpenJDK 21), as the page's apt-get step installs it. Skipped
 * without the root (.ci/debian-root.sh), failed without it when CI is set.
 */
class ContentTokenServiceStockInstallDebian13Test extends ContentTokenServiceStockInstallTest {
    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
