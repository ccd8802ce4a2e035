package dev.securedcontent.jwt.core.manifest;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.XMLPropertyListWriter;
import dev.securedcontent.jwt.core.internal.AtomicFile;
import dev.securedcontent.jwt.core.internal.RegularFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An Apple content manifest (the app manifest of iOS/tvOS in-house apps, the package manifest of
 * macOS InstallApplication), read from or written to a property list without losing any key.
 *
 * <p>Immutable: the typed views ({@link #items()}, {@link #assets()}) read the plist, and
 * {@link #toPlist()} returns a copy holding every key, including those this model does not know.
 * Read with {@link #read(Path)} (XML or binary), generate with {@link #forIpa(Path, URI)} or
 * {@link #forPackage(Path, URI, String, String)}, write XML with {@link #write(Path)}.
 */
public final class Manifest {
    /** The asset kind of the downloadable app or package. */
    public static final String SOFTWARE_PACKAGE = "software-package";
    /** The asset kind of the small icon shown while installing. */
    public static final String DISPLAY_IMAGE = "display-image";
    /** The asset kind of the large icon. */
    public static final String FULL_SIZE_IMAGE = "full-size-image";

    // A manifest is a few KiB; anything this big is a wrong file, not a manifest.
    static final int MAX_PLIST_BYTES = 16 << 20;
    private static final Pattern IPA_INFO_PLIST = Pattern.compile("Payload/[^/]+\\.app/Info\\.plist");

    private final Path source;
    private final NSDictionary root;

    private Manifest(Path source, NSDictionary root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Reads an XML or binary plist whose top level is a dictionary. Only the plist itself is
     * checked here; {@link #items()} and {@link ManifestChecker} check the manifest's shape.
     *
     * @throws ManifestException naming the file when it is missing, a directory, unreadable or not a plist dictionary
     */
    public static Manifest read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] content = readBounded(file, "manifest", "the .plist");
        NSObject parsed = PlistTree.parse(content, file, null);
        return new Manifest(file, new PlistTree(file).dictionary(parsed, "(top level)"));
    }

    /**
     * A manifest over a copy of {@code plist}; {@code source} names it in errors and findings.
     */
    static Manifest of(NSDictionary plist, Path source) {
        Objects.requireNonNull(plist, "plist");
        Objects.requireNonNull(source, "source");
        return new Manifest(source, plist.clone());
    }

    /**
     * The app manifest of an iOS/tvOS {@code .ipa}: one item with a {@code software-package}
     * asset at {@code url} (with {@code md5-size}/{@code md5s} of the file, default chunk size)
     * and metadata from {@code Payload/*.app/Info.plist} (XML or binary): {@code bundle-identifier}
     * from CFBundleIdentifier, {@code bundle-version} from CFBundleShortVersionString or else
     * CFBundleVersion, {@code title} from CFBundleDisplayName or else CFBundleName, {@code kind}
     * = {@code software}.
     *
     * @throws ManifestException naming the .ipa and the Info.plist key when the archive is not a
     *         zip, has no (or several) app Info.plist, or lacks the identifier, version or name
     */
    public static Manifest forIpa(Path ipa, URI url) {
        return forIpa(ipa, url, ChunkHashes.Progress.NONE);
    }

    /**
     * {@link #forIpa(Path, URI)}, telling {@code progress} how far hashing the .ipa is (see
     * {@link ChunkHashes#of(Path, long, ChunkHashes.Progress)}).
     */
    public static Manifest forIpa(Path ipa, URI url, ChunkHashes.Progress progress) {
        Objects.requireNonNull(ipa, "ipa");
        Objects.requireNonNull(url, "url");
        IpaInfo info = IpaInfo.read(ipa);
        ChunkHashes hashes = ChunkHashes.of(ipa, ChunkHashes.DEFAULT_CHUNK_SIZE, progress);
        requireNotEmpty(ipa, hashes);

        NSDictionary asset = new NSDictionary();
        asset.put("kind", SOFTWARE_PACKAGE);
        asset.put("md5-size", hashes.chunkSize());
        asset.put("md5s", strings(hashes.md5s()));
        asset.put("url", url.toString());

        NSDictionary metadata = new NSDictionary();
        metadata.put("bundle-identifier", info.bundleIdentifier());
        metadata.put("bundle-version", info.bundleVersion());
        metadata.put("kind", "software");
        metadata.put("title", info.title());
        return new Manifest(ipa, oneItem(asset, metadata));
    }

    /**
     * The package manifest of a macOS {@code .pkg} with the default chunk size; see
     * {@link #forPackage(Path, URI, String, String, long)}.
     */
    public static Manifest forPackage(Path pkg, URI url, String bundleIdentifier, String bundleVersion) {
        return forPackage(pkg, url, bundleIdentifier, bundleVersion, ChunkHashes.DEFAULT_CHUNK_SIZE);
    }

    /**
     * The package manifest of a macOS {@code .pkg}: one item with a {@code software-package}
     * asset at {@code url} carrying {@code md5-size}/{@code md5s} and {@code sha256-size}/{@code
     * sha256s} of the file, and metadata {@code bundle-identifier}, {@code bundle-version},
     * {@code items} (the same pair, as Apple's example), {@code kind} = {@code software},
     * {@code sizeInBytes} and {@code title} (the file name without {@code .pkg}).
     *
     * @throws ManifestException naming the file when it is missing, unreadable or empty
     */
    public static Manifest forPackage(Path pkg, URI url, String bundleIdentifier, String bundleVersion, long chunkSize) {
        return forPackage(pkg, url, bundleIdentifier, bundleVersion, chunkSize, ChunkHashes.Progress.NONE);
    }

    /**
     * {@link #forPackage(Path, URI, String, String, long)}, telling {@code progress} how far
     * hashing the package is (see {@link ChunkHashes#of(Path, long, ChunkHashes.Progress)}).
     */
    public static Manifest forPackage(Path pkg, URI url, String bundleIdentifier, String bundleVersion, long chunkSize,
                                      ChunkHashes.Progress progress) {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(url, "url");
        requireText(bundleIdentifier, "bundleIdentifier");
        requireText(bundleVersion, "bundleVersion");
        ChunkHashes hashes = ChunkHashes.of(pkg, chunkSize, progress);
        requireNotEmpty(pkg, hashes);

        NSDictionary asset = new NSDictionary();
        asset.put("kind", SOFTWARE_PACKAGE);
        asset.put("md5-size", hashes.chunkSize());
        asset.put("md5s", strings(hashes.md5s()));
        asset.put("sha256-size", hashes.chunkSize());
        asset.put("sha256s", strings(hashes.sha256s()));
        asset.put("url", url.toString());

        NSDictionary bundle = new NSDictionary();
        bundle.put("bundle-identifier", bundleIdentifier);
        bundle.put("bundle-version", bundleVersion);

        NSDictionary metadata = new NSDictionary();
        metadata.put("bundle-identifier", bundleIdentifier);
        metadata.put("bundle-version", bundleVersion);
        metadata.put("items", new NSArray(bundle));
        metadata.put("kind", "software");
        metadata.put("sizeInBytes", hashes.size());
        metadata.put("title", withoutExtension(pkg.getFileName().toString(), ".pkg"));
        return new Manifest(pkg, oneItem(asset, metadata));
    }

    /** The file this manifest was read from, or the content file it was generated for. */
    public Path source() {
        return source;
    }

    /**
     * The items with their assets and metadata.
     *
     * @throws ManifestException naming the key path when {@code items}, an asset's {@code kind}
     *         or {@code url} is missing, or any known key has the wrong type
     */
    public List<Item> items() {
        PlistTree tree = new PlistTree(source);
        NSArray items = tree.array(root, "items", "items", true);
        List<Item> result = new ArrayList<>(items.count());
        for (int i = 0; i < items.count(); i++) {
            String itemPath = "items[" + i + "]";
            NSDictionary item = tree.dictionary(items.objectAtIndex(i), itemPath);
            NSArray assets = tree.array(item, "assets", itemPath + ".assets", true);
            List<Asset> assetViews = new ArrayList<>(assets.count());
            for (int a = 0; a < assets.count(); a++) {
                String assetPath = itemPath + ".assets[" + a + "]";
                assetViews.add(asset(tree, tree.dictionary(assets.objectAtIndex(a), assetPath), assetPath));
            }
            NSObject metadata = item.get("metadata");
            Optional<Metadata> metadataView = metadata == null
                    ? Optional.empty()
                    : Optional.of(metadata(tree, tree.dictionary(metadata, itemPath + ".metadata"), itemPath + ".metadata"));
            result.add(new Item(itemPath, assetViews, metadataView));
        }
        return List.copyOf(result);
    }

    /** Every asset of every item, in order. */
    public List<Asset> assets() {
        return items().stream().flatMap(item -> item.assets().stream()).toList();
    }

    /** A copy of the whole plist, every key included. */
    NSDictionary toPlist() {
        return root.clone();
    }

    /** The manifest as an XML plist (UTF-8 text). */
    public String toXml() {
        return new String(xmlBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Writes the manifest as an XML plist to {@code output}, atomically (a temporary file in the
     * same directory, then an atomic move): readers see the old file or the new one, never a part.
     * An existing output is replaced and keeps its permissions; a new one is {@code rw-r--r--}; a
     * manifest holding a token is always {@code rw-------} ({@link AtomicFile#replace(Path, byte[])}).
     *
     * @throws ManifestException naming the output when it cannot be written
     */
    public void write(Path output) {
        Objects.requireNonNull(output, "output");
        writeOutput(output, xmlBytes());
    }

    /** Same plist content (the source is not compared). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Manifest manifest && root.equals(manifest.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + source + "]";
    }

    /** The plist itself, for the signer and checker in this package; never handed out. */
    NSDictionary root() {
        return root;
    }

    /** A manifest from the same source over {@code newRoot} (already a private copy). */
    Manifest withRoot(NSDictionary newRoot) {
        return new Manifest(source, newRoot);
    }

    private byte[] xmlBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLPropertyListWriter.write(root, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static Asset asset(PlistTree tree, NSDictionary asset, String path) {
        return new Asset(
                path,
                tree.string(asset, "kind", path + ".kind", true),
                tree.string(asset, "url", path + ".url", true),
                tree.integer(asset, "md5-size", path + ".md5-size"),
                tree.strings(asset, "md5s", path + ".md5s"),
                tree.integer(asset, "sha256-size", path + ".sha256-size"),
                tree.strings(asset, "sha256s", path + ".sha256s"));
    }

    private static Metadata metadata(PlistTree tree, NSDictionary metadata, String path) {
        return new Metadata(
                path,
                Optional.ofNullable(tree.string(metadata, "bundle-identifier", path + ".bundle-identifier", false)),
                Optional.ofNullable(tree.string(metadata, "bundle-version", path + ".bundle-version", false)),
                Optional.ofNullable(tree.string(metadata, "kind", path + ".kind", false)),
                Optional.ofNullable(tree.string(metadata, "title", path + ".title", false)),
                Optional.ofNullable(tree.string(metadata, "subtitle", path + ".subtitle", false)),
                tree.integer(metadata, "sizeInBytes", path + ".sizeInBytes"));
    }

    private static NSDictionary oneItem(NSDictionary asset, NSDictionary metadata) {
        NSDictionary item = new NSDictionary();
        item.put("assets", new NSArray(asset));
        item.put("metadata", metadata);
        NSDictionary root = new NSDictionary();
        root.put("items", new NSArray(item));
        return root;
    }

    private static NSArray strings(List<String> values) {
        NSArray array = new NSArray(values.size());
        for (int i = 0; i < values.size(); i++) {
            array.setValue(i, values.get(i));
        }
        return array;
    }

    private static void requireNotEmpty(Path file, ChunkHashes hashes) {
        if (hashes.size() == 0) {
            throw new ManifestException(file, null, "file is empty; give the built app or package");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    static String withoutExtension(String name, String extension) {
        return name.regionMatches(true, name.length() - extension.length(), extension, 0, extension.length())
                && name.length() > extension.length()
                ? name.substring(0, name.length() - extension.length())
                : name;
    }

    /** Writes a manifest or URL list with {@link AtomicFile#replace}, naming the output and the fix on failure. */
    static void writeOutput(Path output, byte[] content) {
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ManifestException(output, null, "output directory " + dir + " does not exist; create it first");
        }
        if (Files.isDirectory(output)) {
            throw new ManifestException(output, null, "output is a directory; give a file name");
        }
        try {
            AtomicFile.replace(output, content);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ManifestException(output, null, "the file system of " + dir
                    + " cannot replace files atomically; write to a local directory", e);
        } catch (IOException e) {
            throw new ManifestException(output, null, "cannot write (" + e + "); check that the directory is writable", e);
        }
    }

    /** Reads at most {@link #MAX_PLIST_BYTES}; {@code wanted} completes "give the path of ..." for a directory. */
    static byte[] readBounded(Path file, String what, String wanted) {
        try (InputStream in = RegularFile.open(file)) {
            byte[] content = in.readNBytes(MAX_PLIST_BYTES + 1);
            if (content.length > MAX_PLIST_BYTES) {
                throw new ManifestException(file, null, "larger than " + MAX_PLIST_BYTES + " bytes; not a " + what);
            }
            return content;
        } catch (RegularFile.NotRegularFileException e) {
            throw new ManifestException(file, null, "is " + e.kind() + ", not a " + what + " file; give the path of " + wanted);
        } catch (NoSuchFileException e) {
            throw new ManifestException(file, null, what + " not found; check the path", e);
        } catch (IOException e) {
            throw new ManifestException(file, null, "cannot read " + what + " (" + e + "); check that it is a readable file", e);
        }
    }

    /**
     * One item of a manifest.
     *
     * @param path     key path, e.g. {@code items[0]}
     * @param assets   its assets
     * @param metadata its metadata, when present
     */
    public record Item(String path, List<Asset> assets, Optional<Metadata> metadata) {
        /** Copies the assets. */
        public Item {
            assets = List.copyOf(assets);
        }
    }

    /**
     * One asset: a downloadable file and, for packages, its chunk hashes.
     *
     * @param path       key path, e.g. {@code items[0].assets[1]}
     * @param kind       {@code software-package}, {@code display-image}, {@code full-size-image}, ...
     * @param url        the download URL exactly as written (it may carry a {@code token})
     * @param md5Size    {@code md5-size}, when present
     * @param md5s       {@code md5s}; empty when absent
     * @param sha256Size {@code sha256-size}, when present
     * @param sha256s    {@code sha256s}; empty when absent
     */
    public record Asset(String path, String kind, String url, OptionalLong md5Size, List<String> md5s,
                        OptionalLong sha256Size, List<String> sha256s) {
        /** Copies the hash lists. */
        public Asset {
            md5s = List.copyOf(md5s);
            sha256s = List.copyOf(sha256s);
        }
    }

    /**
     * The metadata of an item.
     *
     * @param path             key path, e.g. {@code items[0].metadata}
     * @param bundleIdentifier {@code bundle-identifier}
     * @param bundleVersion    {@code bundle-version}
     * @param kind             {@code kind} ({@code software})
     * @param title            {@code title}
     * @param subtitle         {@code subtitle}
     * @param sizeInBytes      {@code sizeInBytes} (macOS packages)
     */
    public record Metadata(String path, Optional<String> bundleIdentifier, Optional<String> bundleVersion,
                           Optional<String> kind, Optional<String> title, Optional<String> subtitle,
                           OptionalLong sizeInBytes) {}

    /** What an .ipa's Info.plist says about the app. */
    private record IpaInfo(String bundleIdentifier, String bundleVersion, String title) {

        static IpaInfo read(Path ipa) {
            try {
                RegularFile.require(ipa);
            } catch (RegularFile.NotRegularFileException e) {
                throw new ManifestException(ipa, null, "is " + e.kind() + ", not an .ipa file; give the path of the .ipa");
            } catch (NoSuchFileException e) {
                throw new ManifestException(ipa, null, ".ipa not found; check the path", e);
            } catch (IOException e) {
                throw new ManifestException(ipa, null, "cannot read .ipa (" + e + ")", e);
            }
            try (ZipFile zip = new ZipFile(ipa.toFile())) {
                List<? extends ZipEntry> candidates = zip.stream()
                        .filter(entry -> IPA_INFO_PLIST.matcher(entry.getName()).matches())
                        .toList();
                if (candidates.isEmpty()) {
                    throw new ManifestException(ipa, null, "no Payload/<App>.app/Info.plist in the archive;"
                            + " an .ipa must hold the app bundle under Payload/ (rebuild or re-export it)");
                }
                if (candidates.size() > 1) {
                    throw new ManifestException(ipa, null, "several app bundles under Payload/ ("
                            + candidates.stream().map(ZipEntry::getName).toList()
                            + "); an .ipa holds exactly one");
                }
                ZipEntry entry = candidates.get(0);
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    // Bounded so a crafted archive cannot inflate an endless Info.plist into memory.
                    content = in.readNBytes(MAX_PLIST_BYTES + 1);
                }
                if (content.length > MAX_PLIST_BYTES) {
                    throw new ManifestException(ipa, entry.getName(), "larger than " + MAX_PLIST_BYTES + " bytes; not an Info.plist");
                }
                return of(ipa, entry.getName(), PlistTree.parse(content, ipa, entry.getName()));
            } catch (ZipException e) {
                throw new ManifestException(ipa, null, "not a zip archive (" + e.getMessage()
                        + "); an .ipa is a zip of Payload/<App>.app", e);
            } catch (IOException e) {
                throw new ManifestException(ipa, null, "cannot read .ipa (" + e + ")", e);
            }
        }

        private static IpaInfo of(Path ipa, String entryName, NSObject parsed) {
            PlistTree tree = new PlistTree(ipa);
            NSDictionary info = tree.dictionary(parsed, entryName);
            String id = tree.string(info, "CFBundleIdentifier", entryName + " CFBundleIdentifier", false);
            if (id == null || id.isBlank()) {
                throw new ManifestException(ipa, entryName + " CFBundleIdentifier",
                        "missing or empty; the app's Info.plist must name its bundle identifier");
            }
            String version = firstNonBlank(tree, info, entryName, "CFBundleShortVersionString", "CFBundleVersion");
            if (version == null) {
                throw new ManifestException(ipa, entryName + " CFBundleShortVersionString",
                        "neither CFBundleShortVersionString nor CFBundleVersion is set; set the app's version");
            }
            String title = firstNonBlank(tree, info, entryName, "CFBundleDisplayName", "CFBundleName");
            if (title == null) {
                throw new ManifestException(ipa, entryName + " CFBundleDisplayName",
                        "neither CFBundleDisplayName nor CFBundleName is set; set the app's name");
            }
            return new IpaInfo(id, version, title);
        }

        private static String firstNonBlank(PlistTree tree, NSDictionary info, String entryName, String... keys) {
            for (String key : keys) {
                String value = tree.string(info, key, entryName + " " + key, false);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return null;
        }
    }
}
