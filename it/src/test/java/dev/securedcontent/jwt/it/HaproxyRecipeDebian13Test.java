package dev.securedcontent.jwt.it;

import java.util.Set;
import java.util.TreeSet;

/**
 * HaproxyRecipeTest on Debian 13's HAProxy (the root .ci/debian-root.sh makes): the same
 * differences, and one more its README lists.
 */
class HaproxyRecipeDebian13Test extends HaproxyRecipeTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }

    @Override
    Set<String> servedBadTokens() {
        Set<String> served = new TreeSet<>(super.servedBadTokens());
        // HAProxy 3.0 serves a token whose nbf is the string "0" (2.6 refuses it): an nbf in the
        // past, signed with the private key.
        served.add("nbf as a string");
        return served;
    }
}
