# The checks the cbctl shell tests share; sourced, not run. Each check prints "ok" or "FAILED" with
# what it saw; `finish` prints the count and fails the test when any check failed.
passed=0
failed=0

pass() {
  passed=$((passed + 1))
  echo "ok      $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAILED  $1"
}
# check WHAT EXPECTED OUTPUT: OUTPUT contains EXPECTED (a fixed string).
check() {
  if grep -qF -- "$2" <<<"$3"; then pass "$1"; else fail "$1: expected '$2' in:"$'\n'"$3"; fi
}
# check_rc WHAT EXPECTED ACTUAL OUTPUT
check_rc() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: exit code $3, expected $2:"$'\n'"$4"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
