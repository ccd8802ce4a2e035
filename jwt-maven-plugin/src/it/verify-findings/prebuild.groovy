// Tokens for this project, minted with the JDK: good ones for the command line, bad ones in a URL list.
def t = evaluate(new File(itTokens))
def site = t.readPrivate(new File(basedir, 'keys/site.key.pem'))
def other = t.readPrivate(new File(basedir, 'keys/other.key.pem'))
long now = System.currentTimeMillis().intdiv(1000)

def valid = t.mint(site, now + 600)
def expired = t.mint(site, now - 3600)
def foreign = t.mint(other, now + 600)
def tampered = t.tamper(t.mint(site, now + 600))

def target = new File(basedir, 'target')
target.mkdirs()
new File(target, 'cli.properties').text =
        "jwt.url=https://downloads.example.com/apps/Example.ipa?token=${valid},https://downloads.example.com/b.pkg?x=1&token=${valid},https://downloads.example.com/c.pkg?Token=${valid}\n" +
        "jwt.token=${valid}\n"
new File(target, 'bad-urls.txt').text = """# every URL below is wrong in its own way
https://downloads.example.com/a-expired.pkg?token=${expired}
https://downloads.example.com/b-other-key.pkg?token=${foreign}
https://downloads.example.com/c-tampered.pkg?token=${tampered}
http://downloads.example.com/d-plain-http.pkg?token=${valid}
https://downloads.example.com/e-unsigned.pkg
https://downloads.example.com/f-name-capitalised.pkg?x=1&Token=${expired}
"""
// A package and a manifest whose chunk hash is of other bytes: a hash mismatch.
new File(basedir, 'content').mkdirs()
byte[] pkg = new byte[3000]
new Random(3).nextBytes(pkg)
new File(basedir, 'content/app.pkg').bytes = pkg
byte[] altered = pkg.clone()
altered[1500] ^= 1
def sha256 = java.security.MessageDigest.getInstance('SHA-256').digest(altered).encodeHex().toString()
new File(target, 'app.plist').text = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>items</key>
  <array>
    <dict>
      <key>assets</key>
      <array>
        <dict>
          <key>kind</key><string>software-package</string>
          <key>sha256-size</key><integer>3000</integer>
          <key>sha256s</key><array><string>${sha256}</string></array>
          <key>url</key><string>https://downloads.example.com/app.pkg?token=${valid}</string>
        </dict>
      </array>
      <key>metadata</key>
      <dict>
        <key>bundle-identifier</key><string>com.example.app</string>
        <key>bundle-version</key><string>1.0</string>
        <key>kind</key><string>software</string>
        <key>title</key><string>App</string>
      </dict>
    </dict>
  </array>
</dict>
</plist>
"""
new File(target, 'signatures.txt').text = [valid, expired, foreign, tampered].collect { t.signature(it) }.join('\n')
return true
