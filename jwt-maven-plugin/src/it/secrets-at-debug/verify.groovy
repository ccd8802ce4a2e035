// A jar build at -X (where Maven prints every environment variable). The encrypted key worked with
// either passphrase source and a wrong one failed clearly. The recommended path (key file, settings.xml
// passphrase) left no passphrase, master password, key material or token signature in the log; the
// environment path did leave its values there, as the docs say, and the plugin warned of it.
def t = evaluate(new File(itTokens))
def log = new File(basedir, 'build.log').text
// build.log holds the four invocations one after the other; each starts with Maven's version line.
def runs = log.split(/(?m)^(?=Apache Maven \d)/).findAll { it.startsWith('Apache Maven') }
assert runs.size() == 4 : "build.log holds ${runs.size()} invocations, not 4"
def (fromFile, fromEnv, wrongEnv, keygen) = runs
def expect = { String run, String text -> assert run.contains(text) : "the invocation lacks: ${text}" }

// Proof that -X printed the mojo configuration and the environment in every jar build.
runs.take(3).each { run ->
    expect(run, '(f) serverId = jwt-it-passphrase')
    expect(run, '[DEBUG] properties used:')
    assert run =~ /(?m)^\[DEBUG\] env\.PATH: / : 'the invocation did not print the environment'
}
expect(fromFile, 'Signing with the private key in file ')
expect(fromEnv, 'Signing with the private key in environment variable JWT_PRIVATE_KEY')
expect(wrongEnv, 'passphrase: environment variable JWT_PRIVATE_KEY_PASSPHRASE')
expect(keygen, 'Kept the existing private key; wrote its public key')
assert new File(basedir, 'target/derived.pub.pem').text.startsWith('-----BEGIN PUBLIC KEY-----')

// The environment path: Maven printed the key and its passphrase (this check fails if that ever
// stops, so the docs can be changed), and the plugin said so, naming the variables only.
expect(fromEnv, '[DEBUG] env.JWT_PRIVATE_KEY_PASSPHRASE: it-pass-Zq7Wm3')
expect(fromEnv, '[DEBUG] env.JWT_PRIVATE_KEY: -----BEGIN ENCRYPTED PRIVATE KEY-----')
expect(fromEnv, 'this log holds the value of JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_PASSPHRASE: keep the log private')
expect(wrongEnv, 'this log holds the value of JWT_PRIVATE_KEY_PASSPHRASE: keep the log private')

// The recommended path, and keygen with the settings.xml passphrase: nothing secret, no warning.
def keyLines = new File(basedir, 'keys/encrypted.key.pem').readLines().findAll { !it.startsWith('-----') }
assert keyLines.size() > 20
[fromFile, keygen].each { run ->
    ['it-pass-Zq7Wm3', 'not-the-passphrase', 'it-master-K8vR2'].each { secret ->
        assert !run.contains(secret) : 'a passphrase appears in the log of the key-file invocation'
    }
    keyLines.each { line -> assert !run.contains(line) : 'key material appears in the log of the key-file invocation' }
    assert !run.contains('PRIVATE KEY-----') : 'a PEM block appears in the log of the key-file invocation'
    assert !run.contains('this log holds the value of') : 'a warning about secrets in the environment with none there'
}
// The settings.xml master password never appears, whatever the path.
assert !log.contains('it-master-K8vR2') : 'the master password appears in build.log'

def signed = new File(basedir, 'target/jwt/signed/downloads.txt').text.trim()
def signature = t.signature(signed)
assert signature.length() > 300
assert !log.contains(signature) : 'a token signature appears in build.log'
assert !(log =~ /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}/) : 'a whole token appears in build.log'
return true
