#!/usr/bin/env bash
# The officer's commands on a case's records through the real cbctl binary against the real
# services: seized goods and their disposal, documents uploaded and downloaded with their SHA-256,
# penalty decisions with execution and revocation, closing, and bulk import — success paths, every
# wrong field named, permission refusals, retries and JSON output.
# Run by ctest through cluster_runner, which provides CASEBRIDGE_*_ENDPOINT, CASEBRIDGE_CA_FILE and
# CASEBRIDGE_ADMIN_PASSWORD. Usage: cbctl_case_more_test.sh CBCTL EXAMPLES_DIR
set -uo pipefail
. "$(dirname "$0")/cbctl_checks.sh"
cbctl="$(realpath "$1")"
examples="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Files the test writes are named relative to here, as an officer would name them.
cd "$work" || exit 1
export CBCTL_CONFIG="$work/officer.json"
password="officer-password-1"
# json EXPRESSION: evaluates a Python expression over the JSON document `d` read from stdin.
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# login USER CONFIG: signs USER in, keeping the settings in CONFIG.
login() {
  CBCTL_CONFIG="$2" "$cbctl" login --endpoint "$CASEBRIDGE_ACCOUNTS_ENDPOINT" \
    --intake "$CASEBRIDGE_INTAKE_ENDPOINT" --referral "$CASEBRIDGE_REFERRAL_ENDPOINT" \
    --review "$CASEBRIDGE_REVIEW_ENDPOINT" --disclosure "$CASEBRIDGE_DISCLOSURE_ENDPOINT" \
    --ca-file "$CASEBRIDGE_CA_FILE" --user "$1" --password-stdin 2>&1
}

# --- Two agencies and their officers, as deploy/seed-demo.sh sets them up. ---
out=$(login admin "$work/admin.json" <<<"$CASEBRIDGE_ADMIN_PASSWORD")
check_rc "admin signs in" 0 $? "$out"
admin() { CBCTL_CONFIG="$work/admin.json" "$cbctl" "$@"; }
admin org add --id nt-amr --name 南通市市场监督管理局 --kind agency --region 320600 \
  --domain market-regulation >/dev/null
admin org add --id sz-amr --name 苏州市市场监督管理局 --kind agency --region 320500 \
  --domain market-regulation >/dev/null
for user in nt.officer:nt-amr nt.officer2:nt-amr sz.officer:sz-amr; do
  out=$(admin user add --id "${user%%:*}" --name "办案人员 ${user%%:*}" --org "${user#*:}" \
    --role officer --password-stdin <<<"$password" 2>&1)
  check_rc "admin adds ${user%%:*}" 0 $? "$out"
done
out=$(login nt.officer "$work/officer.json" <<<"$password")
check_rc "nt.officer signs in" 0 $? "$out"
out=$(login sz.officer "$work/sz.json" <<<"$password")
check_rc "sz.officer signs in" 0 $? "$out"
sz() { CBCTL_CONFIG="$work/sz.json" "$cbctl" "$@"; }

out=$("$cbctl" case file "$examples/case.yaml" 2>&1)
check_rc "the example case is filed" 0 $? "$out"
name=$(sed -n 's/.*Filed as \(caseFiles\/[a-z0-9-]*\).*/\1/p' <<<"$out" | head -n 1)
[ -n "$name" ] || name="caseFiles/not-filed"
item="$name/seizedItems/s1"

# --- Seized goods (涉案物品). ---
out=$("$cbctl" case seize "$name" --file "$examples/seized_item.yaml" --request-id seize-1 2>&1)
check_rc "case seize examples/seized_item.yaml" 0 $? "$out"
check "seize names the new item" "Seized item recorded: $item" "$out"
check "seize: value given in yuan, kept exact" "34,416.00 元" "$out"
check "seize: the measure in words" "扣押 DETAINED 通市监扣字〔2026〕31号" "$out"
check "seize: the seizure time in Beijing time" "2026-02-21 10:30:00 (UTC+8)" "$out"
out=$("$cbctl" case item add "$name" --file "$examples/seized_item.yaml" --request-id seize-1 2>&1)
check "a retry with the same --request-id returns the same item" "Seized item recorded: $item" "$out"
"$cbctl" case item list "$name" --output json >"$work/items.json"
count=$(json 'len(d["seized_items"])' <"$work/items.json")
check_rc "item list --output json parses and holds the one item" 1 "$count" "$(cat "$work/items.json")"

cat >bad_item.yaml <<'YAML'
goods_name: 运动鞋
quantity: 很多
unit: 双
storage_location: 仓库
YAML
out=$("$cbctl" case seize "$name" --file bad_item.yaml 2>&1)
check_rc "a wrong item exits 1" 1 $? "$out"
check "wrong item: the quantity is named with its line" "seized_item.quantity (bad_item.yaml 第 2 行 / line 2)" "$out"
check "wrong item: the missing measure is named" "seized_item.measure" "$out"
check "wrong item: the missing seizure time is named" "seized_item.seize_time" "$out"

printf 'quantity: "470"\nstorage_location: 仓库 B-01\n' >"$work/item_update.yaml"
out=$("$cbctl" case item update "$item" --file "$work/item_update.yaml" \
  --fields quantity,storage_location 2>&1)
check_rc "case item update" 0 $? "$out"
check "update: the new quantity" "470 双" "$out"
check "update: the new storage place" "仓库 B-01" "$out"
check "update: the new etag" "etag:" "$out"

out=$("$cbctl" case item dispose "$item" --kind burnt --time yesterday 2>&1)
check_rc "dispose with wrong option values exits 1" 1 $? "$out"
check "wrong --kind lists the choices" "destroyed-harmlessly" "$out"
check "wrong --time says how to write it" "--time: " "$out"
out=$("$cbctl" case item dispose "$item" --kind destroyed --time "2026-05-08 09:30" 2>&1)
check_rc "destruction without the destroying unit exits 1" 1 $? "$out"
check "the destroying unit is named with its option" \
  "disposal.destroying_unit (选项 / option --destroying-unit)" "$out"
check "the case meets the threshold: the justification is named" \
  "disposal.justification_when_threshold_met (选项 / option --justification)" "$out"
out=$("$cbctl" case item dispose "$item" --kind 无害化销毁 --time "2026-05-08 09:30" \
  --destroying-unit 南通某某环保科技有限公司 --method 粉碎后焚烧 \
  --justification "已抽样留存并经鉴定，公安机关不予立案" 2>&1)
check_rc "case item dispose --kind destroyed" 0 $? "$out"
check "dispose: destroyed harmlessly" "无害化销毁 DESTROYED_HARMLESSLY" "$out"
check "dispose: by the destroying unit" "南通某某环保科技有限公司" "$out"
check "dispose: the item is disposed of" "已处置 DISPOSED" "$out"
out=$("$cbctl" case item update "$item" --file "$work/item_update.yaml" --fields quantity 2>&1)
check_rc "a disposed item no longer changes" 1 $? "$out"
check "the refusal says why" "can no longer change" "$out"

# --- Documents (案件材料): upload, list, download, all checked by SHA-256. ---
head -c 2500000 /dev/urandom >"$work/report.pdf"
local_sha=$(sha256sum "$work/report.pdf" | cut -d' ' -f1)
out=$("$cbctl" case report upload "$name" "$work/report.pdf" --kind inspection \
  --title "检验报告 苏质检〔2026〕031号" --issuer 江苏省产品质量监督检验研究院 \
  --issue-date 2026-03-20 --item "$item" 2>&1)
check_rc "case report upload (2.5 MB, three chunks)" 0 $? "$out"
check "upload prints the SHA-256 the service recorded, the local file's" "$local_sha" \
  "$(grep '^SHA-256:' <<<"$out")"
check "upload says the digests match" "matches the local file" "$out"
document=$(sed -n 's/.*Uploaded \(caseFiles\/[^ ]*\).*/\1/p' <<<"$out" | head -n 1)
[ -n "$document" ] || document="$name/documents/not-uploaded"
out=$("$cbctl" case report upload "$name" "$work/report.pdf" --kind inspection \
  --title "检验报告 苏质检〔2026〕031号" --issuer 江苏省产品质量监督检验研究院 \
  --issue-date 2026-03-20 --item "$item" 2>&1)
check "the same upload run twice is stored once" "Uploaded $document" "$out"
out=$("$cbctl" case report upload "$name" "$work/report.pdf" --kind appraisal 2>&1)
check_rc "an appraisal without title, issuer and date exits 1" 1 $? "$out"
check "upload: the title is named with its option" "metadata.document.title (选项 / option --title)" "$out"
check "upload: the issuer is named" "metadata.document.issuer (选项 / option --issuer)" "$out"
check "upload: the issue date is named" "metadata.document.issue_date (选项 / option --issue-date)" "$out"
check "upload: every problem is counted" "the request has 3 problems" "$out"

out=$("$cbctl" case report list "$name" 2>&1)
check_rc "case report list" 0 $? "$out"
check "list shows the document" "$document" "$out"
check "list shows its kind" "检验报告 INSPECTION_REPORT" "$out"
listed_sha=$("$cbctl" --output json case report list "$name" | json 'd["documents"][0]["content"]["sha256_hex"]')
check_rc "report list --output json parses and carries the SHA-256" "$local_sha" "$listed_sha" ""

out=$("$cbctl" case report download "$document" -o "$work/got.pdf" 2>&1)
check_rc "case report download -o FILE" 0 $? "$out"
check "download says the digest matches" "matches the recorded digest" "$out"
got_sha=$(sha256sum "$work/got.pdf" | cut -d' ' -f1)
check_rc "the downloaded file's SHA-256 is the uploaded file's" "$local_sha" "$got_sha" ""
out=$("$cbctl" case report download "$document" -o "$work/got.pdf" 2>&1)
check_rc "download refuses to overwrite without --force" 1 $? "$out"
out=$("$cbctl" case report download "$document" --save-as "$work/got.pdf" --force -o json 2>&1)
check_rc "download --force --output json" 0 $? "$out"
check "download --output json prints the document" "\"sha256_hex\": \"$local_sha\"" "$out"

# Another agency's officer may neither add to nor read this case; refusals exit 5.
out=$(sz case report upload "$name" "$work/report.pdf" --kind other --title 材料 2>&1)
check_rc "sz.officer may not upload to nt-amr's case (PERMISSION_DENIED: exit 5)" 5 $? "$out"
out=$(sz case report download "$document" -o "$work/sz.pdf" 2>&1)
check_rc "sz.officer may not download it (exit 5)" 5 $? "$out"
if ls "$work"/sz.pdf* >/dev/null 2>&1; then fail "a refused download left a file"; else
  pass "a refused download leaves no file behind"; fi
out=$(sz case seize "$name" --file "$examples/seized_item.yaml" 2>&1)
check_rc "sz.officer may not record seized goods of it (exit 5)" 5 $? "$out"

# --- Penalty decisions, execution, revocation, closing. ---
out=$("$cbctl" case penalty "$name" --file "$examples/penalty_decision.yaml" 2>&1)
check_rc "a penalty on a case meeting the threshold without justification exits 1" 1 $? "$out"
check "the justification is named" "penalty_decision.justification_when_threshold_met (" "$out"
check "the justification is said to be missing from the file" \
  "penalty_decision.yaml 中未填写 / not given in" "$out"
check "the justification's option is given" "option --justification" "$out"
justification="公安机关经审查决定不予立案（通公（经）不立字〔2026〕5号），依法作出行政处罚"
out=$("$cbctl" case penalty "$name" --file "$examples/penalty_decision.yaml" \
  --justification "$justification" 2>&1)
check_rc "case penalty --justification" 0 $? "$out"
decision="$name/penaltyDecisions/pd1"
check "penalty names the decision" "Penalty decision recorded: $decision" "$out"
check "penalty: the fine given in yuan" "罚款 FINE 172,800.00 元" "$out"
check "penalty: the assessment it was decided against" "达到追诉标准 MET" "$out"
check "penalty: the justification is kept" "$justification" "$out"
number=$("$cbctl" case penalty list "$name" --output json | json 'd["penalty_decisions"][0]["decision_number"]')
check_rc "penalty list --output json parses" "通市监处罚〔2026〕12号" "$number" ""

out=$("$cbctl" case penalty execute "$decision" --state executed --completed 2026-04-20 2>&1)
check_rc "case penalty execute --state executed" 0 $? "$out"
check "execute: everything due counts as paid" "已履行完毕 EXECUTED, 已缴 paid 191,400.50 元" "$out"

out=$("$cbctl" case close "$name" --reason penalty-executed 2>&1)
check_rc "closing a case meeting the threshold without justification exits 1" 1 $? "$out"
check "close: the justification is named with its option" \
  "closure.justification_when_threshold_met (选项 / option --justification)" "$out"
out=$("$cbctl" case close "$name" --reason penalty-executed --date 2026-05-10 \
  --justification "公安机关不予立案，行政处罚已执行完毕" 2>&1)
check_rc "case close" 0 $? "$out"
check "close: the case is closed" "已结案 CLOSED" "$out"
check "close: how it ended" "处罚决定执行完毕 PENALTY_EXECUTED" "$out"

out=$("$cbctl" case revoke "$decision" --kind court --reasons 法院判决撤销 2>&1)
check_rc "an annulment without its judgment number and date exits 1" 1 $? "$out"
check "revoke: the document number is named" "revocation.document_number (选项 / option --document-number)" "$out"
check "revoke: the date is named" "revocation.revocation_date (选项 / option --date)" "$out"
out=$("$cbctl" --output json case revoke "$decision" --kind court --reasons 法院判决撤销 \
  --document-number "（2026）苏06行终12号" --date 2026-10-09 2>&1)
check_rc "case revoke on a closed case" 0 $? "$out"
state=$(json 'd["state"]' <<<"$out")
check_rc "revoke --output json: the decision is revoked" "STATE_REVOKED" "$state" "$out"

# --- Bulk import (批量导入). ---
out=$("$cbctl" case import "$examples/import.yaml" --validate-only 2>&1)
check_rc "import --validate-only" 0 $? "$out"
check "validate-only writes nothing" "3 valid, 0 rejected; validate only, nothing was written" "$out"
out=$("$cbctl" case import "$examples/import.yaml" 2>&1)
check_rc "case import examples/import.yaml" 0 $? "$out"
check "import: plain progress lines when not on a terminal" "batch 1/1: 已发送 sent 3/3" "$out"
check "import: the summary" "3 records: 3 imported" "$out"
out=$("$cbctl" case import "$examples/import.yaml" 2>&1)
check_rc "importing the same file again" 0 $? "$out"
check "the re-run imports nothing twice" "0 imported, 3 imported by an earlier run" "$out"
listed=$("$cbctl" case list --all-pages 2>&1 | grep -cF "通市监立〔2025〕31号")
check_rc "the imported case exists once" 1 "$listed" ""

# Four records in batches of two; the fourth is wrong twice over, so its batch (with the third)
# is not imported.
sed -n '/^- # 旧系统编号/,$p' "$examples/import.yaml" | sed -e 's/〔2025〕/〔2023〕/' \
  -e 's/旧系统-2025-/row-/' >"$work/records.yaml"
cat "$work/records.yaml" >"$work/import.yaml"
sed -e 's/〔2023〕31号/〔2023〕99号/' -e 's/row-0031/row-0099/' \
  -e 's/91320602MA1N2K3L4Q/91320602MA1N2K3L4X/' -e '/^    cause:/d' \
  "$work/records.yaml" | sed -n '/^- # 旧系统编号/,/^- #/p' | sed '$d' >>"$work/import.yaml"
out=$("$cbctl" case import "$work/import.yaml" --batch-size 2 2>&1)
check_rc "an import with a rejected record exits 1" 1 $? "$out"
check "the rejected record is named with its line" "row-0099 通市监立〔2023〕99号 (" "$out"
check "its wrong credit code is given" "case_file.parties[0].organisation.unified_social_credit_code" "$out"
check "its missing cause is given" "case_file.cause" "$out"
check "the summary counts what happened" "4 records: 2 imported, 0 imported by an earlier run, 1 rejected, 1 not imported with them" "$out"
check "the officer is told how to go on" "run the same command again" "$out"

printf '%s\n' '{"record_ref": "jl-1", "case_file": {"case_number": "通市监立〔2022〕1号"}}' \
  '{"record_ref": "jl-2", "case_file": {"case_number": "通市监立〔2022〕1号"}}' >"$work/lines.jsonl"
"$cbctl" --output json case import "$work/lines.jsonl" >"$work/answers.jsonl" 2>/dev/null
check_rc "a JSON-lines import with rejected records exits 1" 1 $? ""
outcome=$(/usr/bin/python3 -c 'import json,sys; print(",".join(json.loads(l)["outcome"] for l in sys.stdin))' <"$work/answers.jsonl")
check_rc "import --output json prints one JSON line per batch" "OUTCOME_REJECTED" "$outcome" "$(cat "$work/answers.jsonl")"

printf '%s\n' '{"record_ref": "t-1", "case_file": {"causes": "拼错"}}' '{not json' >"$work/typo.jsonl"
out=$("$cbctl" case import "$work/typo.jsonl" 2>&1)
check_rc "an import file with problems of its own exits 1" 1 $? "$out"
check "the misspelt field is named with its record" "line 1, #1 case_file.causes" "$out"
check "the broken line is named" "第 2 行 / line 2" "$out"
check "nothing is sent" "nothing was sent" "$out"
out=$(admin case import "$examples/import.yaml" 2>&1)
check_rc "an administrator may not import cases (exit 5)" 5 $? "$out"

finish
