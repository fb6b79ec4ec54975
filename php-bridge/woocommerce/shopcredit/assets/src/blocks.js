/**
 * ShopCredit methods on the Cart/Checkout blocks: one registerPaymentMethod per gateway (data from
 * the server: title, figure, whether the core offers it for this cart, live in the cart's
 * extension data `shopcredit.methods`) and the "use my store balance" choice in the totals, sent
 * to the server with extensionCartUpdate. A method the core shows disabled stays listed with its
 * reasons (Blocks would only tell admins why it is missing) and is refused when the order is
 * placed. The server decides and re-checks everything; this only shows it.
 */
import { decodeEntities } from './entities.js';

const { registerPaymentMethod } = window.wc.wcBlocksRegistry;
const { getSetting } = window.wc.wcSettings;
const { createElement: el, useState, useEffect } = window.wp.element;

const all = getSetting('paymentMethodData', {}) || {};

const money = (amount, currency) => {
  try {
    return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency }).format(Number(amount));
  } catch (e) {
    return `${amount} ${currency}`;
  }
};

// This method for the cart as it is now (the cart's extension data), else as the page was rendered.
const live = (data, extensions) => {
  const m = extensions && extensions.shopcredit && extensions.shopcredit.methods;
  return (m && m[data.name]) || data;
};

const Content = ({ data, cartData, eventRegistration, emitResponse }) => {
  const now = live(data, cartData && cartData.extensions);
  const refusal = now.available === true ? null : `${data.i18n.unavailable} ${now.reasons || ''}`.trim();
  // Placing the order with a method shown disabled is refused here, in words (the server refuses it too).
  useEffect(() => {
    if (!eventRegistration || !eventRegistration.onPaymentSetup) return undefined;
    return eventRegistration.onPaymentSetup(() => (refusal === null ? true : { type: emitResponse.responseTypes.ERROR, message: refusal }));
  }, [refusal, eventRegistration, emitResponse]);
  const lines = [];
  if (refusal !== null) lines.push(el('p', { key: 'r', className: 'shopcredit-unavailable' }, refusal));
  if (data.description) lines.push(el('p', { key: 'd' }, decodeEntities(data.description)));
  if (now.figure !== null && now.figure !== undefined) {
    const label = data.method === 'credit_line' ? data.i18n.remainingCredit : data.i18n.balance;
    lines.push(el('p', { key: 'f', className: 'shopcredit-figure' }, `${label}: ${money(now.figure, data.currency)}`));
  }
  if (now.schedule && now.schedule.length) {
    lines.push(el('p', { key: 's' }, `${data.i18n.instalments}: ${now.schedule.map((a) => money(a, data.currency)).join(' + ')}`));
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
      // Listed when offered or shown disabled (then refused with its reasons when placing the order).
      canMakePayment: (arg) => live(data, arg && arg.cart && arg.cart.extensions).listed === true,
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
