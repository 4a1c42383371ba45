#!/usr/bin/env bash
# Installs every package CaseBridge needs to build, test and run; does nothing when all are present.
set -euo pipefail

DEBIAN_PACKAGES=(
  build-essential cmake pkg-config ninja-build
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev grpc-proto
  libpqxx-dev libpq-dev libssl-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev
  postgresql-15 postgresql-contrib
  openssl ca-certificates
  python3 python3-grpcio python3-protobuf
  golang-github-gogo-googleapis-dev  # google/rpc/{status,error_details}.proto
  poppler-utils                                  # pdftotext, to check generated PDFs
  libcairo2-dev libpango1.0-dev fonts-noto-cjk   # referral letters and receipts as PDF
)
# npm runs buf (the protobuf linter); a machine with its own Node.js keeps it.
if ! command -v npm >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  log="$(mktemp -t casebridge-apt.XXXXXX)"
  if ! { "${sudo_cmd[@]}" apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
           "${missing[@]}"; } >"$log" 2>&1; then
    echo "Installing packages failed; the end of apt-get's output ($log):" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  rm -f "$log"
  echo "Installed ${#missing[@]} package(s)."
fi

# buf (protobuf linter) from npm, kept inside the project tree.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$here/tools/node_modules/.bin/buf" ]; then
  echo "Installing buf into tools/node_modules"
  (cd "$here/tools" && npm install --no-audit --no-fund --loglevel=error)
fi
