#!/usr/bin/env bash
# Builds dist/shopcredit-prestashop-$SC_VERSION.zip (one top folder `shopcredit/`): the module,
# and the bridge (scripts/stage-bridge.sh: PHP sources, doctor, preload, the host-ABI wasm, the
# generated-PHP core and the storefront widget when built). Called by `make dist` with SC_ROOT,
# SC_VERSION, SC_DIST.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SC_ROOT="${SC_ROOT:-$(cd "$here/../.." && pwd)}"
SC_VERSION="${SC_VERSION:-$(cat "$SC_ROOT/VERSION")}"
SC_DIST="${SC_DIST:-$SC_ROOT/dist}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/shopcredit" "$SC_DIST"
( cd "$here/shopcredit" && tar --exclude=assets/widget --exclude=bridge --exclude=var -cf - . ) | tar -xf - -C "$stage/shopcredit"
"$SC_ROOT/scripts/stage-bridge.sh" "$stage/shopcredit/bridge"
# The package's version is the repository's (PrestaShop reads it from the class and config.xml;
# upgrade/ scripts run when it grows).
sed -i -E "s/(\\\$this->version = ')[^']*(';)/\1$SC_VERSION\2/" "$stage/shopcredit/shopcredit.php"
sed -i -E "s#<version><!\[CDATA\[[^]]*\]\]></version>#<version><![CDATA[$SC_VERSION]]></version>#" "$stage/shopcredit/config.xml"
# No folder listing anywhere (PrestaShop convention: the same index.php in every folder).
find "$stage/shopcredit" -type d -exec sh -c 'for d; do [ -f "$d/index.php" ] || cp "$0" "$d/index.php"; done' "$here/shopcredit/index.php" {} +

zip="$SC_DIST/shopcredit-prestashop-$SC_VERSION.zip"
rm -f "$zip"
( cd "$stage" && find shopcredit -type f | LC_ALL=C sort | zip -q -X "$zip" -@ )
echo "build-zip: $zip ($(du -h "$zip" | cut -f1), $(unzip -Z1 "$zip" | wc -l) files)"
