// Run 1 wrote the pair under the working directory (owner-only private key); run 2 kept it.
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def log = new File(basedir, 'build.log').text
def privateKey = new File(basedir, 'jwt/content-token.key.pem')
def publicKey = new File(basedir, 'jwt/content-token.pub.pem')
assert privateKey.text.startsWith('-----BEGIN PRIVATE KEY-----')
assert publicKey.text.startsWith('-----BEGIN PUBLIC KEY-----')
if (!System.getProperty('os.name').startsWith('Windows')) {
    assert PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey.toPath())) == 'rw-------'
}
assert log.contains('Wrote private key ' + privateKey.canonicalPath) || log.contains('Wrote private key ' + privateKey.absolutePath) : 'build.log lacks the written key path'
assert log.contains('already exists; jwt:keygen never overwrites a key.')
assert !log.contains('${project.basedir}')
