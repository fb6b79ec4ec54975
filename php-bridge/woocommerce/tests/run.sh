#!/usr/bin/env bash
# The WooCommerce plugin's CI suite (make test runs it after make dist):
#   1. php -l on every PHP file of the plugin and its tools
#   2. PHPUnit: the adapter's own code (amounts, statuses, availability, REST permissions, request builders)
#   3. the block-checkout script builds, with wp.*/wc.* left as globals, and its .asset.php
#   4. the zip's tree (one top folder shopcredit/, header, bridge, wasm, blocks script, .mo files)
# The real-shop run is e2e.sh (skipped without SC_WC_URL).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
wc="$(cd "$here/.." && pwd)"
root="$(cd "$wc/../.." && pwd)"
fail=0
step() { printf '\n== %s\n' "$*"; }

step "php -l"
n=0
while IFS= read -r f; do
  php -l "$f" >/dev/null || { echo "lint failed: $f"; fail=1; }
  n=$((n + 1))
done < <(find "$wc/shopcredit" "$wc/tools" "$here" -name '*.php' -not -path '*/assets/widget/*' | sort)
echo "$n files linted"

step "phpunit (adapter)"
phpunit -c "$here/unit/phpunit.xml" || fail=1

step "translations"
php "$wc/tools/check-po.php" "$wc/shopcredit/languages" || fail=1

step "blocks script"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$wc/build-blocks.sh" "$tmp"
js="$tmp/shopcredit-blocks.js"
grep -q 'registerPaymentMethod' "$js" || { echo "no registerPaymentMethod in the bundle"; fail=1; }
grep -q 'wcBlocksRegistry' "$js" || { echo "the registry is not read from window.wc"; fail=1; }
grep -q 'extensionCartUpdate' "$js" || { echo "no partial-balance choice"; fail=1; }
if grep -q 'createElement=function\|react.production' "$js"; then echo "React got bundled (must stay the wp.element global)"; fail=1; fi
php -r '$a = require $argv[1]; foreach (["wc-blocks-registry","wc-settings","wp-element","wp-html-entities"] as $d) { if (!in_array($d, $a["dependencies"], true)) { fwrite(STDERR, "missing dependency $d\n"); exit(1); } } echo "asset: ", implode(", ", $a["dependencies"]), " v", $a["version"], "\n";' "$tmp/shopcredit-blocks.asset.php" || fail=1
node -e '
  // The bundle registers one method per shopcredit_* entry of the server data, and nothing else.
  const registered = []; const plugins = [];
  global.window = { wc: { wcBlocksRegistry: { registerPaymentMethod: (m) => registered.push(m) },
    wcSettings: { getSetting: (k) => k === "paymentMethodData" ? {
      shopcredit_account: { name: "shopcredit_account", title: "Pay on account", available: true, listed: true, figure: "260.00", currency: "EUR", method: "credit_line", i18n: {}, supports: ["products","refunds"] },
      shopcredit_balance: { name: "shopcredit_balance", title: "Store balance", available: false, listed: false, reasons: "", figure: "0.00", currency: "EUR", method: "wallet_full", i18n: {} },
      cheque: { title: "Check" } } : {} },
    blocksCheckout: { ExperimentalDiscountsMeta: function () {}, extensionCartUpdate: () => Promise.resolve() } },
    wp: { element: { createElement: (t, p, ...c) => ({ t, p, c }), useState: (v) => [v, () => {}] }, htmlEntities: { decodeEntities: (s) => s }, plugins: { registerPlugin: (n) => plugins.push(n) } } };
  global.document = { documentElement: { lang: "fr" } };
  require(process.argv[1]);
  const names = registered.map((m) => m.name).sort().join(",");
  if (names !== "shopcredit_account,shopcredit_balance") { console.error("registered: " + names); process.exit(1); }
  const byName = Object.fromEntries(registered.map((m) => [m.name, m]));
  if (byName.shopcredit_account.canMakePayment() !== true || byName.shopcredit_balance.canMakePayment() !== false) { console.error("canMakePayment does not follow the core"); process.exit(1); }
  // Live: the cart as it is now; a method shown disabled stays listed (its content says why).
  const live = { cart: { extensions: { shopcredit: { methods: { shopcredit_account: { available: false, listed: false }, shopcredit_balance: { available: false, listed: true, reasons: "The balance does not cover the amount." } } } } } };
  if (byName.shopcredit_account.canMakePayment(live) !== false || byName.shopcredit_balance.canMakePayment(live) !== true) { console.error("canMakePayment does not read the cart as it is now"); process.exit(1); }
  if (plugins.join() !== "shopcredit-partial-balance") { console.error("partial-balance plugin not registered"); process.exit(1); }
  console.log("bundle registers " + names + ", lists a method shown disabled, and the partial-balance choice");
' "$js" || fail=1

step "zip tree"
zip="${SC_DIST:-$root/dist}/shopcredit-woocommerce-$(cat "$root/VERSION").zip"
if [ ! -f "$zip" ]; then
  echo "no $zip (run make dist first)"; fail=1
else
  list="$(unzip -Z1 "$zip")"
  tops="$(printf '%s\n' "$list" | cut -d/ -f1 | sort -u)"
  [ "$tops" = "shopcredit" ] || { echo "top folders: $tops"; fail=1; }
  for f in shopcredit/shopcredit.php shopcredit/uninstall.php shopcredit/includes/Plugin.php shopcredit/includes/Gateway/CreditLineGateway.php \
           shopcredit/includes/Blocks/WalletBlock.php shopcredit/assets/build/shopcredit-blocks.js shopcredit/assets/build/shopcredit-blocks.asset.php \
           shopcredit/languages/shopcredit.pot shopcredit/languages/shopcredit-fr_FR.mo shopcredit/languages/shopcredit-fr_FR.l10n.php \
           shopcredit/bridge/src/Service/ShopCredit.php shopcredit/bridge/lib/shopcredit_host.wasm shopcredit/bridge/bin/shopcredit \
           shopcredit/bridge/preload/preload.php shopcredit/templates/checkout/partial-balance.php; do
    # Not `printf | grep -q`: grep stops at the first match and, under pipefail, printf's SIGPIPE failed the check.
    grep -qxF "$f" <<<"$list" || { echo "missing in zip: $f"; fail=1; }
  done
  if printf '%s\n' "$list" | grep -E '/(tests|node_modules|\.git)/|assets/src/.*\.map$'; then echo "dev files in the zip"; fail=1; fi
  # English words are the plugin's own: a catalogue of them would only be parsed on every request.
  if printf '%s\n' "$list" | grep -E 'languages/shopcredit-en_US\.(mo|l10n\.php)$'; then echo "an English catalogue in the zip"; fail=1; fi
  # WordPress 6.5+ reads the .l10n.php first: it must hold the French catalogue's every message, keyed as WordPress keys a .mo.
  unzip -p "$zip" shopcredit/languages/shopcredit-fr_FR.l10n.php > "$tmp/fr.l10n.php"
  php -r 'require $argv[1]; $l10n = require $argv[2]; $want = [];
    foreach (parse_po($argv[3]) as $k => $v) { if ($k !== "") { $want[explode("\0", (string) $k)[0]] = $v; } }
    ksort($want, SORT_STRING); $got = $l10n["messages"] ?? [];
    if ($got !== $want || ($l10n["plural-forms"] ?? "") === "") { fwrite(STDERR, "fr_FR.l10n.php: " . count($got) . " messages, the .po has " . count($want) . "\n"); exit(1); }
    echo "fr_FR.l10n.php: ", count($got), " messages, plural forms ", $l10n["plural-forms"], "\n";' \
    "$wc/tools/po.php" "$tmp/fr.l10n.php" "$wc/shopcredit/languages/shopcredit-fr_FR.po" || fail=1
  header="$(unzip -p "$zip" shopcredit/shopcredit.php | head -20)"
  for h in 'Requires at least: *6.4' 'Requires PHP: *8.1' 'WC requires at least: *8.0' 'WC tested up to: *11.0' "Version: *$(cat "$root/VERSION")" 'Text Domain: *shopcredit'; do
    printf '%s\n' "$header" | grep -Eq "$h" || { echo "plugin header lacks: $h"; fail=1; }
  done
  unzip -p "$zip" shopcredit/shopcredit.php | grep -q "declare_compatibility( 'custom_order_tables'" || { echo "HPOS compatibility not declared"; fail=1; }
  unzip -p "$zip" shopcredit/shopcredit.php | grep -q "declare_compatibility( 'cart_checkout_blocks'" || { echo "blocks compatibility not declared"; fail=1; }
  # HPOS: order data only through the CRUD, never post meta.
  if unzip -p "$zip" 'shopcredit/includes/*' | grep -nE 'get_post_meta|update_post_meta|add_post_meta|delete_post_meta|\$wpdb->(posts|postmeta)'; then echo "post meta used"; fail=1; fi
  echo "$(printf '%s\n' "$list" | wc -l) files under shopcredit/"
fi

[ "$fail" -eq 0 ] && echo "woocommerce: all checks passed" || echo "woocommerce: FAILED"
exit "$fail"
