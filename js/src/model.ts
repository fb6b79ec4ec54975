// What the widget shows. The badge and My account show the figures the server sent (it decided
// them with the same core): no wasm for them. Only the checkout preview runs the core in the
// browser (the storefront build), on the endpoint's facts.
import type { Core } from './core';
import type { CreditSummary, Summary, WalletSummary } from './data';
import type { EligibilityEvaluateInput, EligibilityEvaluateResult } from './generated/ops';

export interface Figures {
  currency: string;
  credit: CreditSummary | null;
  wallet: WalletSummary | null;
}

/** The checkout preview: `eligibility.evaluate`'s result as the core answers it (generated type). */
export type Preview = EligibilityEvaluateResult;
/** One method of the preview: credit line, store balance or a financing solution. */
export type PreviewMethod = Preview['methods'][number];

/** Seconds the server's clock has moved since it answered (the core is given the server's time). */
export function serverNow(s: Summary, fetchedAtMs: number, nowMs: number = Date.now()): number | undefined {
  return s.now === undefined ? undefined : s.now + Math.max(0, Math.floor((nowMs - fetchedAtMs) / 1000));
}

/** The badge's and My account's figures: as the server sent them (formatted, never recomputed). */
export function figures(s: Summary): Figures {
  return { currency: s.currency, credit: s.credit ?? null, wallet: s.wallet ?? null };
}

/**
 * `eligibility.evaluate` for a cart total on the endpoint's facts; null without facts. The core
 * requires the billing country (the financing rules depend on it, and the server refuses a cart
 * without one), so without it the preview is refused here, before the core is asked.
 */
export function preview(core: Core, s: Summary, total: string, billingCountry?: string, now?: number): Preview | null {
  if (!s.checkout) return null;
  if (!billingCountry) throw new Error('the checkout preview needs the billing country (data-billing-country)');
  const input: EligibilityEvaluateInput = { display: 'show_disabled', ...s.checkout, cart: { currency: s.currency, total, billingCountry } };
  return core.ask('eligibility.evaluate', input, now);
}
