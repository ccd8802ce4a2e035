// The build's content: an .ipa-shaped archive and a package, as a real build would produce them.
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

def content = new File(basedir, 'target/content')
content.mkdirs()
new File(content, 'Example.ipa').withOutputStream { out ->
    new ZipOutputStream(out).withCloseable { zip ->
        zip.putNextEntry(new ZipEntry('Payload/Example.app/Info.plist'))
        zip.write('''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>com.example.app</string>
<key>CFBundleShortVersionString</key><string>1.2</string>
<key>CFBundleName</key><string>Example</string>
</dict></plist>
'''.bytes)
        zip.closeEntry()
    }
}
byte[] pkg = new byte[200_000]
new Random(7).nextBytes(pkg)
new File(content, 'Tool-1.2.pkg').bytes = pkg
return true
