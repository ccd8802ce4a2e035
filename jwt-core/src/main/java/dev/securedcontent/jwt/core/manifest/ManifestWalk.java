package dev.securedcontent.jwt.core.manifest;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** One run of {@link ManifestChecker} over one manifest: walks the plist and collects findings. */
final class ManifestWalk {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final ManifestChecker checker;
    private final Path file;
    private final List<Finding> findings = new ArrayList<>();
    // Hashing a large package twice (md5 and sha256 lists of one chunk size) would double the work.
    private final Map<String, ChunkHashes> hashed = new HashMap<>();

    ManifestWalk(ManifestChecker checker, Path file) {
        this.checker = checker;
        this.file = file;
    }

    List<Finding> run(NSDictionary root) {
        NSArray items = array(root, "items", "items", true);
        if (items != null) {
            if (items.count() == 0) {
                add("items", Finding.Kind.MALFORMED, "no items; a manifest needs one item with a software-package asset");
            }
            for (int i = 0; i < items.count(); i++) {
                item(items.objectAtIndex(i), "items[" + i + "]");
            }
        }
        return List.copyOf(findings);
    }

    private void item(NSObject value, String path) {
        NSDictionary item = dictionary(value, path);
        if (item == null) {
            return;
        }
        NSDictionary metadata = metadata(item, path + ".metadata");
        // metadata() already reported a wrong type; here it only feeds the size checks.
        OptionalLong sizeInBytes = metadata != null && metadata.get("sizeInBytes") instanceof NSNumber number
                && number.isInteger() ? OptionalLong.of(number.longValue()) : OptionalLong.empty();
        NSArray assets = array(item, "assets", path + ".assets", true);
        if (assets == null) {
            return;
        }
        boolean packageSeen = false;
        for (int a = 0; a < assets.count(); a++) {
            String assetPath = path + ".assets[" + a + "]";
            NSDictionary asset = dictionary(assets.objectAtIndex(a), assetPath);
            if (asset != null) {
                packageSeen |= asset(asset, assetPath, sizeInBytes, path + ".metadata.sizeInBytes");
            }
        }
        if (!packageSeen) {
            add(path + ".assets", Finding.Kind.MALFORMED, "no asset of kind software-package; add one with the download url");
        }
    }

    private NSDictionary metadata(NSDictionary item, String path) {
        NSObject value = item.get("metadata");
        if (value == null) {
            add(path, Finding.Kind.METADATA_MISSING,
                    "no metadata; add bundle-identifier, bundle-version, kind (software) and title");
            return null;
        }
        NSDictionary metadata = dictionary(value, path);
        if (metadata == null) {
            return null;
        }
        requiredText(metadata, "bundle-identifier", path, "the app's or package's bundle identifier, e.g. com.example.app");
        requiredText(metadata, "title", path, "the name devices show while installing");
        String kind = requiredText(metadata, "kind", path, "software");
        if (kind != null && !kind.equals("software")) {
            add(path + ".kind", Finding.Kind.MALFORMED, "is \"" + kind + "\"; an app or package manifest needs kind software");
        }
        string(metadata, "bundle-version", path + ".bundle-version");
        string(metadata, "subtitle", path + ".subtitle");
        NSArray bundles = array(metadata, "items", path + ".items", false);
        if (bundles != null) {
            for (int b = 0; b < bundles.count(); b++) {
                String bundlePath = path + ".items[" + b + "]";
                NSDictionary bundle = dictionary(bundles.objectAtIndex(b), bundlePath);
                if (bundle != null) {
                    requiredText(bundle, "bundle-identifier", bundlePath, "the bundle identifier of a component");
                    string(bundle, "bundle-version", bundlePath + ".bundle-version");
                }
            }
        }
        OptionalLong size = integer(metadata, "sizeInBytes", path + ".sizeInBytes");
        if (size.isPresent() && size.getAsLong() <= 0) {
            add(path + ".sizeInBytes", Finding.Kind.MALFORMED, "is " + size.getAsLong() + "; must be the package size in bytes");
        }
        return metadata;
    }

    /** Checks one asset; returns whether it is a software-package. */
    private boolean asset(NSDictionary asset, String path, OptionalLong sizeInBytes, String sizeInBytesPath) {
        String kind = string(asset, "kind", path + ".kind");
        if (kind == null && !asset.containsKey("kind")) {
            add(path + ".kind", Finding.Kind.MALFORMED, "required key is missing; add software-package, display-image or full-size-image");
        }
        boolean isPackage = Manifest.SOFTWARE_PACKAGE.equals(kind);
        boolean isImage = Manifest.DISPLAY_IMAGE.equals(kind) || Manifest.FULL_SIZE_IMAGE.equals(kind);
        String url = string(asset, "url", path + ".url");
        URI uri = null;
        if (url == null) {
            if (!asset.containsKey("url")) {
                add(path + ".url", Finding.Kind.MALFORMED, "required key is missing; add the download URL");
            }
        } else {
            boolean tokenRequired = isPackage || isImage && checker.requireImageTokens();
            uri = checker.checkUrl(file, path + ".url", url, tokenRequired, findings);
        }
        Path content = uri == null || !isPackage ? null : checker.contentFileFor(uri).orElse(null);
        Long contentSize = content == null ? null : contentSize(content, path + ".url");
        if (contentSize != null && sizeInBytes.isPresent() && sizeInBytes.getAsLong() != contentSize) {
            add(sizeInBytesPath, Finding.Kind.SIZE_MISMATCH, "is " + sizeInBytes.getAsLong() + " bytes but the local file "
                    + content + " has " + contentSize + "; regenerate the manifest from the file that is published");
        }
        Path readableContent = contentSize == null ? null : content;
        hashes(asset, path, "md5-size", "md5s", MD5_HEX, "MD5", sizeInBytes, sizeInBytesPath, readableContent, contentSize);
        hashes(asset, path, "sha256-size", "sha256s", SHA256_HEX, "SHA-256", sizeInBytes, sizeInBytesPath, readableContent, contentSize);
        return isPackage;
    }

    private void hashes(NSDictionary asset, String path, String sizeKey, String listKey, Pattern hex, String algorithm,
                        OptionalLong sizeInBytes, String sizeInBytesPath, Path content, Long contentSize) {
        String sizePath = path + "." + sizeKey;
        String listPath = path + "." + listKey;
        OptionalLong chunkSize = integer(asset, sizeKey, sizePath);
        List<String> hashes = hexList(asset, listKey, listPath, hex, algorithm);
        boolean sizeKeyPresent = asset.containsKey(sizeKey);
        boolean listPresent = asset.containsKey(listKey);
        if (!sizeKeyPresent && !listPresent || chunkSize.isEmpty() && sizeKeyPresent || hashes == null) {
            return; // absent (optional), or a wrong type already reported
        }
        if (!sizeKeyPresent) {
            add(sizePath, Finding.Kind.CHUNK_SIZE_INCONSISTENT, listKey + " without " + sizeKey
                    + "; add the chunk size the hashes were made with (usually 10485760)");
            return;
        }
        long size = chunkSize.getAsLong();
        if (size <= 0) {
            add(sizePath, Finding.Kind.CHUNK_SIZE_INCONSISTENT, "is " + size + "; a chunk size must be positive");
            return;
        }
        if (hashes.isEmpty()) {
            add(listPath, Finding.Kind.CHUNK_SIZE_INCONSISTENT, (listPresent ? "is empty" : "is missing") + " but "
                    + sizeKey + " is set; add one " + algorithm + " per chunk or remove " + sizeKey);
            return;
        }
        if (sizeInBytes.isPresent() && sizeInBytes.getAsLong() > 0) {
            long expected = ChunkHashes.expectedChunkCount(sizeInBytes.getAsLong(), size);
            if (expected != hashes.size()) {
                add(sizePath, Finding.Kind.CHUNK_SIZE_INCONSISTENT, "is " + size + " bytes: " + sizeInBytesPath + " ("
                        + sizeInBytes.getAsLong() + ") needs " + expected + " " + listKey + " but there are "
                        + hashes.size() + "; regenerate the hashes with one chunk size");
            }
        }
        if (content == null) {
            return;
        }
        long expected = ChunkHashes.expectedChunkCount(contentSize, size);
        if (expected != hashes.size()) {
            add(listPath, Finding.Kind.SIZE_MISMATCH, "has " + hashes.size() + " hashes of " + size + "-byte chunks, but "
                    + content + " (" + contentSize + " bytes) has " + expected + " chunks; regenerate the manifest from the published file");
            return;
        }
        ChunkHashes actual = hash(content, size, path + ".url");
        if (actual == null) {
            return;
        }
        List<String> actualHashes = algorithm.equals("MD5") ? actual.md5s() : actual.sha256s();
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            if (!hashes.get(i).equals(actualHashes.get(i))) {
                differing.add(i);
            }
        }
        if (!differing.isEmpty()) {
            int first = differing.get(0);
            add(listPath + "[" + first + "]", Finding.Kind.HASH_MISMATCH, algorithm + " of chunk " + first + " of " + content
                    + " is " + actualHashes.get(first) + ", manifest says " + hashes.get(first)
                    + (differing.size() > 1 ? " (" + differing.size() + " of " + hashes.size() + " chunks differ)" : "")
                    + "; the file changed since the manifest was made: regenerate the manifest");
        }
    }

    private Long contentSize(Path content, String location) {
        try {
            if (!Files.isRegularFile(content)) {
                add(location, Finding.Kind.CONTENT_UNREADABLE, "local content file " + content
                        + (Files.exists(content) ? " is not a regular file" : " not found") + "; check the content file mapping");
                return null;
            }
            if (!Files.isReadable(content)) {
                add(location, Finding.Kind.CONTENT_UNREADABLE, "local content file " + content + " is not readable; check its permissions");
                return null;
            }
            return Files.size(content);
        } catch (IOException e) {
            add(location, Finding.Kind.CONTENT_UNREADABLE, "cannot read local content file " + content + " (" + e + ")");
            return null;
        }
    }

    private ChunkHashes hash(Path content, long chunkSize, String location) {
        String key = content.toAbsolutePath() + "\u0000" + chunkSize;
        ChunkHashes cached = hashed.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            ChunkHashes hashes = ChunkHashes.of(content, chunkSize);
            hashed.put(key, hashes);
            return hashes;
        } catch (ManifestException e) {
            add(location, Finding.Kind.CONTENT_UNREADABLE, "local content file " + ManifestChecker.problemOf(e));
            return null;
        }
    }

    private List<String> hexList(NSDictionary parent, String key, String path, Pattern hex, String algorithm) {
        NSArray array = array(parent, key, path, false);
        if (array == null) {
            return parent.containsKey(key) ? null : List.of();
        }
        List<String> values = new ArrayList<>(array.count());
        boolean ok = true;
        for (int i = 0; i < array.count(); i++) {
            NSObject element = array.objectAtIndex(i);
            if (!(element instanceof NSString string)) {
                add(path + "[" + i + "]", Finding.Kind.MALFORMED, "must be a string, is " + PlistTree.typeName(element));
                ok = false;
            } else if (!hex.matcher(string.getContent()).matches()) {
                add(path + "[" + i + "]", Finding.Kind.MALFORMED, "\"" + shorten(string.getContent()) + "\" is not an "
                        + algorithm + " in lowercase hex (" + (hex == MD5_HEX ? 32 : 64) + " characters 0-9a-f)");
                ok = false;
            } else {
                values.add(string.getContent());
            }
        }
        return ok ? values : null;
    }

    private String requiredText(NSDictionary parent, String key, String parentPath, String what) {
        String path = parentPath + "." + key;
        if (!parent.containsKey(key)) {
            add(path, Finding.Kind.METADATA_MISSING, "required key is missing; add " + what);
            return null;
        }
        String value = string(parent, key, path);
        if (value != null && value.isBlank()) {
            add(path, Finding.Kind.METADATA_MISSING, "is empty; set " + what);
            return null;
        }
        return value;
    }

    /** The string at {@code key}; null (with a finding for a wrong type) otherwise. */
    private String string(NSDictionary parent, String key, String path) {
        NSObject value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof NSString string) {
            return string.getContent();
        }
        add(path, Finding.Kind.MALFORMED, "must be a string, is " + PlistTree.typeName(value));
        return null;
    }

    private OptionalLong integer(NSDictionary parent, String key, String path) {
        NSObject value = parent.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof NSNumber number && number.isInteger()) {
            return OptionalLong.of(number.longValue());
        }
        add(path, Finding.Kind.MALFORMED, "must be an integer, is " + PlistTree.typeName(value));
        return OptionalLong.empty();
    }

    private NSArray array(NSDictionary parent, String key, String path, boolean required) {
        NSObject value = parent.get(key);
        if (value == null) {
            if (required) {
                add(path, Finding.Kind.MALFORMED, "required key is missing; add it (an array)");
            }
            return null;
        }
        if (value instanceof NSArray array) {
            return array;
        }
        add(path, Finding.Kind.MALFORMED, "must be an array, is " + PlistTree.typeName(value));
        return null;
    }

    private NSDictionary dictionary(NSObject value, String path) {
        if (value instanceof NSDictionary dictionary) {
            return dictionary;
        }
        add(path, Finding.Kind.MALFORMED, "must be a dictionary, is " + PlistTree.typeName(value));
        return null;
    }

    private void add(String location, Finding.Kind kind, String message) {
        findings.add(new Finding(file, location, kind, message));
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
