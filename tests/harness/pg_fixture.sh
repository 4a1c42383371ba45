#!/usr/bin/env bash
# ctest fixture: starts (start DIR) or removes (stop DIR) the throwaway PostgreSQL cluster and
# certificates that the integration and end-to-end tests share.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
action="$1"
dir="$2"

case "$action" in
  start)
    if [ -f "$dir/pg/port" ] && "$here/deploy/postgres/cluster.sh" status "$dir/pg" >/dev/null 2>&1; then
      "$here/deploy/postgres/cluster.sh" stop "$dir/pg" || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    # A free port, chosen by the kernel.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    CASEBRIDGE_PG_FAST=1 "$here/deploy/postgres/cluster.sh" start "$dir/pg" "$port" >/dev/null
    "$here/deploy/postgres/bootstrap.sh" "$dir/pg" "$dir/secrets" >/dev/null
    "$here/deploy/pki.sh" "$dir/pki" >/dev/null
    echo "throwaway PostgreSQL ready on 127.0.0.1:$port in $dir"
    ;;
  stop)
    if [ -d "$dir/pg" ]; then "$here/deploy/postgres/cluster.sh" stop "$dir/pg" || true; fi
    rm -rf "$dir"
    echo "throwaway PostgreSQL removed"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
