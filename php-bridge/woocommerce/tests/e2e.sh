#!/usr/bin/env bash
# End-to-end run of the plugin in a real WordPress + WooCommerce (see e2e.php for what it does).
# Skipped unless SC_WC_URL points at a shop with the plugin installed and active, e.g.
#   SC_WC_URL=http://127.0.0.1:8081 SC_FAKE_URL=http://127.0.0.1:8091 php-bridge/woocommerce/tests/e2e.sh
set -euo pipefail
if [ -z "${SC_WC_URL:-}" ]; then
  echo "woocommerce e2e: skipped (set SC_WC_URL to a WordPress 7 + WooCommerce 11 shop with the plugin active; ../shared/real-shops.md)"
  exit 0
fi
exec php "$(dirname "$0")/e2e.php"
