#!/usr/bin/env bash
# Stages one host double under $1: the seeded books (books.sqlite), empty options, and the plugin
# folder as the host would have it (its own files plus the built widget under assets/widget).
#   stage.sh <var dir> woocommerce
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
var="$1"
host="$2"
mkdir -p "$var"
case "$host" in
  woocommerce)
    src="$root/php-bridge/woocommerce/shopcredit"
    mkdir -p "$var/plugin/assets"
    ln -sfn "$src/includes" "$var/plugin/includes"
    ln -sfn "$src/templates" "$var/plugin/templates"
    ln -sfn "$src/assets/admin" "$var/plugin/assets/admin"
    ln -sfn "$root/js/dist" "$var/plugin/assets/widget"
    php "$root/tests/admin-screens/shop.php" "$var/books.sqlite" wc- wc-completed
    echo '{}' >"$var/options.json"
    ;;
  *) echo "stage.sh: unknown host $host" >&2; exit 2 ;;
esac
