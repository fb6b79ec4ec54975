// What the widget shows. The badge and My account show the figures the server sent (it decided
// them with the same core): no wasm for them. Only the checkout preview runs the core in the
// browser (the storefront build), on the endpoint's facts.
import type { Core } from './core';
import type { CreditSummary, Summary, WalletSummary } from './data';

export interface Figures {
  currency: string;
  credit: CreditSummary | null;
  wallet: WalletSummary | null;
}

export interface PreviewMethod {
  method: string;
  available: boolean;
  display: 'shown' | 'disabled' | 'hidden';
  reasons: string[];
  covers?: string;
  remainingCredit?: string;
  remainingToPay?: string;
  balance?: string;
  label?: string;
  schedule?: string[];
  solutionCode?: string;
}

export interface Preview {
  currency: string;
  total: string;
  methods: PreviewMethod[];
}

type Obj = Record<string, any>;

/** Seconds the server's clock has moved since it answered (the core is given the server's time). */
export function serverNow(s: Summary, fetchedAtMs: number, nowMs: number = Date.now()): number | undefined {
  return s.now === undefined ? undefined : s.now + Math.max(0, Math.floor((nowMs - fetchedAtMs) / 1000));
}

/** The badge's and My account's figures: as the server sent them (formatted, never recomputed). */
export function figures(s: Summary): Figures {
  return { currency: s.currency, credit: s.credit ?? null, wallet: s.wallet ?? null };
}

/** `eligibility.evaluate` for a cart total on the endpoint's facts; null without facts. */
export function preview(core: Core, s: Summary, total: string, billingCountry?: string, now?: number): Preview | null {
  if (!s.checkout) return null;
  const cart: Obj = { currency: s.currency, total };
  if (billingCountry) cart.billingCountry = billingCountry;
  return core.ask<Preview>('eligibility.evaluate', { display: 'show_disabled', ...s.checkout, cart }, now);
}
