#!/usr/bin/env bash
# Builds the block-checkout script: assets/src/blocks.js → assets/build/shopcredit-blocks.js and
# its .asset.php (the WordPress script handles it needs; wp.* and wc.* are globals, not bundled).
# Usage: build-blocks.sh [OUT_DIR]   (default: shopcredit/assets/build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/shopcredit/assets/build}"
esbuild="$root/node_modules/.bin/esbuild"
[ -x "$esbuild" ] || { echo "build-blocks: $esbuild missing (run scripts/setup.sh)" >&2; exit 1; }
mkdir -p "$out"
"$esbuild" "$here/shopcredit/assets/src/blocks.js" --bundle --format=iife --target=es2019 --minify --log-level=warning \
  --outfile="$out/shopcredit-blocks.js"
version="$(sha256sum "$out/shopcredit-blocks.js" | cut -c1-20)"
cat >"$out/shopcredit-blocks.asset.php" <<PHP
<?php return array('dependencies' => array('wc-blocks-registry', 'wc-settings', 'wc-blocks-checkout', 'wp-element', 'wp-html-entities', 'wp-plugins'), 'version' => '$version');
PHP
echo "build-blocks: $out/shopcredit-blocks.js ($(wc -c <"$out/shopcredit-blocks.js") bytes)"
