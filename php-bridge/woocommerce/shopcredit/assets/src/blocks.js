/**
 * ShopCredit methods on the Cart/Checkout blocks: one registerPaymentMethod per gateway (data from
 * the server: title, figure, whether the core offers it for this cart) and the "use my store
 * balance" choice in the totals, sent to the server with extensionCartUpdate. The server decides
 * and re-checks everything; this only shows it.
 */
import { decodeEntities } from './entities.js';

const { registerPaymentMethod } = window.wc.wcBlocksRegistry;
const { getSetting } = window.wc.wcSettings;
const { createElement: el, useState } = window.wp.element;

const all = getSetting('paymentMethodData', {}) || {};

const money = (amount, currency) => {
  try {
    return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency }).format(Number(amount));
  } catch (e) {
    return `${amount} ${currency}`;
  }
};

const Content = ({ data }) => {
  const lines = [];
  if (data.description) lines.push(el('p', { key: 'd' }, decodeEntities(data.description)));
  if (data.figure !== null && data.figure !== undefined) {
    const label = data.method === 'credit_line' ? data.i18n.remainingCredit : data.i18n.balance;
    lines.push(el('p', { key: 'f', className: 'shopcredit-figure' }, `${label}: ${money(data.figure, data.currency)}`));
  }
  if (data.schedule && data.schedule.length) {
    lines.push(el('p', { key: 's' }, `${data.i18n.instalments}: ${data.schedule.map((a) => money(a, data.currency)).join(' + ')}`));
  }
  return el('div', { className: 'shopcredit-method' }, lines);
};

Object.keys(all)
  .filter((name) => name.startsWith('shopcredit_'))
  .forEach((name) => {
    const data = all[name];
    const label = decodeEntities(data.title || name);
    registerPaymentMethod({
      name,
      label: el('span', null, label),
      ariaLabel: label,
      content: el(Content, { data }),
      edit: el(Content, { data }),
      canMakePayment: () => data.available === true,
      supports: { features: data.supports || ['products'] },
    });
  });

// The partial-payment choice, in the totals of the Cart and Checkout blocks.
const blocksCheckout = window.wc.blocksCheckout;
const plugins = window.wp.plugins;
const firstI18n = Object.keys(all).filter((n) => n.startsWith('shopcredit_')).map((n) => all[n].i18n)[0];
if (blocksCheckout && plugins && blocksCheckout.ExperimentalDiscountsMeta && firstI18n) {
  const { ExperimentalDiscountsMeta, extensionCartUpdate } = blocksCheckout;
  // Fill props: { cart, extensions, context } (extensions = the cart's extension data).
  const Choice = ({ cart, extensions }) => {
    const ext = (extensions && extensions.shopcredit) || (cart && cart.extensions && cart.extensions.shopcredit) || {};
    const [busy, setBusy] = useState(false);
    const [wanted, setWanted] = useState(null); // shown at once; the server's answer follows
    if (!ext.offered) return null;
    const currency = cart && cart.cartTotals ? cart.cartTotals.currency_code : '';
    const toggle = (ev) => {
      const use = ev.target.checked;
      setWanted(use);
      setBusy(true);
      Promise.resolve(extensionCartUpdate({ namespace: 'shopcredit', data: { useBalance: use } })).finally(() => { setBusy(false); setWanted(null); });
    };
    return el('div', { className: 'shopcredit-partial wc-block-components-totals-item' },
      el('label', null,
        el('input', { type: 'checkbox', checked: wanted === null ? !!ext.useBalance : wanted, disabled: busy, onChange: toggle }),
        ' ', firstI18n.useBalance),
      ext.part ? el('div', { className: 'shopcredit-partial-part' }, `${firstI18n.paidFromBalance}: -${money(ext.part, currency)}`) : null);
  };
  plugins.registerPlugin('shopcredit-partial-balance', {
    scope: 'woocommerce-checkout',
    // Fills clone their children with the slot's props (cart, extensions).
    render: () => el(ExperimentalDiscountsMeta, null, el(Choice)),
  });
}
