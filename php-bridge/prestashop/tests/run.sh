#!/usr/bin/env bash
# The PrestaShop module's CI suite (make test runs it after make dist):
#   1. php -l on every PHP file of the module and its tests
#   2. PHPUnit: the adapter's own code (amounts, state mapping, request builders, availability,
#      cron token, summary payload, install defaults, settings form) and the shapes it sends
#      through the real bridge (SQLite in memory)
#   3. the zip's tree (one top folder shopcredit/, module class, config.xml, logo, controllers,
#      templates, mails en+fr, translations, upgrade/, index.php in every folder, bridge, wasm)
# The real-shop run is e2e.sh (skipped without SC_PS_URL).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ps="$(cd "$here/.." && pwd)"
root="$(cd "$ps/../.." && pwd)"
fail=0
step() { printf '\n== %s\n' "$*"; }

step "php -l"
n=0
while IFS= read -r f; do
  php -l "$f" >/dev/null || { echo "lint failed: $f"; fail=1; }
  n=$((n + 1))
done < <(find "$ps/shopcredit" "$here" -name '*.php' -not -path '*/assets/widget/*' | sort)
echo "$n files linted"

step "phpunit (adapter)"
phpunit -c "$here/unit/phpunit.xml" || fail=1

step "templates and translations"
php "$here/check-templates.php" "$ps/shopcredit" || fail=1

step "zip tree"
zip="${SC_DIST:-$root/dist}/shopcredit-prestashop-$(cat "$root/VERSION").zip"
if [ ! -f "$zip" ]; then
  echo "no $zip (run make dist first)"; fail=1
else
  list="$(unzip -Z1 "$zip")"
  tops="$(printf '%s\n' "$list" | cut -d/ -f1 | sort -u)"
  [ "$tops" = "shopcredit" ] || { echo "top folders: $tops"; fail=1; }
  for f in shopcredit/shopcredit.php shopcredit/config.xml shopcredit/logo.png shopcredit/index.php \
           shopcredit/controllers/front/account.php shopcredit/controllers/front/balance.php shopcredit/controllers/front/partial.php \
           shopcredit/controllers/front/financing.php shopcredit/controllers/front/financingreturn.php shopcredit/controllers/front/webhook.php \
           shopcredit/controllers/front/cron.php shopcredit/controllers/front/summary.php shopcredit/controllers/front/credit.php shopcredit/controllers/front/wallet.php \
           shopcredit/controllers/admin/AdminShopCreditController.php \
           shopcredit/views/templates/hook/payment_option.tpl shopcredit/views/templates/admin/settings.tpl \
           shopcredit/translations/fr.php shopcredit/translations/en.php \
           shopcredit/mails/en/credit_check_failed_customer.html shopcredit/mails/fr/credit_check_failed_customer.txt \
           shopcredit/bridge/src/Service/ShopCredit.php shopcredit/bridge/src/autoload.php shopcredit/bridge/lib/shopcredit_host.wasm \
           shopcredit/bridge/bin/shopcredit shopcredit/bridge/preload/preload.php; do
    grep -qx "$f" <<<"$list" || { echo "missing in zip: $f"; fail=1; }
  done
  ls "$ps/shopcredit/upgrade"/upgrade-*.php >/dev/null 2>&1 || { echo "no upgrade script"; fail=1; }
  # index.php in every folder (PrestaShop refuses listing; its validator checks it).
  missing="$(printf '%s\n' "$list" | grep '/' | sed 's#/[^/]*$##' | sort -u | while read -r d; do grep -qx "$d/index.php" <<<"$list" || echo "$d"; done)"
  [ -z "$missing" ] || { echo "folders without index.php:"; echo "$missing"; fail=1; }
  if printf '%s\n' "$list" | grep -E '/(tests|node_modules|\.git)/'; then echo "dev files in the zip"; fail=1; fi
  # Here-strings, not pipes into grep -q: under pipefail an early grep exit fails the writer.
  main="$(unzip -p "$zip" shopcredit/shopcredit.php)"
  grep -q "class Shopcredit extends PaymentModule" <<<"$main" || { echo "main class missing"; fail=1; }
  grep -q "\$this->version = '$(cat "$root/VERSION")'" <<<"$main" || { echo "module version is not VERSION"; fail=1; }
  grep -q "<name>shopcredit</name>" <<<"$(unzip -p "$zip" shopcredit/config.xml)" || { echo "config.xml name"; fail=1; }
  echo "$(printf '%s\n' "$list" | wc -l) files under shopcredit/"
fi

[ "$fail" -eq 0 ] && echo "prestashop: all checks passed" || echo "prestashop: FAILED"
exit "$fail"
