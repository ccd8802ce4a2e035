package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Parses one download URL given by a user (a URL-list line, {@code -Djwt.url}): absolute http(s)
 * with a host, or a problem that names the value with any token redacted.
 *
 * @param url     the URL; null when it is not usable
 * @param problem why not; null when it is
 */
record DownloadUrl(URI url, String problem) {

    static DownloadUrl parse(String text) {
        String value = text == null ? "" : text.strip();
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                return new DownloadUrl(null, "'" + TokenParameter.redact(value) + "' is not an absolute https URL with a host");
            }
            return new DownloadUrl(url, null);
        } catch (URISyntaxException e) {
            return new DownloadUrl(null, "'" + TokenParameter.redact(value) + "' is not a URL (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
        }
    }

    boolean isValid() {
        return url != null;
    }

    /** Whether the host is this machine (where plain http is allowed for tests with jwt.allowHttp). */
    static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || h.equals("[::1]") || h.equals("::1");
    }
}
