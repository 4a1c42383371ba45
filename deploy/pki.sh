#!/usr/bin/env bash
# Creates the deployment's own CA, one mutual-TLS certificate per service and the token-signing key (only what is missing).
set -euo pipefail

SERVICES=(accounts intake referral review disclosure)
CA_DAYS=3650
LEAF_DAYS=825
RENEW_BEFORE_SECONDS=$((30 * 24 * 3600)) # reissue service certificates that expire within 30 days

die() { echo "pki.sh: error: $*" >&2; exit 1; }
warn() { echo "pki.sh: warning: $*" >&2; }

if [ $# -ne 1 ] || [ -z "$1" ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  cat >&2 <<EOF
usage: $(basename "$0") OUT_DIR

Creates in OUT_DIR, keeping whatever already exists and is valid:
  ca.key, ca.crt              the deployment's CA (EC P-256, 10 years)
  NAME.key, NAME.crt          for each of: ${SERVICES[*]}
                              (signed by the CA, serverAuth+clientAuth, 825 days)
  token-signing.key           Ed25519 private key (PKCS#8 PEM) for accounts' tokens
Prints one line per file it creates; prints nothing when everything is in place.
EOF
  exit 2
fi
command -v openssl >/dev/null || die "openssl is not installed (run deploy/install-deps.sh)"

umask 077
OUT="$1"
mkdir -p -- "$OUT" || die "cannot create directory $OUT"
OUT="$(cd -- "$OUT" && pwd -P)"
[ -w "$OUT" ] || die "directory $OUT is not writable"
chmod 0700 "$OUT"

# Scratch space inside OUT_DIR so that finished files are moved into place atomically.
TMP="$(mktemp -d "$OUT/.pki-tmp.XXXXXX")"
trap 'rm -rf -- "$TMP"' EXIT

created() { echo "created $OUT/$1${2:+ ($2)}"; }

# Installs a finished file from TMP with the given mode.
install_file() { # tmpfile name mode
  chmod "$3" "$1"
  mv -f -- "$1" "$OUT/$2"
}

# Keeps private keys private even if someone loosened them.
fix_key_mode() { # name
  local f="$OUT/$1"
  if [ -e "$f" ] && [ "$(stat -c %a "$f")" != "600" ]; then
    chmod 0600 "$f"
    warn "$f had mode other than 0600; reset to 0600"
  fi
}

new_ec_key() { # tmpfile
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null \
    || die "openssl could not generate an EC P-256 key"
}

# Exit status 0 when the certificate's public key is the key's public key.
key_matches_cert() { # keyfile certfile
  local a b
  a="$(openssl pkey -in "$1" -pubout 2>/dev/null)" || return 1
  b="$(openssl x509 -in "$2" -noout -pubkey 2>/dev/null)" || return 1
  [ -n "$a" ] && [ "$a" = "$b" ]
}

random_serial() { echo "0x$(openssl rand -hex 16)"; }

# ---------------------------------------------------------------- CA
ca_key="$OUT/ca.key"
ca_crt="$OUT/ca.crt"

if [ ! -e "$ca_key" ] && [ -e "$ca_crt" ]; then
  die "$ca_crt exists but $ca_key is missing; the CA cannot sign without its key.
  To start a new CA, remove $ca_crt and every service certificate in $OUT, then run this again."
fi

if [ ! -e "$ca_key" ]; then
  new_ec_key "$TMP/ca.key"
  install_file "$TMP/ca.key" ca.key 0600
  created ca.key "CA private key, EC P-256"
fi
fix_key_mode ca.key
openssl pkey -in "$ca_key" -noout 2>/dev/null || die "$ca_key is not a readable private key"

if [ ! -e "$ca_crt" ]; then
  cat >"$TMP/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
utf8 = yes
[dn]
CN = CaseBridge local CA
[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -new -x509 -config "$TMP/ca.cnf" -extensions ca_ext -key "$ca_key" -sha256 \
    -days "$CA_DAYS" -set_serial "$(random_serial)" -out "$TMP/ca.crt" 2>"$TMP/err" \
    || die "openssl could not create the CA certificate: $(cat "$TMP/err")"
  install_file "$TMP/ca.crt" ca.crt 0644
  created ca.crt "CN=CaseBridge local CA, valid $CA_DAYS days"
fi

key_matches_cert "$ca_key" "$ca_crt" \
  || die "$ca_crt does not belong to $ca_key. Remove both (and every service certificate) to start a new CA."
openssl x509 -in "$ca_crt" -noout -checkend 0 >/dev/null \
  || die "the CA certificate $ca_crt has expired. Remove ca.key, ca.crt and every service certificate in $OUT, then run this again."
openssl x509 -in "$ca_crt" -noout -checkend "$((LEAF_DAYS * 24 * 3600))" >/dev/null \
  || warn "the CA certificate $ca_crt expires in less than $LEAF_DAYS days; plan a new CA."

# ---------------------------------------------------------------- service certificates
issue_leaf() { # name
  local name="$1" csr="$TMP/$1.csr" ext="$TMP/$1.ext"
  openssl req -new -key "$OUT/$name.key" -subj "/CN=$name" -out "$csr" 2>"$TMP/err" \
    || die "openssl could not create a signing request for $name: $(cat "$TMP/err")"
  cat >"$ext" <<EOF
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, DNS:$name, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
EOF
  openssl x509 -req -in "$csr" -CA "$ca_crt" -CAkey "$ca_key" -sha256 -days "$LEAF_DAYS" \
    -set_serial "$(random_serial)" -extfile "$ext" -extensions leaf -out "$TMP/$name.crt" 2>"$TMP/err" \
    || die "openssl could not sign the certificate for $name: $(cat "$TMP/err")"
  install_file "$TMP/$name.crt" "$name.crt" 0644
}

for name in "${SERVICES[@]}"; do
  key="$OUT/$name.key"
  crt="$OUT/$name.crt"
  if [ ! -e "$key" ]; then
    new_ec_key "$TMP/$name.key"
    install_file "$TMP/$name.key" "$name.key" 0600
    created "$name.key" "EC P-256"
  fi
  fix_key_mode "$name.key"
  openssl pkey -in "$key" -noout 2>/dev/null || die "$key is not a readable private key; remove it to get a new one"

  reason=""
  if [ ! -e "$crt" ]; then
    reason="new"
  elif ! key_matches_cert "$key" "$crt"; then
    reason="replaced: did not match $name.key"
  elif ! openssl verify -CAfile "$ca_crt" -purpose sslserver "$crt" >/dev/null 2>&1; then
    if ! openssl x509 -in "$crt" -noout -checkend 0 >/dev/null; then
      reason="replaced: had expired"
    else
      reason="replaced: not issued by this CA"
    fi
  elif ! openssl x509 -in "$crt" -noout -checkend "$RENEW_BEFORE_SECONDS" >/dev/null; then
    reason="renewed: was expiring within 30 days"
  fi
  if [ -n "$reason" ]; then
    issue_leaf "$name"
    created "$name.crt" "CN=$name, $reason"
  fi
done

# ---------------------------------------------------------------- token signing key
tok="$OUT/token-signing.key"
if [ ! -e "$tok" ]; then
  openssl genpkey -algorithm ed25519 -out "$TMP/token-signing.key" 2>/dev/null \
    || die "openssl could not generate an Ed25519 key"
  install_file "$TMP/token-signing.key" token-signing.key 0600
  created token-signing.key "Ed25519, PKCS#8 PEM"
fi
fix_key_mode token-signing.key
tok_text="$(openssl pkey -in "$tok" -noout -text 2>/dev/null || true)"
[[ "$tok_text" == "ED25519 Private-Key"* ]] \
  || die "$tok is not an Ed25519 private key; remove it to get a new one (every issued token becomes invalid)"
