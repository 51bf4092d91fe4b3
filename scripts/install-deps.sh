#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only those that are missing.
# Usage: install-deps.sh [build|test]   (test adds what the test suite and benchmarks use)
set -euo pipefail
profile=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t packages < <(awk -v p="$profile" '
    /^#/ || NF == 0 { next }
    $1 == "build" || (p == "test" && $1 == "test") { print $2 }' "$here/packages.txt")

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
