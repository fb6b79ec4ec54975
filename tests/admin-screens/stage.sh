#!/usr/bin/env bash
# Stages one host double under $1: the seeded books (books.sqlite), empty options, and the plugin
# folder as the host would have it (its own files plus the built widget under assets/widget).
#   stage.sh <var dir> woocommerce|prestashop
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
  prestashop)
    src="$root/php-bridge/prestashop/shopcredit"
    mkdir -p "$var/module/assets" "$var/smarty"
    for part in src views controllers config.xml logo.png; do ln -sfn "$src/$part" "$var/module/$part"; done
    ln -sfn "$root/js/dist" "$var/module/assets/widget"
    php "$root/tests/admin-screens/shop.php" "$var/books.sqlite" ps-c ps-shipped
    php -r 'require $argv[1]; require $argv[2]; PsDouble::seedHost($argv[3]);' "$root/tests/admin-screens/shop.php" "$root/tests/admin-screens/prestashop/prestashop.php" "$var/host.sqlite"
    echo '{}' >"$var/configuration.json"
    ;;
  *) echo "stage.sh: unknown host $host" >&2; exit 2 ;;
esac
