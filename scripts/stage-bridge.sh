#!/usr/bin/env bash
# Copies what a host package needs from the bridge into DEST (the host's `shopcredit/bridge/`):
#   DEST/src/            the ShopCredit\ PHP namespace (runtime, storage, services)
#   DEST/bin/, preload/  the doctor CLI and the opcache preload script + header template
#   DEST/lib/shopcredit_host.wasm     the zero-import core (wasmtime runtime)
#   DEST/lib/*.php       the generated-PHP core when it is built (runtime for hosts without FFI)
#   DEST/.htaccess       Apache deny rules for the whole bridge folder
#   DEST/../assets/widget/            the storefront widget (js/dist) when it is built
# Usage: scripts/stage-bridge.sh DEST   (run `make wasm` / `make widget` / `make php-runtime` first)
# Each host's build-zip.sh then puts its own index.php (its convention) into every folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:?usage: stage-bridge.sh DEST}"
test -f build/shopcredit_host.wasm || { echo "stage-bridge: build/shopcredit_host.wasm missing (make wasm)" >&2; exit 1; }
mkdir -p "$dest/lib"
cp -r php-bridge/src php-bridge/bin php-bridge/preload "$dest/"
cp build/shopcredit_host.wasm "$dest/lib/"
# Nothing under bridge/ is for browsers (Apache; nginx needs the README's location rule): the
# generated core and the preload script also refuse a direct request themselves.
php -r 'require "php-bridge/src/Runtime/WebDeny.php"; file_put_contents($argv[1], ShopCredit\Runtime\WebDeny::HTACCESS);' "$dest/.htaccess"
# The generated-PHP core (issue 7), when this build has it.
for f in build/php-runtime/*.php; do [ -f "$f" ] && cp "$f" "$dest/lib/"; done
# The storefront widget (issue 6), when this build has it.
if [ -d js/dist ]; then mkdir -p "$dest/../assets/widget" && cp -r js/dist/. "$dest/../assets/widget/"; fi
