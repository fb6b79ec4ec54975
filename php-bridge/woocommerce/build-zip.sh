#!/usr/bin/env bash
# Builds dist/shopcredit-woocommerce-$SC_VERSION.zip (one top folder `shopcredit/`): the plugin,
# its block-checkout script, compiled translations, and the bridge (scripts/stage-bridge.sh:
# PHP sources, doctor, preload, the host-ABI wasm, the generated-PHP core and the storefront
# widget when built). Called by `make dist` with SC_ROOT, SC_VERSION, SC_DIST.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SC_ROOT="${SC_ROOT:-$(cd "$here/../.." && pwd)}"
SC_VERSION="${SC_VERSION:-$(cat "$SC_ROOT/VERSION")}"
SC_DIST="${SC_DIST:-$SC_ROOT/dist}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/shopcredit" "$SC_DIST"
( cd "$here/shopcredit" && tar --exclude=assets/build --exclude=assets/widget --exclude='*.mo' -cf - . ) | tar -xf - -C "$stage/shopcredit"
"$here/build-blocks.sh" "$stage/shopcredit/assets/build"
php "$here/tools/compile-mo.php" "$stage/shopcredit/languages"
"$SC_ROOT/scripts/stage-bridge.sh" "$stage/shopcredit/bridge"
# The package's version is the repository's.
sed -i -E "s/^( \* Version: +).*/\1$SC_VERSION/; s/define\( 'SHOPCREDIT_WC_VERSION', '[^']*' \)/define( 'SHOPCREDIT_WC_VERSION', '$SC_VERSION' )/" "$stage/shopcredit/shopcredit.php"
# No folder listing anywhere (WordPress convention: an index.php in each folder).
find "$stage/shopcredit" -type d -exec sh -c 'for d; do [ -f "$d/index.php" ] || printf "%s\n" "<?php" "// Silence is golden." > "$d/index.php"; done' _ {} +

zip="$SC_DIST/shopcredit-woocommerce-$SC_VERSION.zip"
rm -f "$zip"
( cd "$stage" && find shopcredit -type f | LC_ALL=C sort | zip -q -X "$zip" -@ )
echo "build-zip: $zip ($(du -h "$zip" | cut -f1), $(unzip -Z1 "$zip" | wc -l) files)"
