// Run 1 passed, run 2 failed on the tampered token; the report went under the working directory.
def log = new File(basedir, 'build.log').text
assert log.contains('jwt:verify: 2 passed, 0 failed') : 'build.log lacks the passing run'
assert log.contains('jwt:verify: 1 passed, 1 failed') : 'build.log lacks the failing run'
assert log.contains('target/bad-urls.txt line 1 https://downloads.example.com/apps/App.pkg [token]: BAD_SIGNATURE')
assert new File(basedir, 'target/jwt/verify-report.json').isFile()
assert !log.contains('${project.basedir}')
