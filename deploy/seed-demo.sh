#!/usr/bin/env bash
# Creates the demo organisations and users of the embedded deployment through cbctl, as an
# administrator would: two cities (南通 320600, 苏州 320500) and the provincial procuratorate.
set -euo pipefail
var="$1"
endpoint="$2"
cbctl="${CASEBRIDGE_CBCTL:-cbctl}"
export CBCTL_CONFIG="$var/run/seed-cbctl.json"
rm -f "$CBCTL_CONFIG"

demo_password_file="$var/secrets/demo-users.password"
if [ ! -s "$demo_password_file" ]; then
  (umask 077; printf 'demo-%s\n' "$(openssl rand -hex 6)" >"$demo_password_file")
fi
demo_password="$(cat "$demo_password_file")"

"$cbctl" login --endpoint "$endpoint" --ca-file "$var/pki/ca.crt" --user admin --password-stdin \
  <"$var/secrets/admin.password" >/dev/null

org() { "$cbctl" org add --id "$1" --name "$2" --kind "$3" --region "$4" ${5:+--domain "$5"} >/dev/null; }
user() {
  local id="$1" name="$2" org="$3"
  shift 3
  local roles=()
  for r in "$@"; do roles+=(--role "$r"); done
  printf '%s\n' "$demo_password" | "$cbctl" user add --id "$id" --name "$name" --org "$org" \
    "${roles[@]}" --password-stdin >/dev/null
}

for city in nt sz; do
  if [ "$city" = nt ]; then c=南通; region=320600; else c=苏州; region=320500; fi
  org "$city-amr" "${c}市市场监督管理局" agency "$region" market-regulation
  org "$city-psb" "${c}市公安局" police "$region"
  org "$city-jcy" "${c}市人民检察院" procuratorate "$region"
  org "$city-dbb" "${c}市打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室" coordination "$region"
done
org js-jcy "江苏省人民检察院" procuratorate 320000

user nt.officer "张伟" nt-amr officer
user nt.officer2 "李强" nt-amr officer
user nt.head "王建国" nt-amr agency-head
user nt.receiver "刘洋" nt-psb police-receiver
user nt.investigator "陈明" nt-psb police-investigator
user nt.procurator "杨静" nt-jcy procurator
user nt.coordinator "赵敏" nt-dbb coordinator
user sz.officer "周杰" sz-amr officer
user sz.officer2 "吴磊" sz-amr officer
user sz.head "徐国强" sz-amr agency-head
user sz.receiver "孙浩" sz-psb police-receiver
user sz.investigator "马超" sz-psb police-investigator
user sz.procurator "胡娟" sz-jcy procurator
user sz.coordinator "郭婷" sz-dbb coordinator
user js.procurator "林芳" js-jcy procurator

"$cbctl" logout >/dev/null
rm -f "$CBCTL_CONFIG"
echo "Demo data created: 9 organisations, 15 users."
