#!/usr/bin/env bash
# The officer's case commands of the real cbctl binary against the real services: filing the
# example case file, show, list, assess, update, retry, errors in plain words, and the case feed.
# Run by ctest through cluster_runner, which provides CASEBRIDGE_*_ENDPOINT, CASEBRIDGE_CA_FILE and
# CASEBRIDGE_ADMIN_PASSWORD. Usage: cbctl_case_test.sh CBCTL EXAMPLE_YAML
set -uo pipefail
cbctl="$1"
example="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CBCTL_CONFIG="$work/cbctl.json"
password="officer-password-1"
. "$(dirname "$0")/cbctl_checks.sh"
is_json() { /usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)'; }
is_json_lines() {
  /usr/bin/python3 -c 'import json,sys; n=[json.loads(l) for l in sys.stdin if l.strip()]; sys.exit(0 if n else 1)'
}

# --- The administrator sets up the agency and its two officers, as deploy/seed-demo.sh does. ---
out=$("$cbctl" login --endpoint "$CASEBRIDGE_ACCOUNTS_ENDPOINT" --intake "$CASEBRIDGE_INTAKE_ENDPOINT" \
  --referral "$CASEBRIDGE_REFERRAL_ENDPOINT" --review "$CASEBRIDGE_REVIEW_ENDPOINT" \
  --disclosure "$CASEBRIDGE_DISCLOSURE_ENDPOINT" --ca-file "$CASEBRIDGE_CA_FILE" --user admin \
  --password-stdin <<<"$CASEBRIDGE_ADMIN_PASSWORD" 2>&1)
check_rc "admin signs in" 0 $? "$out"
out=$("$cbctl" org add --id nt-amr --name 南通市市场监督管理局 --kind agency --region 320600 \
  --domain market-regulation 2>&1)
check_rc "admin adds nt-amr" 0 $? "$out"
for officer in nt.officer nt.officer2; do
  out=$("$cbctl" user add --id "$officer" --name "办案人员 $officer" --org nt-amr --role officer \
    --password-stdin <<<"$password" 2>&1)
  check_rc "admin adds $officer" 0 $? "$out"
done
out=$("$cbctl" case list 2>&1)
check_rc "the administrator may not list cases (PERMISSION_DENIED: exit 5)" 5 $? "$out"
out=$("$cbctl" login --user nt.officer --password-stdin <<<"$password" 2>&1)
check_rc "nt.officer signs in" 0 $? "$out"

# --- Filing the example case file. ---
out=$("$cbctl" case file "$example" --request-id cbctl-case-test-1 2>&1)
check_rc "case file examples/case.yaml" 0 $? "$out"
check "filing names the new case" "已登记 / Filed as caseFiles/" "$out"
check "filing marks the case as meeting the threshold" "⚠ 达到追诉标准 MET" "$out"
check "filing tells the officer to refer" "must be referred to the police" "$out"
check "amounts_yuan arrives exactly, printed in yuan" "86,400.00 元" "$out"
name=$(sed -n 's/.*Filed as \(caseFiles\/[a-z0-9-]*\).*/\1/p' <<<"$out" | head -n 1)
[ -n "$name" ] || name="caseFiles/not-filed"

out=$("$cbctl" case file "$example" --request-id cbctl-case-test-1 2>&1)
check "a retry with the same --request-id returns the same case" "Filed as $name" "$out"

out=$("$cbctl" case show "$name" 2>&1)
check_rc "case show" 0 $? "$out"
check "show: 立案编号" "通市监立〔2026〕31号" "$out"
check "show: respondent with its credit code" "南通某某服饰有限公司 (91350100M000100Y43)" "$out"
check "show: state" "已立案 REGISTERED" "$out"
check "show: fen kept exact (18600.50 yuan)" "18,600.50 元" "$out"
check "show: 213 in the assessment table" "213 假冒注册商标罪" "$out"
out=$("$cbctl" case show "${name#caseFiles/}" 2>&1)
check "show accepts the id without caseFiles/" "$name" "$out"

out=$("$cbctl" case list --flagged 2>&1)
check_rc "case list --flagged" 0 $? "$out"
check "list --flagged contains the case" "$name" "$out"
check "list marks it flagged" "⚠" "$out"
out=$("$cbctl" case list --party 某某服饰 --credit-code 91350100M000100Y43 --from 2026-03-01 \
  --to 2026-03-31 --all-pages 2>&1)
check "list --party --credit-code --from --to finds it" "$name" "$out"
out=$("$cbctl" case list --state closed 2>&1)
if grep -qF -- "$name" <<<"$out"; then fail "list --state closed leaves it out: $out"; else
  pass "list --state closed leaves it out"; fi

# --- Assessment: stored case and dry run. ---
out=$("$cbctl" case assess "$name" 2>&1)
check_rc "case assess NAME" 0 $? "$out"
row=$(grep '^213 ' <<<"$out")
check "assess: 213 is MET" "达到追诉标准 MET" "$row"
check "assess: 213 value in yuan" "86,400.00" "$row"
check "assess: 213 threshold in yuan" "50,000.00" "$row"
out=$("$cbctl" case assess --file "$example" 2>&1)
check_rc "case assess --file (dry run)" 0 $? "$out"
check "assess --file: 213 is MET" "达到追诉标准 MET" "$(grep '^213 ' <<<"$out")"
check "assess --file says nothing was saved" "dry run, nothing saved" "$out"

# --- JSON output parses. ---
"$cbctl" --output json case show "$name" | is_json
check_rc "case show --output json parses" 0 $? ""
"$cbctl" case list --flagged --output json | is_json
check_rc "case list --output json parses" 0 $? ""
"$cbctl" case assess "$name" --output json | is_json
check_rc "case assess --output json parses" 0 $? ""

# --- Update from a file: fetch, etag, UpdateCaseFile. ---
cat >"$work/update.yaml" <<'YAML'
cause: 未经商标注册人许可在同一种商品上使用与其注册商标相同的商标，并销售该商品
threshold_facts:
  amounts_yuan:
    illegal_business_amount: "90,000.00"
facts: 不在 --fields 中，不应修改
YAML
out=$("$cbctl" case update "$name" --file "$work/update.yaml" \
  --fields cause,threshold_facts.amounts.illegal_business_amount_fen 2>&1)
check_rc "case update --fields" 0 $? "$out"
check "update: the new cause" "并销售该商品" "$out"
check "update: the new amount (grouped digits accepted)" "90,000.00 元" "$out"
check "update: the case is under investigation" "UNDER_INVESTIGATION" "$out"
check "update: the other amounts stay" "51,984.00 元" "$out"
check "update: a field of the file not in --fields is said to be unchanged" "not listed in --fields: facts" "$out"

# --- Errors in plain words: the service lists every wrong field, with its line in the file. ---
sed -e 's/91350100M000100Y43/91350100M000100Y44/' -e '/^cause:/d' "$example" >"$work/bad.yaml"
out=$("$cbctl" case file "$work/bad.yaml" 2>&1)
rc=$?
if [ "$rc" -ne 0 ]; then pass "a wrong case file exits non-zero ($rc)"; else fail "bad.yaml was filed: $out"; fi
check "the invalid credit code is named" "case_file.parties[0].organisation.unified_social_credit_code" "$out"
line=$(grep -n 91350100M000100Y44 "$work/bad.yaml" | cut -d: -f1)
check "the credit code's line in the file is given" "bad.yaml 第 $line 行 / line $line" "$out"
check "the missing cause is named" "case_file.cause" "$out"
check "the missing cause is said to be not given" "not given in" "$out"
check "the problems are counted" "the request has 2 problems" "$out"

# Problems cbctl finds itself, before sending anything: each with its line.
cat >"$work/typo.yaml" <<'YAML'
case_number: "通市监立〔2026〕99号"
causes: 拼错的字段
threshold_facts:
  ip_right: trade-mark-ish
  amounts_yuan:
    sales_amount: 5万元
    illegal_gains: "100.001"
YAML
out=$("$cbctl" case file "$work/typo.yaml" 2>&1)
check_rc "a case file with typos exits 1" 1 $? "$out"
check "typo: file and count" "typo.yaml has 4 problems" "$out"
check "typo: unknown field with its line" "line 2, causes" "$out"
check "typo: unknown choice lists the choices" "TRADEMARK" "$out"
check "typo: an amount in words is refused" "line 6, threshold_facts.amounts.sales_amount_fen" "$out"
check "typo: more than two decimals is refused" "more than two decimals" "$out"
printf 'cause: [unclosed\n' >"$work/broken.yaml"
out=$("$cbctl" case file "$work/broken.yaml" 2>&1)
check_rc "broken YAML exits 1" 1 $? "$out"
check "broken YAML is reported as such" "not valid YAML" "$out"

# --- The case feed: CASE_CREATED of the filed case, then it waits until stopped. ---
out=$(timeout 5 "$cbctl" case watch --after 0 2>&1)
rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 0 ]; then pass "watch runs until stopped"; else
  fail "watch exited $rc: $out"; fi
check "watch --after 0 shows CASE_CREATED" "CASE_CREATED  $name  users/nt.officer" "$out"
check "watch shows the update" "CASE_UPDATED  $name" "$out"
timeout 5 "$cbctl" --output json case watch --after 0 >"$work/events.jsonl" 2>&1
is_json_lines <"$work/events.jsonl"
check_rc "watch --output json prints JSON lines" 0 $? "$(cat "$work/events.jsonl")"
check "the JSON lines carry the event type" '"type":"TYPE_CASE_CREATED"' "$(cat "$work/events.jsonl")"

finish
