#!/usr/bin/env bash
# Plugin overhead in real shops (issue 15's figure: a WooCommerce checkout page ≤ +3 ms against the
# plugin deactivated, in the same run; PrestaShop too). For each shop given: a probe is written into
# the shop (a WordPress must-use plugin / PrestaShop's config/defines_custom.inc.php, removed at the
# end), a fresh customer with a credit line and a store balance fills a cart, and rounds alternate
# the plugin on and off while each page is requested SC_OVERHEAD_REQUESTS times per round; each
# request's CPU time is measured inside PHP (wall time means nothing on a loaded machine). The shop
# is left with the plugin active. Not part of `make test`; exits non-zero only when a shop fails.
#
# Env: SC_WC_URL + SC_WC_DIR (WordPress folder), SC_PS_URL + SC_PS_DIR (PrestaShop folder); either
#      pair, or both. `eval "$(/work/shops/shops.sh env DIR)"` sets them for a /work/shops pair
#      (../shared/real-shops.md). SC_WC_PRODUCT_ID (default 10), SC_PS_PRODUCT_ID (default 1),
#      SC_OVERHEAD_ROUNDS (default 4), SC_OVERHEAD_REQUESTS (default 20), SC_OVERHEAD_HOSTS (wc,ps),
#      SC_OVERHEAD_PHP (php flags for the helpers run inside the shop, default -d ffi.enable=1).
# Which runtime the shop runs is the web server's choice (FFI on: wasmtime; off: the generated PHP
# core); the report prints the server's ffi.enable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${SC_WC_URL:-}" ] && [ -z "${SC_PS_URL:-}" ]; then
  echo "shop overhead: skipped (set SC_WC_URL and SC_WC_DIR, and/or SC_PS_URL and SC_PS_DIR, to real shops with the plugin installed; ../shared/real-shops.md)"
  exit 0
fi
if [ -n "${SC_WC_URL:-}" ] && [ ! -f "${SC_WC_DIR:-}/wp-load.php" ]; then
  echo "shop overhead: SC_WC_DIR must be the WordPress folder of $SC_WC_URL" >&2; exit 2
fi
if [ -n "${SC_PS_URL:-}" ] && [ ! -f "${SC_PS_DIR:-}/config/config.inc.php" ]; then
  echo "shop overhead: SC_PS_DIR must be the PrestaShop folder of $SC_PS_URL" >&2; exit 2
fi
exec php "$here/shop-overhead/run.php"
