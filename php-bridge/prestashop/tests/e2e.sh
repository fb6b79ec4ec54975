#!/usr/bin/env bash
# End-to-end run against a real PrestaShop 8.2 (../shared/real-shops.md): installs the module zip
# (install, or upgrade when present), then drives B2B orders on account (passing, refused on the
# limit, failing the credit check), a full and a partial store-balance payment with a refund, a
# top-up, and a financing order INITIALIZED → ACCEPTED with the local fake provider (duplicate
# webhook), checking order states, payments, the books and the pages.
#
# Env: SC_PS_URL (e.g. http://127.0.0.1:8082; unset → skipped), SC_PS_DIR (the shop's folder),
#      SC_FAKE_URL (fake provider base URL; started on SC_FAKE_PORT, default 8092, when unset),
#      SC_PS_ZIP (default dist/shopcredit-prestashop-$VERSION.zip), SC_PS_CONSOLE_PHP (php flags
#      for bin/console, e.g. the doctor's ffi lines).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
if [ -z "${SC_PS_URL:-}" ]; then
  echo "prestashop e2e: skipped (set SC_PS_URL and SC_PS_DIR to a PrestaShop 8.2 shop; see ../shared/real-shops.md)"
  exit 0
fi
: "${SC_PS_DIR:?set SC_PS_DIR to the shop folder}"
zip="${SC_PS_ZIP:-$root/dist/shopcredit-prestashop-$(cat "$root/VERSION").zip}"
[ -f "$zip" ] || { echo "no $zip (run make dist)"; exit 1; }

fake_pid=""
cleanup() { [ -n "$fake_pid" ] && kill -- -"$fake_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${SC_FAKE_URL:-}" ]; then
  port="${SC_FAKE_PORT:-8092}"
  setsid "$root/php-bridge/fake-provider/serve.sh" "$port" "$(mktemp -u /tmp/sc-ps-fake-XXXX.json)" >/dev/null 2>&1 &
  fake_pid=$!
  export SC_FAKE_URL="http://127.0.0.1:$port"
  for _ in $(seq 50); do curl -sf "$SC_FAKE_URL/_fake/stats" >/dev/null && break; sleep 0.1; done
fi

echo "== install $(basename "$zip") into $SC_PS_DIR"
stage="$(mktemp -d)"
unzip -q "$zip" -d "$stage"
[ -d "$SC_PS_DIR/modules/shopcredit/var" ] && cp -r "$SC_PS_DIR/modules/shopcredit/var" "$stage/shopcredit/"
rm -rf "$SC_PS_DIR/modules/shopcredit" && mv "$stage/shopcredit" "$SC_PS_DIR/modules/shopcredit" && rm -rf "$stage"
action=install
if php "$here/e2e/shop.php" "$SC_PS_DIR" installed 2>/dev/null | grep -q '"installed":true'; then action=upgrade; fi
( cd "$SC_PS_DIR" && php ${SC_PS_CONSOLE_PHP:-} -d memory_limit=1G bin/console prestashop:module "$action" shopcredit -e prod | tail -2 )
rm -rf "$SC_PS_DIR/var/cache/prod"

export SC_PS_URL SC_PS_DIR SC_FAKE_URL SC_E2E_TAG="${SC_E2E_TAG:-$(date +%H%M%S)}"
# php -S / php-fpm with opcache.preload keep the old bridge classes: restart the web server after
# an upgrade (the doctor's report on the settings page says which runtime runs).
php "$here/e2e/run.php"
# After the sale: delivery confirmation and cancellations at the fake provider, reminders by the cron.
php "$here/e2e/aftersale.php"
# Orders of the module's earlier versions: adopted by their first event, or by the cron's batch.
php "$here/e2e/adoption.php" "$SC_PS_DIR"
