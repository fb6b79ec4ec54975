#!/usr/bin/env bash
# Builds the storefront widget into js/dist/ (ignored by git; hosts get it via scripts/stage-bridge.sh):
#   shopcredit-widget.mjs   ES module (import { mount } ...)
#   shopcredit-widget.js    classic script that starts itself (window.shopcreditWidget / data-endpoint)
#   shopcredit-widget.css   the badge's reserved box, panel, preview and timeline styles
#   shopcredit_storefront_bg.wasm   the checkout preview's core (pkg-storefront/); the badge needs none
#   shopcredit-widget.d.ts  + types/   TypeScript declarations
#   shopcredit-chart.js, shopcredit-chart.css   the admin statistics chart (Chart.js) with its table of figures
# Incremental: does nothing when every output is newer than its inputs. Needs `make wasm` first.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin
out=js/dist
test -f pkg-storefront/shopcredit_storefront.js -a -f pkg-storefront/shopcredit_storefront_bg.wasm || { echo "widget: pkg-storefront/ is missing (make wasm)" >&2; exit 1; }
test -x $bin/esbuild -a -x $bin/tsc || { echo "widget: esbuild/tsc missing (scripts/setup.sh installs them)" >&2; exit 1; }

stamp=$out/.built
if [ -f "$stamp" ] && [ -z "$(find js/src js/build.sh js/tsconfig.json pkg-storefront/shopcredit_storefront.js pkg-storefront/shopcredit_storefront_bg.wasm -newer "$stamp" -print -quit)" ]; then
  echo "widget: up to date ($out)"
  exit 0
fi
start=$(date +%s%N)
# Built aside and swapped in, so a page or a test never sees a half-written dist.
tmp="$(mktemp -d "$out.tmp.XXXXXX")" && chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
# Type-check and emit declarations (esbuild only strips types).
$bin/tsc -p js/tsconfig.json --outDir "$tmp/types"
common=(--bundle --minify --target=es2020 --legal-comments=none --log-level=warning --charset=utf8)
$bin/esbuild js/src/index.ts "${common[@]}" --format=esm --outfile="$tmp/shopcredit-widget.mjs"
# The classic script passes the wasm URL explicitly, so the glue's import.meta default is never used.
$bin/esbuild js/src/auto.ts "${common[@]}" --format=iife --log-override:empty-import-meta=silent --outfile="$tmp/shopcredit-widget.js"
$bin/esbuild js/src/shopcredit-widget.css --minify --log-level=warning --outfile="$tmp/shopcredit-widget.css"
# The admin statistics chart (Chart.js's bar and line parts, tree-shaken) for both hosts' back offices.
$bin/esbuild js/src/admin/chart-auto.ts "${common[@]}" --format=iife --outfile="$tmp/shopcredit-chart.js"
$bin/esbuild js/src/admin/shopcredit-chart.css --minify --log-level=warning --outfile="$tmp/shopcredit-chart.css"
cp pkg-storefront/shopcredit_storefront_bg.wasm "$tmp/"
printf "export * from './types/index';\n" > "$tmp/shopcredit-widget.d.ts"
touch "$tmp/.built"
old="$out.old.$$"
if [ -d "$out" ]; then mv -T "$out" "$old"; fi
mv -T "$tmp" "$out"
rm -rf "$old"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
gz() { gzip -9c "$1" | wc -c; }
echo "widget: $out in ${ms} ms — shopcredit-widget.mjs $(stat -c %s $out/shopcredit-widget.mjs) B ($(gz $out/shopcredit-widget.mjs) gz), shopcredit-widget.js $(stat -c %s $out/shopcredit-widget.js) B ($(gz $out/shopcredit-widget.js) gz), css $(gz $out/shopcredit-widget.css) gz, wasm $(stat -c %s $out/shopcredit_storefront_bg.wasm) B ($(gz $out/shopcredit_storefront_bg.wasm) gz), chart $(stat -c %s $out/shopcredit-chart.js) B ($(gz $out/shopcredit-chart.js) gz)"
