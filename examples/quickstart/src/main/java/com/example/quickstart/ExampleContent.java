package com.example.quickstart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Stands in for your real build (pkgbuild, xcodebuild): makes a macOS package and an iOS
 * app archive to sign. Replace it with whatever produces your .pkg and .ipa files.
 */
public final class ExampleContent {

    /** 3 MiB of stand-in bytes: one chunk at jwt:sign's 10 MiB chunk size. */
    static final int PACKAGE_BYTES = 3 * 1024 * 1024;

    private static final String INFO_PLIST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>CFBundleIdentifier</key><string>com.example.quickstart</string>
              <key>CFBundleShortVersionString</key><string>1.0</string>
              <key>CFBundleVersion</key><string>1</string>
              <key>CFBundleName</key><string>Example</string>
            </dict>
            </plist>
            """;

    /** Argument: the directory to write Example.pkg and Example.ipa to. */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createDirectories(Path.of(args[0]));
        write(directory.resolve("Example.pkg"), out -> {
            // Fixed seed: the same bytes, hence the same chunk hashes, on every build.
            byte[] bytes = new byte[PACKAGE_BYTES];
            new SplittableRandom(42).nextBytes(bytes);
            out.write(bytes);
        });
        write(directory.resolve("Example.ipa"), out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("Payload/Example.app/Info.plist"));
                zip.write(INFO_PLIST.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        });
        System.out.println("Built Example.pkg (" + PACKAGE_BYTES + " bytes) and Example.ipa in " + directory);
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a temporary file next to the target, then moves it into place: never a half-written file. */
    private static void write(Path target, Content content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
