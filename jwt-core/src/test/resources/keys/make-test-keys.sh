#!/bin/sh
# How every file in this directory was made, once, with OpenSSL 3.0 (the tests do not run this).
# Re-running it makes NEW keys; the tests would still pass, since they compare the forms of one key
# with each other and hard-code no key values (the thumbprint test uses RFC 7638's own example key).
# Passphrase of every encrypted key: "correct horse".
set -eu
cd "$(dirname "$0")"
PASS='pass:correct horse'

# The main 2048-bit key, in every private-key form.
openssl genrsa -traditional -out rsa2048-pkcs1.pem 2048                      # BEGIN RSA PRIVATE KEY
openssl pkcs8 -topk8 -nocrypt -in rsa2048-pkcs1.pem -out rsa2048-pkcs8.pem    # BEGIN PRIVATE KEY
openssl pkcs8 -topk8 -in rsa2048-pkcs1.pem -passout "$PASS" \
  -out rsa2048-pkcs8-encrypted.pem                                            # AES-256-CBC, PBKDF2 (OpenSSL 3 default)
openssl pkcs8 -topk8 -scrypt -in rsa2048-pkcs1.pem -passout "$PASS" \
  -out rsa2048-pkcs8-encrypted-scrypt.pem                                     # scrypt KDF
openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in rsa2048-pkcs1.pem -passout "$PASS" \
  -out rsa2048-pkcs8-encrypted-pbes1.pem                                      # PKCS#12 PBE, 3DES (old tools)
openssl rsa -traditional -aes256 -in rsa2048-pkcs1.pem -passout "$PASS" \
  -out rsa2048-legacy-aes256.pem                                              # Proc-Type: 4,ENCRYPTED / DEK-Info: AES-256-CBC
openssl rsa -traditional -des3 -in rsa2048-pkcs1.pem -passout "$PASS" \
  -out rsa2048-legacy-des3.pem                                                # DEK-Info: DES-EDE3-CBC
openssl pkcs8 -topk8 -nocrypt -in rsa2048-pkcs1.pem -outform DER -out rsa2048-pkcs8.der
openssl rsa -traditional -in rsa2048-pkcs1.pem -outform DER -out rsa2048-pkcs1.der
# Same key with CRLF line endings, a UTF-8 BOM and surrounding blank lines.
printf '\357\273\277\r\n  \r\n' > rsa2048-pkcs8-crlf-bom.pem
sed 's/$/\r/' rsa2048-pkcs8.pem >> rsa2048-pkcs8-crlf-bom.pem
printf '\r\n\r\n' >> rsa2048-pkcs8-crlf-bom.pem
# Same key after `openssl rsa -text`: a human-readable dump, then the PEM block.
openssl rsa -in rsa2048-pkcs1.pem -text -out rsa2048-with-text.pem

# The main key's public half, in every public-key form.
openssl rsa -in rsa2048-pkcs1.pem -pubout -out rsa2048-spki.pem               # BEGIN PUBLIC KEY
openssl rsa -in rsa2048-pkcs1.pem -RSAPublicKey_out -out rsa2048-pkcs1-public.pem  # BEGIN RSA PUBLIC KEY
openssl rsa -in rsa2048-pkcs1.pem -pubout -outform DER -out rsa2048-spki.der
openssl req -new -x509 -key rsa2048-pkcs1.pem -subj '/CN=Secured Content JWT test' -days 36500 \
  -sha256 -out rsa2048-cert.pem
openssl x509 -in rsa2048-cert.pem -outform DER -out rsa2048-cert.der
# JWK and JWKS: n and e are the modulus and exponent as unsigned big-endian base64url.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
modulus_b64url() {
  openssl rsa -pubin -in "$1" -noout -modulus | sed 's/^Modulus=//' | xxd -r -p | b64url
}
N1=$(modulus_b64url rsa2048-spki.pem)
printf '{"kty":"RSA","e":"AQAB","n":"%s"}\n' "$N1" > rsa2048.jwk.json

# Larger keys.
openssl genrsa -out rsa3072-pkcs8.pem 3072
openssl genrsa -out rsa4096-pkcs8.pem 4096
openssl rsa -in rsa3072-pkcs8.pem -pubout -out rsa3072-spki.pem
N2=$(modulus_b64url rsa3072-spki.pem)
printf '{"keys":[\n {"kty":"RSA","use":"sig","alg":"RS256","kid":"old","e":"AQAB","n":"%s"},\n {"kty":"RSA","use":"sig","alg":"RS256","kid":"new","e":"AQAB","n":"%s"}\n]}\n' \
  "$N1" "$N2" > two-keys.jwks.json

# Refused kinds.
openssl genrsa -out rsa1024-pkcs8.pem 1024
openssl rsa -in rsa1024-pkcs8.pem -pubout -out rsa1024-spki.pem
openssl ecparam -name prime256v1 -genkey -noout -out ec-p256-sec1.pem          # BEGIN EC PRIVATE KEY
openssl pkcs8 -topk8 -nocrypt -in ec-p256-sec1.pem -out ec-p256-pkcs8.pem
openssl ec -in ec-p256-sec1.pem -pubout -out ec-p256-spki.pem
openssl genpkey -algorithm ed25519 -out ed25519-pkcs8.pem
openssl dsaparam -genkey -noout -out dsa-pkcs8.pem 2048                       # BEGIN PRIVATE KEY (DSA)
: > empty.pem
printf 'this is not a key\nnor is this line\n' > garbage.pem
head -c 600 /dev/urandom > garbage.bin
printf -- '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGJ1dCB2YWxpZCBiYXNlNjQ=\n-----END PRIVATE KEY-----\n' > broken-pkcs8.pem
