#!/usr/bin/env bash
# Takes the README's screenshots (docs/*.png) from the demo shop in headless Chromium: a fresh
# demo on a free port, Acme's checkout with the badge and the preview, the back office refusing a
# payment typed with three decimals. Needs `make wasm widget`; stops the demo when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
var="$(mktemp -d /tmp/shopcredit-shots-XXXXXX)"
port="$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);')"
demo_pid=""
stop() {
  if [ -n "$demo_pid" ]; then kill -TERM "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
  rm -rf "$var"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
DEMO_PORT="$port" DEMO_VAR="$var/demo" demo/serve.sh >"$var/serve.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 150); do grep -q '^demo: ready' "$var/serve.log" && break; sleep 0.2; done
grep -q '^demo: ready' "$var/serve.log" || { cat "$var/serve.log" >&2; exit 1; }
DEMO_URL="http://127.0.0.1:$port" node --input-type=module - <<'JS'
import { chromium } from 'playwright-core';
const BASE = process.env.DEMO_URL;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
await context.addCookies([{ name: 'demo_customer', value: '7', url: BASE }]);
const page = await context.newPage();
await page.goto(`${BASE}/checkout?product=furniture`);
await page.waitForSelector('[data-shopcredit-checkout][data-sc-state="ready"]');
await page.waitForSelector('[data-shopcredit-badge][data-sc-state="ready"]');
await page.screenshot({ path: 'docs/checkout.png' });
await page.check('#m-credit_line');
await Promise.all([page.waitForNavigation(), page.click('#place-order')]);
await page.goto(`${BASE}/admin#receivables`);
await page.fill('tr[data-receivable] input[name="amount"]', '10.005');
await Promise.all([page.waitForNavigation(), page.click('tr[data-receivable] button:has-text("Record payment")')]);
await page.locator('#receivables').screenshot({ path: 'docs/back-office.png' });
await browser.close();
JS
ls -l docs/*.png
