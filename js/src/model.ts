// What the widget shows, decided by the core in the browser from the endpoint's facts (the same
// ops the server runs), or taken from the endpoint's summary when it sends no facts.
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
  remaining?: string;
  remainingCredit?: string;
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

export function figures(core: Core, s: Summary, now?: number): Figures {
  const facts = (s.checkout ?? null) as Obj | null;
  const creditCtx = facts?.creditLine?.credit;
  const credit = creditCtx?.account ? core.ask<CreditSummary>('credit.status', { credit: creditCtx }, now) : (s.credit ?? null);
  const walletAccount = facts?.wallet?.account;
  const walletOn = facts?.wallet?.settings ? facts.wallet.settings.enabled === true : s.wallet != null;
  const wallet = walletOn && walletAccount ? core.ask<WalletSummary>('wallet.balance', { wallet: walletAccount }, now) : (walletOn ? (s.wallet ?? null) : null);
  return { currency: s.currency, credit, wallet };
}

/** `eligibility.evaluate` for a cart total on the endpoint's facts; null without facts. */
export function preview(core: Core, s: Summary, total: string, billingCountry?: string, now?: number): Preview | null {
  if (!s.checkout) return null;
  const cart: Obj = { currency: s.currency, total };
  if (billingCountry) cart.billingCountry = billingCountry;
  return core.ask<Preview>('eligibility.evaluate', { display: 'show_disabled', ...s.checkout, cart }, now);
}
