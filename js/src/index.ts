// ES module entry: `import { mount } from './shopcredit-widget.mjs'`.
performance.mark?.('shopcredit:start');
export { mount, ShopCreditWidget, SELECTORS, EVENTS, type WidgetOptions, type WidgetState } from './widget';
export { formatMoney, parseDecimal, type Decimal } from './money';
export { fetchSummary, validateSummary, EndpointError, type Summary, type CreditSummary, type WalletSummary, type Receivable, type FinancingRequest, type FinancingStep, type CheckoutFacts } from './data';
export { coreFrom, loadCore, CoreUnavailable, type Core, type CallFn } from './core';
export { figures, preview, serverNow, type Figures, type Preview, type PreviewMethod } from './model';
export { DEFAULT_LABELS, mergeLabels, type Labels } from './labels';
