package dev.securedcontent.jwt.maven;

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
                return new DownloadUrl(null, "'" + TokenQuery.redacted(value) + "' is not an absolute https URL with a host");
            }
            return new DownloadUrl(url, null);
        } catch (URISyntaxException e) {
            return new DownloadUrl(null, "'" + TokenQuery.redacted(value) + "' is not a URL (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
        }
    }

    boolean isValid() {
        return url != null;
    }
}
