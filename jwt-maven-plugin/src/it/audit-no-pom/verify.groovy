// Run 1 passed with warnings, run 2 (strict) failed on the deviations, run 3 failed on the holes.
def server = System.properties.remove('jwt.it.audit.server')
server?.stop(0)

def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }

// The verdict comes first, then the table.
expect('[INFO] jwt:audit PASS http://127.0.0.1:')
expect('/secured/app.pkg: 0 holes, 7 deviations; ')
assert log =~ /\[INFO\]   case +severity +expected +got +verdict/
assert log =~ /\[INFO\]   no-token-get +hole +refused +HTTP 401 +PASSED/
assert log =~ /\[INFO\]   alg-none +hole +refused +HTTP 403 +PASSED/
assert log =~ /\[INFO\]   valid-get +baseline +served +HTTP 200 +PASSED/
expect('[WARNING] http://127.0.0.1:')
expect('deviation [exp-fraction]: expected refused (exp with a fraction is refused); served, HTTP 200')
expect('(a deviation: fails the build with -Djwt.audit.strict=true)')
// The checker pins the header to Jamf Pro's bytes and allows no clock skew: valid shapes are refused.
expect('deviation [valid-typ-jwt]: expected served (a valid token with typ JWT in the header is served); HTTP 403 to a valid token in a shape Jamf Pro may send (typ JWT in the header): downloads carrying such a token fail')
expect('deviation [valid-exp-in-skew]')

expect('[ERROR] jwt:audit FAIL http://127.0.0.1:')
expect('/secured/app.pkg: 0 holes, 7 deviations (strict); ')
expect('Fix: require exp, as an integer NumericDate.')

expect('/open/app.pkg: ')
expect('hole [no-token-get]: expected refused (GET without a token is refused); served, HTTP 200: anyone can get the content this way. Fix: check the token on every request')
expect('hole [path-letter-case]')
expect('[WARNING] No private key (')
assert log =~ /valid-get +baseline +served +- +SKIPPED/

def json = new File(basedir, 'target/jwt/audit-report.json').text
assert json.contains('"goal": "jwt:audit"')
assert json.contains('"check": "no-token-get"')
def junit = new File(basedir, 'target/jwt/TEST-jwt-audit.xml').text
assert junit.contains('testsuite') && junit.contains('no-token-get')

// No whole token anywhere: header.payload at most.
def whole = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{16}/
assert !(log =~ whole) : 'a whole token reached the build log'
assert !(json =~ whole) && !(junit =~ whole) : 'a whole token reached a report'
return true
