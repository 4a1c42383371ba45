#!/usr/bin/env bash
# Referrals to the police (国务院令第310号) through the real cbctl binary against the real services:
# an agency with officers and a head, a police organisation and a procuratorate; a case filed,
# referred, reported, approved, transferred, received, filed and handed over; a refusal, a decline
# contested up to the procuratorate, a reverse transfer, a withdrawal; the clocks, the documents
# (the 移送书 read back with pdftotext), JSON output, refusals in plain words and retries.
# Run by ctest through cluster_runner, which provides CASEBRIDGE_*_ENDPOINT, CASEBRIDGE_CA_FILE and
# CASEBRIDGE_ADMIN_PASSWORD. Usage: cbctl_referral_test.sh CBCTL EXAMPLES_DIR
set -uo pipefail
. "$(dirname "$0")/cbctl_checks.sh"
cbctl="$(realpath "$1")"
examples="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
password="officer-password-1"
# json EXPRESSION: evaluates a Python expression over the JSON document `d` read from stdin.
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
is_json() { /usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)'; }
# login USER: signs USER in, keeping the settings in USER.json.
login() {
  CBCTL_CONFIG="$work/$1.json" "$cbctl" login --endpoint "$CASEBRIDGE_ACCOUNTS_ENDPOINT" \
    --intake "$CASEBRIDGE_INTAKE_ENDPOINT" --referral "$CASEBRIDGE_REFERRAL_ENDPOINT" \
    --review "$CASEBRIDGE_REVIEW_ENDPOINT" --disclosure "$CASEBRIDGE_DISCLOSURE_ENDPOINT" \
    --ca-file "$CASEBRIDGE_CA_FILE" --user "$1" --password-stdin 2>&1
}
as() {
  local user="$1"
  shift
  CBCTL_CONFIG="$work/$user.json" "$cbctl" "$@"
}
# The referral name an act's output starts with.
referral_of() { grep -o 'referrals/[a-z0-9-]*' <<<"$1" | head -n 1; }

# --- The administrator sets up the agency, the police and the procuratorate. ---
out=$(login admin <<<"$CASEBRIDGE_ADMIN_PASSWORD")
check_rc "admin signs in" 0 $? "$out"
as admin org add --id nt-amr --name 南通市市场监督管理局 --kind agency --region 320600 \
  --domain market-regulation >/dev/null
as admin org add --id nt-psb --name 南通市公安局 --kind police --region 320600 >/dev/null
as admin org add --id nt-procuratorate --name 南通市人民检察院 --kind procuratorate \
  --region 320600 >/dev/null
for user in nt.officer:nt-amr:officer nt.officer2:nt-amr:officer nt.head:nt-amr:agency-head \
  nt.receiver:nt-psb:police-receiver nt.investigator:nt-psb:police-investigator; do
  IFS=: read -r id org role <<<"$user"
  out=$(as admin user add --id "$id" --name "用户 $id" --org "$org" --role "$role" \
    --password-stdin <<<"$password" 2>&1)
  check_rc "admin adds $id ($role)" 0 $? "$out"
  login "$id" <<<"$password" >/dev/null
done
officer() { as nt.officer "$@"; }
head_() { as nt.head "$@"; }
receiver() { as nt.receiver "$@"; }
investigator() { as nt.investigator "$@"; }

out=$("$cbctl" --help)
check "cbctl --help lists referral create" "referral create" "$out"
check "cbctl --help lists police inbox" "police inbox" "$out"
check "cbctl --help lists deadlines" "deadlines" "$out"
out=$("$cbctl" police --help)
check "police --help lists police receive" "police receive" "$out"
out=$("$cbctl" referral --help)
check_rc "cbctl referral --help exits 0" 0 $? "$out"
check "referral --help lists supervise, one line" "referral supervise" "$out"
if grep -q "case file" <<<"$out"; then fail "referral --help lists only referral commands"; else
  pass "referral --help lists only referral commands"; fi

# --- Five cases meeting 刑法 213, one for each referral. ---
file_case() {
  sed "s/通市监立〔2026〕31号/通市监立〔2026〕$1号/" "$examples/case.yaml" >"case$1.yaml"
  officer case file "case$1.yaml" 2>&1 | sed -n 's/.*Filed as \(caseFiles\/[a-z0-9-]*\).*/\1/p' |
    head -n 1
}
case1=$(file_case 41)
case2=$(file_case 42)
case3=$(file_case 43)
case4=$(file_case 44)
case5=$(file_case 45)
[ -n "$case5" ] && pass "five cases filed" || fail "five cases filed"
out=$(officer case seize "$case1" --file "$examples/seized_item.yaml" 2>&1)
check_rc "the goods of case 1 are seized" 0 $? "$out"
printf '%%PDF-1.4\n检验报告\n%%%%EOF\n' >inspection.pdf
out=$(officer case report upload "$case1" inspection.pdf --kind inspection \
  --title "检验报告 苏质检〔2026〕031号" --issuer 江苏省产品质量监督检验研究院 \
  --issue-date 2026-03-20 2>&1)
inspection=$(sed -n 's/.*Uploaded \(caseFiles\/[^ ]*\).*/\1/p' <<<"$out" | head -n 1)
check "an inspection report is uploaded to case 1" "Uploaded $case1/documents/" "$out"
printf '%%PDF-1.4\n涉嫌犯罪案件情况的调查报告\n%%%%EOF\n' >report.pdf

# --- Referral 1: created, reported, approved, transferred, received, filed, handed over. ---
out=$(officer referral create "$case1" --member nt.officer --member nt.officer2 2>&1)
check_rc "referral create with a task force of two" 0 $? "$out"
check "create: the referral is a draft" "拟移送 DRAFT" "$out"
check "create: what may be done next, with the command" "cbctl referral submit" "$out"
r1=$(referral_of "$out")

out=$(officer referral submit "$r1" 2>&1)
check_rc "submit without particulars exits 1" 1 $? "$out"
check "every wrong field: the head, with its flag" "head (选项 / option --head)" "$out"
check "every wrong field: the summary, with its flag" "summary (选项 / option --summary)" "$out"
check "every wrong field: the offences, with their flag" \
  "suspected_offences (选项 / option --offence)" "$out"
out=$(officer referral submit "$r1" --offence 999 2>&1)
check "an unknown offence is named before anything is sent" "--offence: “999”不是罪名" "$out"

out=$(officer referral upload "$r1" report.pdf --kind investigation-report \
  --title 涉嫌犯罪案件情况的调查报告 2>&1)
check_rc "referral upload of the investigation report" 0 $? "$out"
check "upload checks the recorded SHA-256" "matches the local file" "$out"
report=$(sed -n 's/.*Uploaded \(referrals\/[^ ]*\).*/\1/p' <<<"$out" | head -n 1)
out=$(officer referral submit "$r1" --head nt.head --report "$report" --offence 213 \
  --summary "当事人销售假冒注册商标的商品，非法经营数额 8.64 万元，已达刑法第二百一十三条的追诉标准" 2>&1)
check_rc "referral submit" 0 $? "$out"
check "submit: reported to the head" "已报告负责人 REPORTED" "$out"
check "submit: the head's clock runs, with its legal basis" "国务院令第310号 第五条 3 日" "$out"

out=$(officer referral approve "$r1" --opinion 同意 2>&1)
check_rc "an officer may not approve (PERMISSION_DENIED: exit 5)" 5 $? "$out"
check "the refusal names the current state" "已报告负责人 REPORTED" "$out"
check "the refusal lists the acts possible, with the command" \
  "批准移送 / approve the referral（行政执法机关负责人）: cbctl referral approve" "$out"

etag=$(head_ --output json referral show "$r1" | json 'd["etag"]')
out=$(head_ referral approve "$r1" --opinion 同意移送 --request-id approve-r1 --etag "$etag" 2>&1)
check_rc "the head approves" 0 $? "$out"
check "approve: approved" "已批准移送 APPROVED" "$out"
check "approve: the 24-hour transfer clock runs" "24 小时" "$out"
after=$(head_ --output json referral show "$r1" | json 'd["etag"]')
out=$(head_ referral approve "$r1" --opinion 同意移送 --request-id approve-r1 --etag "$etag" 2>&1)
check_rc "a retry with the same --request-id answers as the first time" 0 $? "$out"
check "the retry shows the referral as approved" "已批准移送 APPROVED" "$out"
again=$(head_ --output json referral show "$r1" | json 'd["etag"]')
check_rc "the retry changed nothing (etag $after stays)" "$after" "$again" "$out"

out=$(officer referral transfer "$r1" --police nt-psb --inspection-report "$inspection" 2>&1)
check_rc "referral transfer with the inspection report" 0 $? "$out"
check "transfer: transferred" "已移送 TRANSFERRED" "$out"
check "transfer: the police sign next" "cbctl police receive" "$out"

out=$(receiver police inbox 2>&1)
check_rc "police inbox" 0 $? "$out"
check "inbox: the referral awaits receipt" "待签收 receive" "$(grep "$r1" <<<"$out")"
receiver --output json police inbox | is_json
check_rc "police inbox --output json parses" 0 $? ""

letter=$(receiver --output json referral show "$r1" |
  json '[m["document"]["name"] for m in d["transfer"]["materials"] if m["kind"]=="KIND_REFERRAL_LETTER"][0]')
zeros=0000000000000000000000000000000000000000000000000000000000000000
out=$(receiver police receive "$r1" --digest "$letter=$zeros" 2>&1)
check_rc "a receipt with a wrong digest given explicitly is refused" 1 $? "$out"
check "the refusal names the differing digest" "received $zeros" "$out"
check "nothing was signed" "已移送 TRANSFERRED" "$(receiver referral show "$r1" 2>&1)"
out=$(receiver police receive "$r1" --save got 2>&1)
check_rc "police receive, the digests computed from the downloads" 0 $? "$out"
check "receive: signed for" "已签收 RECEIVED" "$out"
check "receive: the snapshot digest echoed" "案件快照 / case snapshot" "$out"
check "receive: each material by its kind" "已下载核算 / computed: ①移送书 REFERRAL_LETTER  $letter" "$out"
letter_sha=$(receiver --output json referral show "$r1" |
  json '[m["document"]["sha256_hex"] for m in d["transfer"]["materials"] if m["kind"]=="KIND_REFERRAL_LETTER"][0]')
check "receive: the 移送书's digest is the one sent" "$letter_sha" "$out"
saved=$(sha256sum got/涉嫌犯罪案件移送书-*.pdf 2>/dev/null | cut -d' ' -f1)
check_rc "receive --save keeps the 移送书 as sent" "$letter_sha" "$saved" "$(ls got)"

out=$(receiver deadlines 2>&1)
check_rc "deadlines for the police" 0 $? "$out"
check "deadlines: the police's filing clock, with its basis" "立案审查" "$(grep "$r1" <<<"$out")"
check "deadlines: art. 8" "国务院令第310号 第八条" "$(grep "$r1" <<<"$out")"
check "deadlines: the time left" "还剩" "$(grep "$r1" <<<"$out")"
check "deadlines: for the right organisation" "organisations/nt-psb" "$(grep "$r1" <<<"$out")"
out=$(officer deadlines 2>&1)
if grep -q "立案审查" <<<"$out"; then fail "the agency does not see the police's clock: $out"; else
  pass "the agency does not see the police's clock"; fi
receiver deadlines --output json | is_json
check_rc "deadlines --output json parses" 0 $? ""

out=$(investigator police file "$r1" --decision-number "通公（经）立字〔2026〕101号" --charge 213 2>&1)
check_rc "police file" 0 $? "$out"
check "file: filed" "已立案 FILED" "$out"
check "file: the hand-over clock runs (art. 12)" "国务院令第310号 第十二条" "$out"
out=$(officer referral handover "$r1" --item s1 --recipient 王警官 2>&1)
check_rc "referral handover of the seized goods" 0 $? "$out"
check "handover: recorded" "HANDOVER_RECORDED" "$out"
out=$(investigator police handover "$r1" 2>&1)
check_rc "police handover (confirmation)" 0 $? "$out"
check "handover confirmed" "移交已确认 HANDED_OVER" "$out"

out=$(officer referral show "$r1" 2>&1)
check_rc "referral show" 0 $? "$out"
check "show: the state with its Chinese label" "移交已确认 HANDED_OVER (hand-over confirmed by the police)" "$out"
check "show: a clock with its basis and due time" "立案审查期限 FILING_DECISION  国务院令第310号 第八条 3 日" "$out"
check "show: the clock met" "按时完成 MET" "$out"
check "show: the 移送书 among the materials, with its digest" "①移送书 REFERRAL_LETTER" "$out"
check "show: the letter's SHA-256" "$letter_sha" "$out"
check "show: the history has the receipt" "签收 received" "$out"
check "show: the history has the filing number" "通公（经）立字〔2026〕101号" "$out"
officer --output json referral show "$r1" | is_json
check_rc "referral show --output json parses" 0 $? ""

out=$(officer referral documents "$r1" 2>&1)
check "documents: the generated 回执" "回执 RECEIPT（系统生成 generated）" "$out"
out=$(officer referral documents "$r1" --kind referral-letter --download letters 2>&1)
check_rc "referral documents --download" 0 $? "$out"
check "download checks the digest" "SHA-256 与登记一致" "$out"
number=$(officer --output json referral show "$r1" | json 'd["referral_number"]')
text=$(pdftotext letters/涉嫌犯罪案件移送书-*.pdf - 2>&1)
check "the 移送书 PDF reads as a 移送书" "涉嫌犯罪案件移送书" "$text"
check "the 移送书 PDF carries its number $number" "$number" "$text"
officer --output json referral documents "$r1" | is_json
check_rc "referral documents --output json parses" 0 $? ""
out=$(officer referral list --state handed-over 2>&1)
check "referral list --state finds it" "$r1" "$out"

# --- Referral 2: the head refuses; reasons are required. ---
out=$(officer referral create "$case2" --member nt.officer --member nt.officer2 2>&1)
r2=$(referral_of "$out")
out=$(officer referral submit "$r2" --head nt.head --report report.pdf --offence 213 \
  --summary 涉嫌假冒注册商标 2>&1)
check "submit --report FILE uploads the report first" "Investigation report uploaded: $r2/documents/" "$out"
check "submit --report FILE: reported" "REPORTED" "$out"
out=$(head_ referral refuse "$r2" 2>&1)
check_rc "refuse without reasons exits 1" 1 $? "$out"
check "refuse: the reasons are named with their flag" "reasons (选项 / option --reasons)" "$out"
out=$(head_ referral refuse "$r2" --reasons 现有证据不足以认定涉嫌犯罪 2>&1)
check_rc "the head refuses with reasons" 0 $? "$out"
check "refuse: refused" "不批准移送 REFUSED" "$out"
check "refuse: nothing more is possible" "no act is possible" "$out"

# --- Referral 3: declined, reconsideration, declined again, supervision proposed. ---
refer_and_send() {
  local name
  name=$(referral_of "$(officer referral create "$1" --member nt.officer --member nt.officer2 2>&1)")
  officer referral submit "$name" --head nt.head --report report.pdf --offence 213 \
    --summary 涉嫌假冒注册商标 >/dev/null 2>&1
  head_ referral approve "$name" >/dev/null 2>&1
  officer referral transfer "$name" --police nt-psb \
    --no-inspection-reason 权利人鉴别意见已足以认定 >/dev/null 2>&1
  receiver police receive "$name" >/dev/null 2>&1
  echo "$name"
}
r3=$(refer_and_send "$case3")
out=$(officer referral show "$r3" 2>&1)
check "referral 3 is received by the police" "已签收 RECEIVED" "$out"
out=$(investigator police decline "$r3" 2>&1)
check_rc "decline without particulars exits 1" 1 $? "$out"
check "decline: the problems are counted" "the request has 2 problems" "$out"
check "decline: the notice number, with its flag" "notice_number (选项 / option --notice-number)" "$out"
check "decline: the reasons, with their flag" "reasons (选项 / option --reasons)" "$out"
out=$(investigator police decline "$r3" --notice-number "通公（经）不立字〔2026〕7号" \
  --reasons 现有证据不能证明非法经营数额达到追诉标准 \
  --law "中华人民共和国刑事诉讼法 第一百一十二条" --materials-returned 2>&1)
check_rc "police decline" 0 $? "$out"
check "decline: declined" "不予立案 DECLINED" "$out"
check "decline: the agency's reconsideration window runs" "提请复议" "$out"
out=$(officer referral reconsider "$r3" --reasons 权利人鉴别意见与价格认定足以证明非法经营数额 2>&1)
check_rc "referral reconsider" 0 $? "$out"
check "reconsider: requested" "RECONSIDERATION_REQUESTED" "$out"
out=$(investigator police reconsider "$r3" --outcome uphold \
  --decision-number "通公（经）复决字〔2026〕1号" --reasons 维持原不予立案决定 2>&1)
check_rc "police reconsider --outcome uphold" 0 $? "$out"
check "reconsider: the decline upheld" "复议维持不予立案 RECONSIDERATION_DECLINED" "$out"
out=$(officer referral supervise "$r3" --procuratorate nt-procuratorate \
  --reasons 复议决定仍维持不予立案，理由不能成立 2>&1)
check_rc "referral supervise" 0 $? "$out"
check "supervise: proposed to the procuratorate" "SUPERVISION_PROPOSED" "$out"

# --- Referral 4: filed, transferred back, acknowledged, the outcome reported. ---
r4=$(refer_and_send "$case4")
investigator police file "$r4" --decision-number "通公（经）立字〔2026〕104号" --charge 213 >/dev/null 2>&1
out=$(investigator police reverse "$r4" --basis too-minor --reasons 犯罪情节显著轻微，应予行政处罚 \
  --decision-number "通公（经）撤案字〔2026〕2号" 2>&1)
check_rc "police reverse" 0 $? "$out"
check "reverse: transferred back" "已反向移送 REVERSE_TRANSFERRED" "$out"
out=$(receiver referral acknowledge "$r4" 2>&1)
check_rc "the police may not acknowledge for the agency (exit 5)" 5 $? "$out"
check "the refusal names the state" "已反向移送 REVERSE_TRANSFERRED" "$out"
check "the refusal names the possible act" "cbctl referral acknowledge" "$out"
out=$(officer referral acknowledge "$r4" --note 已接收退回的案卷材料 2>&1)
check_rc "referral acknowledge" 0 $? "$out"
check "acknowledge: taken back" "REVERSE_ACKNOWLEDGED" "$out"
out=$(officer referral outcome "$r4" --kind not-penalised --summary 当事人违法行为轻微并及时纠正 2>&1)
check_rc "referral outcome" 0 $? "$out"
check "outcome: closed" "已报告行政处理结果 CLOSED_ADMINISTRATIVELY" "$out"

# --- Referral 5: withdrawn before transfer; then a wrong-state act. ---
out=$(officer referral create "$case5" --member nt.officer --member nt.officer2 2>&1)
r5=$(referral_of "$out")
out=$(officer referral withdraw "$r5" --reasons 案件事实需进一步查证 2>&1)
check_rc "referral withdraw" 0 $? "$out"
check "withdraw: withdrawn" "已撤回 WITHDRAWN" "$out"
out=$(officer referral transfer "$r5" --police nt-psb --no-inspection-reason 无 2>&1)
rc=$?
if [ "$rc" -ne 0 ]; then pass "no act on a withdrawn referral ($rc)"; else fail "withdrawn referral moved: $out"; fi
check "a wrong-state act names the state" "已撤回 WITHDRAWN" "$out"

out=$(officer --output json referral list 2>&1)
count=$(json 'len(d["referrals"])' <<<"$out")
check_rc "referral list --output json holds the five referrals" 5 "$count" "$out"

finish
