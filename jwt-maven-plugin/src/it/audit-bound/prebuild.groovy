// The content jwt:serve serves, made before the build as a real build would make its package.
def content = new File(basedir, 'target/jwt/content')
content.mkdirs()
byte[] bytes = new byte[150_000]
new Random(42).nextBytes(bytes)
new File(content, 'app.pkg').bytes = bytes
return true
