package dev.securedcontent.jwt.core.manifest;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files the manifest tests are built from. */
final class ManifestFixtures {
    private ManifestFixtures() {}

    /**
     * Writes the first {@code size} bytes of the output of {@code seq 1 3000000} (numbers, one per
     * line), so the shell can make the very same file: {@code seq 1 3000000 | head -c SIZE}.
     */
    static Path seqFile(Path file, long size) {
        try (OutputStream out = Files.newOutputStream(file)) {
            long written = 0;
            for (int n = 1; written < size; n++) {
                byte[] line = (n + "\n").getBytes(StandardCharsets.US_ASCII);
                int take = (int) Math.min(line.length, size - written);
                out.write(line, 0, take);
                written += take;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Copies a test resource under {@code manifests/} into {@code dir}. */
    static Path resource(Path dir, String name) {
        try (InputStream in = ManifestFixtures.class.getResourceAsStream("/manifests/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource manifests/" + name);
            }
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Info.plist of an iOS app. */
    static NSDictionary infoPlist(String id, String shortVersion, String version, String displayName, String name) {
        NSDictionary info = new NSDictionary();
        putIfSet(info, "CFBundleIdentifier", id);
        putIfSet(info, "CFBundleShortVersionString", shortVersion);
        putIfSet(info, "CFBundleVersion", version);
        putIfSet(info, "CFBundleDisplayName", displayName);
        putIfSet(info, "CFBundleName", name);
        info.put("CFBundleExecutable", "App");
        info.put("MinimumOSVersion", "15.0");
        return info;
    }

    /** An .ipa: a zip of Payload/App.app with the given Info.plist bytes (or none) and an executable. */
    static Path ipa(Path file, byte[] infoPlist) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("Payload/"));
            zip.putNextEntry(new ZipEntry("Payload/App.app/"));
            if (infoPlist != null) {
                zip.putNextEntry(new ZipEntry("Payload/App.app/Info.plist"));
                zip.write(infoPlist);
            }
            zip.putNextEntry(new ZipEntry("Payload/App.app/App"));
            zip.write(new byte[] {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE, 1, 2, 3});
            zip.putNextEntry(new ZipEntry("Payload/App.app/Frameworks/Lib.framework/Info.plist"));
            zip.write(xml(infoPlist("com.example.lib", "9.9", "9", "Lib", "Lib")));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static byte[] xml(NSDictionary plist) {
        return plist.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] binary(NSDictionary plist) {
        try {
            return BinaryPropertyListWriter.writeToArray(plist);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh RSA-2048 key pair (made with the JDK, independent of RsaKeys). */
    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfSet(NSDictionary dict, String key, String value) {
        if (value != null) {
            dict.put(key, value);
        }
    }
}
