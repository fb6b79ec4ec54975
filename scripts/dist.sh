#!/usr/bin/env bash
# Builds every host package into dist/: each host folder php-bridge/<host>/ owns a build-zip.sh
# that is called with SC_ROOT (repo root), SC_VERSION (from VERSION) and SC_DIST (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
export SC_ROOT="$PWD" SC_VERSION="$(cat VERSION)" SC_DIST="$PWD/dist"
mkdir -p dist
built=0
for host in prestashop woocommerce; do
  if [ -x "php-bridge/$host/build-zip.sh" ]; then
    "php-bridge/$host/build-zip.sh"
    built=$((built + 1))
  else
    echo "dist: $host skipped (php-bridge/$host/build-zip.sh not present)"
  fi
done
ls -l dist/*.zip 2>/dev/null || true
