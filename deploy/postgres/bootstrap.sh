#!/usr/bin/env bash
# Creates (idempotently) the CaseBridge database, per-service schemas and roles in a running cluster and writes each service's connection URL.
set -euo pipefail

SERVICES=(accounts intake referral review disclosure)
PGBIN="${CASEBRIDGE_PGBIN:-/usr/lib/postgresql/15/bin}"
SUPERUSER=casebridge_admin
PREFIX="${CASEBRIDGE_DB_PREFIX:-cb}"
DB="${CASEBRIDGE_DB_NAME:-casebridge}"

prog="$(basename "$0")"
die() { echo "$prog: error: $*" >&2; exit 1; }
say() { echo "$prog: $*"; }

if [ $# -ne 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
  cat >&2 <<EOF
usage: $prog ROOT SECRETS_DIR

Run after 'cluster.sh start ROOT PORT'. Safe to run again at any time.
Creates database \$CASEBRIDGE_DB_NAME (default casebridge) with pg_trgm and pgcrypto, and for each
service S in: ${SERVICES[*]}
  role \${PREFIX}_S_owner (NOLOGIN, owns schema S), role \${PREFIX}_S (LOGIN, NOINHERIT, member of
  \${PREFIX}_S_owner), schema S; PREFIX is \$CASEBRIDGE_DB_PREFIX (default cb).
Writes SECRETS_DIR/db-S.password and SECRETS_DIR/db-S.url (mode 0600); existing passwords are kept.
EOF
  exit 2
fi

[[ "$PREFIX" =~ ^[a-z_][a-z0-9_]{0,39}$ ]] \
  || die "CASEBRIDGE_DB_PREFIX must be lower-case letters, digits and _ (at most 40, not starting with a digit); got '$PREFIX'"
[[ "$DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] \
  || die "CASEBRIDGE_DB_NAME must be lower-case letters, digits and _ (at most 63, not starting with a digit); got '$DB'"
case "$DB" in postgres | template0 | template1) die "CASEBRIDGE_DB_NAME must not be '$DB'" ;; esac

[ -d "$1" ] || die "$1 does not exist; start the cluster first: cluster.sh start $1 PORT"
ROOT="$(cd -- "$1" && pwd -P)"
SECRETS="$2"
PW_FILE="$ROOT/superuser.password"
PORT_FILE="$ROOT/port"

[ -e "$PW_FILE" ] || die "$PW_FILE is missing; is $ROOT a cluster made by cluster.sh? Start it with: cluster.sh start $ROOT PORT"
[ -r "$PW_FILE" ] || die "cannot read $PW_FILE; run this as the cluster's owner or as root"
[ -s "$PORT_FILE" ] || die "$PORT_FILE is missing; start the cluster first: cluster.sh start $ROOT PORT"
PORT="$(head -n1 "$PORT_FILE")"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "$PORT_FILE does not hold a port number"
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 5 \
  || die "PostgreSQL is not accepting connections on 127.0.0.1:$PORT; start it with: cluster.sh start $ROOT $PORT"

# Serialise with cluster.sh and with other bootstrap runs on the same cluster.
exec 9>>"$ROOT/cluster.lock"
flock -w 300 9 || die "another cluster.sh or $prog is still working on $ROOT"

umask 077
mkdir -p -- "$SECRETS" || die "cannot create $SECRETS"
SECRETS="$(cd -- "$SECRETS" && pwd -P)"
chmod 0700 "$SECRETS"

# Percent-encodes everything except RFC 3986 unreserved characters.
urlencode() {
  local LC_ALL=C s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# Writes content to a 0600 file atomically, only when it differs; prints whether it wrote.
write_secret() { # path content
  if [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; then
    chmod 0600 "$1"
    return 1
  fi
  printf '%s\n' "$2" >"$1.tmp.$$"
  chmod 0600 "$1.tmp.$$"
  mv -f "$1.tmp.$$" "$1"
}

# ---------------------------------------------------------------- passwords (generated once, then reused)
declare -A PW
for s in "${SERVICES[@]}"; do
  f="$SECRETS/db-$s.password"
  if [ -s "$f" ]; then
    PW[$s]="$(head -n1 "$f")"
    [ -n "${PW[$s]}" ] || die "$f starts with an empty line; remove it to get a new password"
    chmod 0600 "$f"
  else
    PW[$s]="$(openssl rand -hex 24)"
    if write_secret "$f" "${PW[$s]}"; then say "created $f"; fi
  fi
  export "CB_BOOTSTRAP_PW_$s=${PW[$s]}"
done

# ---------------------------------------------------------------- SQL, as the superuser
PGPASSWORD="$(head -n1 "$PW_FILE")"
export PGPASSWORD PGHOST=127.0.0.1 PGPORT="$PORT" PGUSER="$SUPERUSER" PGCONNECT_TIMEOUT=10
unset PGSERVICE PGOPTIONS PGDATABASE
export PGAPPNAME=casebridge-bootstrap

q() { "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

db_existed="$(q postgres "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" \
  || die "cannot connect to PostgreSQL on 127.0.0.1:$PORT as $SUPERUSER (see the message above)"

# Refuse before changing anything when another prefix already owns the schemas of this database.
if [ "$db_existed" = 1 ]; then
  in_list="$(printf "'%s'," "${SERVICES[@]}")"
  foreign="$(q "$DB" "SELECT string_agg(format('schema %s is owned by %s', nspname, nspowner::regrole), '; ')
                        FROM pg_namespace
                       WHERE nspname IN (${in_list%,})
                         AND nspowner::regrole::text <> '${PREFIX}_' || nspname || '_owner'")" \
    || die "cannot inspect database $DB"
  [ -z "$foreign" ] || die "in database $DB $foreign, not by ${PREFIX}_<schema>_owner.
  Every CASEBRIDGE_DB_PREFIX needs its own CASEBRIDGE_DB_NAME."
fi

sql="$(
  echo "SET client_min_messages = warning;"
  for s in "${SERVICES[@]}"; do
    o="${PREFIX}_${s}_owner" r="${PREFIX}_${s}"
    cat <<EOF
SELECT 'CREATE ROLE $o' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$o') \\gexec
ALTER ROLE $o NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
SELECT 'CREATE ROLE $r' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$r') \\gexec
\\getenv pw CB_BOOTSTRAP_PW_$s
ALTER ROLE $r LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'pw';
\\unset pw
GRANT $o TO $r;
EOF
  done
  cat <<EOF
SELECT format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING %L LOCALE %L',
              '$DB', current_user, 'UTF8', 'C.UTF-8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB') \\gexec
REVOKE CONNECT ON DATABASE $DB FROM PUBLIC;
\\connect $DB
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
EOF
  for s in "${SERVICES[@]}"; do
    o="${PREFIX}_${s}_owner" r="${PREFIX}_${s}"
    cat <<EOF
GRANT CONNECT ON DATABASE $DB TO $r;
CREATE SCHEMA IF NOT EXISTS $s AUTHORIZATION $o;
GRANT USAGE ON SCHEMA $s TO $r;
-- pg_trgm and pgcrypto live in public: both roles may use them, neither may create there.
GRANT USAGE ON SCHEMA public TO $o, $r;
ALTER ROLE $r IN DATABASE $DB SET search_path = $s, public;
EOF
  done
)"

printf '%s\n' "$sql" | "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d postgres -f - >/dev/null \
  || die "setting up database $DB failed (see the PostgreSQL message above)"

[ "$db_existed" = 1 ] || say "created database $DB"
ctype="$(q "$DB" "SELECT datctype FROM pg_database WHERE datname = current_database()")"
case "$ctype" in
  *[Uu][Tt][Ff]8* | *[Uu][Tt][Ff]-8*) ;;
  *) echo "$prog: warning: database $DB has LC_CTYPE=$ctype; pg_trgm finds no Chinese trigrams without a UTF-8 ctype" >&2 ;;
esac

# ---------------------------------------------------------------- connection URLs
for s in "${SERVICES[@]}"; do
  url="postgresql://${PREFIX}_${s}:$(urlencode "${PW[$s]}")@127.0.0.1:$PORT/$DB?application_name=casebridge-$s"
  if write_secret "$SECRETS/db-$s.url" "$url"; then say "wrote $SECRETS/db-$s.url"; fi
done
say "database $DB on 127.0.0.1:$PORT ready for: ${SERVICES[*]} (roles ${PREFIX}_<service>, secrets in $SECRETS)"
