package dev.securedcontent.jwt.core.manifest;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.internal.DownloadUrls;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Puts a fresh content token on the download URLs of a manifest or URL list: every
 * {@code software-package} asset URL (and, if asked, the image URLs) gets a {@code token} query
 * parameter from a {@link ContentTokenSigner}; every other query parameter is kept.
 *
 * <p>Immutable and thread-safe; build once, reuse: {@code ManifestSigner.builder(tokenSigner).build()}.
 * Signing never changes its input: the {@code sign} methods return a new value, the
 * {@code sign...(Path, Path)} methods write a separate output file atomically.
 */
public final class ManifestSigner {
    private final ContentTokenSigner tokenSigner;
    private final boolean signImages;
    private final boolean allowPlainHttp;

    private ManifestSigner(Builder builder) {
        this.tokenSigner = builder.tokenSigner;
        this.signImages = builder.signImages;
        this.allowPlainHttp = builder.allowPlainHttp;
    }

    /** Starts a builder that signs with {@code tokenSigner}. */
    public static Builder builder(ContentTokenSigner tokenSigner) {
        return new Builder(tokenSigner);
    }

    /**
     * A copy of {@code manifest} whose signable URLs carry a new token.
     *
     * @throws ManifestException naming the manifest and key path of a URL that does not parse, is
     *         not HTTPS (unless allowed), or a manifest whose shape is wrong
     */
    public Manifest sign(Manifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        PlistTree tree = new PlistTree(manifest.source());
        NSDictionary root = manifest.toPlist();
        NSArray items = tree.array(root, "items", "items", true);
        for (int i = 0; i < items.count(); i++) {
            String itemPath = "items[" + i + "]";
            NSDictionary item = tree.dictionary(items.objectAtIndex(i), itemPath);
            NSArray assets = tree.array(item, "assets", itemPath + ".assets", true);
            for (int a = 0; a < assets.count(); a++) {
                String assetPath = itemPath + ".assets[" + a + "]";
                NSDictionary asset = tree.dictionary(assets.objectAtIndex(a), assetPath);
                String kind = tree.string(asset, "kind", assetPath + ".kind", true);
                if (isSignable(kind)) {
                    String urlPath = assetPath + ".url";
                    String url = tree.string(asset, "url", urlPath, true);
                    asset.put("url", signUrl(url, manifest.source(), urlPath).toString());
                }
            }
        }
        return manifest.withRoot(root);
    }

    /**
     * A copy of {@code list} whose every URL carries a new token.
     *
     * @throws ManifestException naming the list and line of a URL that does not parse or is not
     *         HTTPS (unless allowed)
     */
    public UrlList sign(UrlList list) {
        Objects.requireNonNull(list, "list");
        return list.withUrls(entry -> signUrl(entry.url(), list.source(), entry.location()).toString());
    }

    /**
     * Reads the manifest at {@code input} (XML or binary), signs it and writes the signed copy to
     * {@code output} as XML, atomically. {@code input} is never changed.
     *
     * @throws ManifestException when {@code output} is {@code input}, or as {@link #sign(Manifest)}
     */
    public void signManifest(Path input, Path output) {
        requireDistinct(input, output);
        sign(Manifest.read(input)).write(output);
    }

    /**
     * Reads the URL list at {@code input}, signs it and writes the signed copy to {@code output},
     * atomically. {@code input} is never changed.
     *
     * @throws ManifestException when {@code output} is {@code input}, or as {@link #sign(UrlList)}
     */
    public void signUrlList(Path input, Path output) {
        requireDistinct(input, output);
        sign(UrlList.read(input)).write(output);
    }

    private boolean isSignable(String kind) {
        return Manifest.SOFTWARE_PACKAGE.equals(kind)
                || signImages && (Manifest.DISPLAY_IMAGE.equals(kind) || Manifest.FULL_SIZE_IMAGE.equals(kind));
    }

    private URI signUrl(String url, Path file, String location) {
        URI uri = parseUrl(url, file, location);
        if (!allowPlainHttp && !DownloadUrls.isHttps(uri)) {
            throw new ManifestException(file, location, "URL is not HTTPS (" + withoutQuery(uri)
                    + "); devices refuse plain HTTP downloads: serve it over HTTPS");
        }
        return tokenSigner.signUrl(uri);
    }

    /** Parses an absolute http(s) URL or says why not; used by the checker too. */
    static URI parseUrl(String url, Path file, String location) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ManifestException(file, location, "not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + "); percent-encode spaces and special characters");
        }
        if (!DownloadUrls.isHttpWithHost(uri)) {
            throw new ManifestException(file, location, "not an absolute http(s) URL with a host ("
                    + withoutQuery(uri) + "); give the full download URL, e.g. https://host/path/app.ipa");
        }
        return uri;
    }

    /** The URL without query and fragment: safe to show, since the query may hold a token. */
    static String withoutQuery(URI uri) {
        String text = uri.toString();
        int cut = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }

    private static void requireDistinct(Path input, Path output) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        boolean same;
        try {
            same = input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())
                    || Files.exists(output) && Files.isSameFile(input, output);
        } catch (IOException e) {
            same = false;
        }
        if (same) {
            throw new ManifestException(output, null, "output is the input file; the input is never"
                    + " changed: give a different output path");
        }
    }

    /** Builder; defaults sign only {@code software-package} URLs and require HTTPS. */
    public static final class Builder {
        private final ContentTokenSigner tokenSigner;
        private boolean signImages;
        private boolean allowPlainHttp;

        private Builder(ContentTokenSigner tokenSigner) {
            this.tokenSigner = Objects.requireNonNull(tokenSigner, "tokenSigner");
        }

        /** Also sign {@code display-image} and {@code full-size-image} URLs; default: no. */
        public Builder signImages(boolean signImages) {
            this.signImages = signImages;
            return this;
        }

        /**
         * Unsafe opt-in: accept plain {@code http} URLs to any host (tests only; devices refuse them and
         * the token travels in clear). Any host, not only loopback, for the reason {@link ManifestChecker}
         * gives. Default: a non-HTTPS URL is an error.
         */
        public Builder allowPlainHttp() {
            this.allowPlainHttp = true;
            return this;
        }

        /**
         * The signer, immutable and thread-safe.
         *
         * @return the signer
         */
        public ManifestSigner build() {
            return new ManifestSigner(this);
        }
    }
}
