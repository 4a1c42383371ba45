#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole CaseBridge system on this machine: an embedded
# PostgreSQL in var/, the deployment's own CA and certificates, all five services over TLS, and demo
# organisations and users in two regions. Ctrl-C stops everything cleanly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
var="${CASEBRIDGE_VAR:-$here/var}"
pg_port="${CASEBRIDGE_PG_PORT:-7432}"
base_port="${CASEBRIDGE_BASE_PORT:-7001}"
build="${CASEBRIDGE_BUILD_DIR:-$here/build}"
services=(accounts intake referral review disclosure)

"$here/deploy/install-deps.sh"
"$here/deploy/build.sh"

started_at=$(date +%s.%N)
mkdir -p "$var/log" "$var/run" "$var/secrets"
chmod 700 "$var/secrets"
echo "Starting PostgreSQL (data in $var/postgres) ..."
"$here/deploy/postgres/cluster.sh" start "$var/postgres" "$pg_port" >/dev/null
"$here/deploy/postgres/bootstrap.sh" "$var/postgres" "$var/secrets" >/dev/null
"$here/deploy/pki.sh" "$var/pki"

admin_password_file="$var/secrets/admin.password"
if [ ! -s "$admin_password_file" ]; then
  (umask 077; openssl rand -base64 18 | tr -d '/+=' >"$admin_password_file")
fi

pids=()
declare -A pid_of
stop_all() {
  trap - INT TERM
  # Ctrl-C also ends whatever reads our output (e.g. a pipe into tee or grep); keep stopping anyway.
  trap '' PIPE
  echo 2>/dev/null || true
  echo "Stopping CaseBridge ..." 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$here/deploy/postgres/cluster.sh" stop "$var/postgres" >/dev/null 2>&1 || true
  echo "Stopped. Data stays in $var; run this script again to continue." 2>/dev/null || true
  exit 0
}
trap stop_all INT TERM

start_service() {
  local name="$1" port="$2"
  shift 2
  rm -f "$var/run/$name.port"
  "$build/services/$name/casebridge-$name" \
    --listen="127.0.0.1:$port" --port_file="$var/run/$name.port" \
    --tls_cert="$var/pki/$name.crt" --tls_key="$var/pki/$name.key" --tls_ca="$var/pki/ca.crt" \
    --database_url_file="$var/secrets/db-$name.url" "$@" >>"$var/log/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
}

# A service writes its port file once it listens; stop waiting early if it exits instead.
wait_listening() {
  local name="$1" i
  for i in $(seq 1 600); do
    [ -f "$var/run/$name.port" ] && return 0
    kill -0 "${pid_of[$name]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "casebridge-$name did not start; its log ($var/log/$name.log) ends with:" >&2
  tail -20 "$var/log/$name.log" >&2
  stop_all
}

echo "Starting services ..."
start_service accounts "$base_port" --token_signing_key="$var/pki/token-signing.key" \
  --bootstrap_admin_password_file="$admin_password_file"
wait_listening accounts
offset=1
for name in intake referral review disclosure; do
  extra=()
  # Referral reads cases and documents from intake, which listens at base_port + 1.
  [ "$name" = referral ] && extra=(--intake_endpoint="127.0.0.1:$((base_port + 1))")
  start_service "$name" $((base_port + offset)) --accounts_endpoint="127.0.0.1:$base_port" \
    "${extra[@]}"
  offset=$((offset + 1))
done
for name in intake referral review disclosure; do wait_listening "$name"; done
ready_at=$(date +%s.%N)

demo_password_file="$var/secrets/demo-users.password"
if [ ! -f "$var/demo-seeded" ]; then
  echo "Creating demo organisations and users ..."
  CASEBRIDGE_CBCTL="$build/clients/cbctl/cbctl" "$here/deploy/seed-demo.sh" "$var" "127.0.0.1:$base_port"
  touch "$var/demo-seeded"
fi

cat <<TXT

CaseBridge is running (started in $(awk "BEGIN{printf \"%.1f\", $ready_at - $started_at}") s).
  accounts   127.0.0.1:$base_port      intake  127.0.0.1:$((base_port + 1))   referral 127.0.0.1:$((base_port + 2))
  review     127.0.0.1:$((base_port + 3))      disclosure 127.0.0.1:$((base_port + 4))   PostgreSQL 127.0.0.1:$pg_port
  logs in $var/log/

Sign in with cbctl (the demo password is in $demo_password_file):
  export PATH="$build/clients/cbctl:\$PATH"
  cbctl login --endpoint 127.0.0.1:$base_port --ca-file $var/pki/ca.crt --user nt.officer
  cbctl whoami
  cbctl org list

Demo users (password: $(cat "$demo_password_file")):
  南通 320600: nt.officer nt.officer2 (officers), nt.head (agency head), nt.receiver nt.investigator (police),
               nt.procurator (procuratorate), nt.coordinator (coordination office)
  苏州 320500: sz.officer sz.officer2, sz.head, sz.receiver sz.investigator, sz.procurator, sz.coordinator
  江苏 320000: js.procurator (provincial procuratorate)
  Administrator: admin (password in $admin_password_file)

Press Ctrl-C to stop.
TXT

wait
