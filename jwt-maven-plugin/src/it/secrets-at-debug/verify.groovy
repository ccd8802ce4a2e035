// The encrypted key worked with either passphrase source, a wrong one failed clearly, and the
// -X log holds no passphrase, no master password, no key material and no token signature.
def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }

expect('(f) serverId = jwt-it-passphrase')          // proof that -X printed the mojo configuration
expect('Signing with the private key in file ')
expect('Signing with the private key in environment variable JWT_PRIVATE_KEY')
expect('passphrase: environment variable JWT_PRIVATE_KEY_PASSPHRASE')
expect('Kept the existing private key; wrote its public key')
assert new File(basedir, 'target/derived.pub.pem').text.startsWith('-----BEGIN PUBLIC KEY-----')

['it-pass-Zq7Wm3', 'not-the-passphrase', 'it-master-K8vR2'].each { secret ->
    assert !log.contains(secret) : 'a passphrase appears in build.log'
}
new File(basedir, 'keys/encrypted.key.pem').readLines().findAll { !it.startsWith('-----') }.each { line ->
    assert !log.contains(line) : 'key material appears in build.log'
}
assert !log.contains('PRIVATE KEY-----') : 'a PEM block appears in build.log'
def signed = new File(basedir, 'target/jwt/signed/downloads.txt').text.trim()
def signature = signed.substring(signed.lastIndexOf('.') + 1)
assert signature.length() > 300
assert !log.contains(signature) : 'a token signature appears in build.log'
assert !(log =~ /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}/) : 'a whole token appears in build.log'
return true
