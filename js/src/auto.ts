// Classic-script entry (shopcredit-widget.js, e.g. WordPress's wp_enqueue_script): starts itself
// from `window.shopcreditWidget` ({endpoint, nonce?, locale?, wasmUrl?}) or from the script tag's
// data-endpoint / data-locale, and exposes `window.ShopCredit` for hosts (refresh, preview).
import { ShopCreditWidget, type WidgetOptions } from './widget';
import { formatMoney } from './money';

performance.mark?.('shopcredit:start');
const script = document.currentScript as HTMLScriptElement | null;
const wasmBase = script?.src || document.baseURI;

function options(): WidgetOptions | null {
  const g = (globalThis as { shopcreditWidget?: Partial<WidgetOptions> }).shopcreditWidget ?? {};
  const endpoint = g.endpoint ?? script?.dataset.endpoint ?? document.querySelector<HTMLElement>('[data-shopcredit-endpoint]')?.dataset.shopcreditEndpoint;
  if (!endpoint) return null;
  return {
    ...g,
    endpoint,
    locale: g.locale ?? script?.dataset.locale,
    wasmUrl: g.wasmUrl ?? script?.dataset.wasm ?? new URL('shopcredit_storefront_bg.wasm', wasmBase),
  };
}

const api: { widget: ShopCreditWidget | null; ShopCreditWidget: typeof ShopCreditWidget; formatMoney: typeof formatMoney } = {
  widget: null,
  ShopCreditWidget,
  formatMoney,
};
(globalThis as { ShopCredit?: typeof api }).ShopCredit = api;

function boot(): void {
  const opts = options();
  if (!opts) {
    console.warn('[shopcredit] widget not started: no endpoint (window.shopcreditWidget.endpoint or data-endpoint)');
    return;
  }
  api.widget = new ShopCreditWidget(opts);
  void api.widget.start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
