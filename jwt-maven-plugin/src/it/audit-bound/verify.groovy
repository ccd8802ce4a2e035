// Run 1: the strict audit passed jwt:serve; run 2: with the token check off it failed on holes.
def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }

expect('[INFO] jwt:audit PASS http://127.0.0.1:')
expect('/app.pkg: 0 holes, 0 deviations (strict); ')
expect('[ERROR] jwt:audit FAIL http://127.0.0.1:')
expect('hole [no-token-get]: expected refused (GET without a token is refused); served, HTTP 200')
expect('hole [alg-none]: expected refused')
assert new File(basedir, 'target/jwt/audit-report.json').isFile()
assert new File(basedir, 'target/jwt/audit-report.html').text.contains('<header id="verdict"')
assert new File(basedir, 'target/jwt/TEST-jwt-audit.xml').isFile()
assert !(log =~ /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{16}/) : 'a whole token reached the build log'
return true
