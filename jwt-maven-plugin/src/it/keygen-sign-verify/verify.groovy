// keygen -> sign -> verify passed (twice), keygen refused to overwrite, verify without a key failed.
import java.nio.file.*
import java.nio.file.attribute.PosixFilePermission

def t = evaluate(new File(itTokens))
def log = new File(basedir, 'build.log').text
def privateKey = basedir.toPath().resolve('jwt/content-token.key.pem')
def publicKey = basedir.toPath().resolve('jwt/content-token.pub.pem')
def jwks = basedir.toPath().resolve('jwt/content-token.jwks.json')

assert Files.readString(privateKey).startsWith('-----BEGIN PRIVATE KEY-----')
assert Files.getPosixFilePermissions(privateKey) == [PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE] as Set
assert Files.readString(publicKey).startsWith('-----BEGIN PUBLIC KEY-----')
assert Files.readString(jwks).contains('"keys"')

def signed = new File(basedir, 'target/jwt/signed/downloads.txt').readLines()
assert signed[0] == '# In-house content on the distribution point'
assert signed[1] ==~ /https:\/\/downloads\.example\.com\/apps\/Example\.ipa\?token=eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
assert signed[2] ==~ /https:\/\/downloads\.example\.com\/pkgs\/Tool-1\.2\.pkg\?channel=stable&token=eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
assert new File(basedir, 'src/downloads.txt').text.count('token=') == 0 : 'the input was modified'

def manifest = new File(basedir, 'target/jwt/signed/Tool-1.2.pkg.plist').text
assert manifest.contains('<string>software-package</string>')
assert manifest.contains('<key>sha256s</key>')
assert manifest =~ /https:\/\/downloads\.example\.com\/apps\/Tool-1\.2\.pkg\?token=eyJ/
assert new File(basedir, 'target/jwt/manifests/Tool-1.2.pkg.plist').text.count('token=') == 0
assert new File(basedir, 'target/jwt/signed/Example.ipa.plist').text.contains('<string>com.example.app</string>')
assert log.contains('Tool-1.2.pkg.plist items[0].assets[0] https://downloads.example.com/apps/Tool-1.2.pkg [asset]: token valid, https, chunk hashes match')

def installed = new File(localRepositoryPath, 'dev/securedcontent/it/keygen-sign-verify/1.0')
// Invocation 1 installed what it signed; later invocations re-signed, so compare the tokens' shape only.
assert new File(installed, 'keygen-sign-verify-1.0-jwt-downloads.txt').readLines().size() == signed.size()
assert new File(installed, 'keygen-sign-verify-1.0-jwt-downloads.txt').lastModified() >= new File(basedir, 'jwt/content-token.key.pem').lastModified()
assert new File(installed, 'keygen-sign-verify-1.0-jwt-Tool-1-2-pkg.plist').text.contains('Tool-1.2.pkg?token=eyJ')

def report = new File(basedir, 'target/jwt/verify-report.json').text
assert report.contains('"failed": 0')
assert new File(basedir, 'target/jwt/TEST-jwt-verify.xml').text.contains('failures="0"')

assert log.contains('Keeping the existing key pair')
assert log.contains('already exists; jwt:keygen never overwrites a key')
assert log.contains('No key to verify against')
assert log =~ /\(f\) publicKeyFiles = \[\S*jwt\/content-token\.pub\.pem, \S*jwt\/content-token\.jwks\.json\]/

// The signed URLs' signatures never reach the log.
signed.findAll { it.contains('token=') }.each { line ->
    assert !log.contains(t.signature(line)) : 'a token signature appears in build.log'
}
return true
