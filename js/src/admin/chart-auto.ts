// Classic script for the hosts' admin statistics pages: draws every [data-shopcredit-chart].
import { mountAll, renderChart } from './chart';

declare global {
  interface Window {
    ShopCredit?: Record<string, unknown>;
  }
}

window.ShopCredit = { ...(window.ShopCredit ?? {}), chart: { mountAll, renderChart } };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => mountAll());
else mountAll();
