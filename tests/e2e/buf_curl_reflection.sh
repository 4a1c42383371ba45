#!/usr/bin/env bash
# A standard tool, buf curl, talks to the services through server reflection alone (no .proto
# files): it signs in to accounts and calls the health service of every service. Run by ctest
# through cluster_runner, which provides CASEBRIDGE_*_ENDPOINT, CASEBRIDGE_CA_FILE and
# CASEBRIDGE_ADMIN_PASSWORD.
set -euo pipefail
buf="$1"
passed=0
failed=0
check() {
  local what="$1" expected="$2" output="$3"
  if grep -q -- "$expected" <<<"$output"; then
    passed=$((passed + 1))
    echo "ok      $what"
  else
    failed=$((failed + 1))
    echo "FAILED  $what: expected '$expected' in: $output"
  fi
}

login=$("$buf" curl --protocol grpc --cacert "$CASEBRIDGE_CA_FILE" \
  --data "{\"user_id\":\"admin\",\"password\":\"$CASEBRIDGE_ADMIN_PASSWORD\"}" \
  "https://$CASEBRIDGE_ACCOUNTS_ENDPOINT/casebridge.v1.AccountsService/Login" 2>&1 || true)
check "Login through reflection" '"accessToken": "cb1.' "$login"
token=$(sed -n 's/.*"accessToken": "\([^"]*\)".*/\1/p' <<<"$login")

whoami=$("$buf" curl --protocol grpc --cacert "$CASEBRIDGE_CA_FILE" -H "authorization: Bearer $token" \
  "https://$CASEBRIDGE_ACCOUNTS_ENDPOINT/casebridge.v1.AccountsService/WhoAmI" 2>&1 || true)
check "WhoAmI with the token" '"name": "users/admin"' "$whoami"

for service in accounts intake referral review disclosure; do
  var="CASEBRIDGE_${service^^}_ENDPOINT"
  health=$("$buf" curl --protocol grpc --cacert "$CASEBRIDGE_CA_FILE" \
    "https://${!var}/grpc.health.v1.Health/Check" 2>&1 || true)
  check "$service health through reflection" '"status": "SERVING"' "$health"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
