// What the host's endpoint answers for the logged-in customer (the bridge's
// `$sc->overview()->customer()` summary, plus the facts the checkout preview decides on).
import type { Code } from './generated/codes';
import type { EligibilityEvaluateInput } from './generated/ops';

export interface CreditSummary {
  limit: string;
  exposure: string;
  remaining: string;
  nextDueDate?: string | null;
  blocksNewOrders?: boolean;
  blockingReasons?: Code[];
  overdue?: { orderRef: string; amountDue: string; dueDate: string; daysOverdue: number }[];
}

export interface WalletSummary {
  balance: string;
  available: string;
  reserved?: string;
  incoming?: string;
}

export interface Receivable {
  orderRef: string;
  amount: string;
  paid: string;
  remaining: string;
  dueDate: string | null;
  state: string;
}

export interface FinancingStep {
  status: string;
  subStatus?: string | null;
  atMs?: number;
  source?: string;
}

export interface FinancingRequest {
  orderRef: string;
  solutionCode: string;
  label?: string;
  amount?: string;
  currency?: string;
  status: string;
  /** The order status the shop's mapping gives the current financing status. */
  orderStatus?: string | null;
  /** No further status will come (the server says so). */
  final?: boolean;
  /** Applied status changes, oldest first. */
  history: FinancingStep[];
  /** Provider events received for the order (duplicates included). */
  events?: { eventId: string; resultCode?: string | null; receivedAt?: number }[];
}

/** The eligibility facts: `eligibility.evaluate`'s input without the cart (the widget adds it) and
 * with `display` optional (the preview's default is `show_disabled`). */
export type CheckoutFacts = Omit<EligibilityEvaluateInput, 'cart' | 'display'> & Partial<Pick<EligibilityEvaluateInput, 'display'>>;

export interface Summary {
  available: boolean;
  reason?: string;
  currency: string;
  locale?: string;
  /** The server's clock (unix seconds) when it answered: the core decides at this time. */
  now?: number;
  credit?: CreditSummary | null;
  wallet?: WalletSummary | null;
  receivables?: Receivable[];
  checkout?: CheckoutFacts | null;
  financing?: FinancingRequest[];
}

export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

export interface FetchOptions {
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Adds ?order=REF: the endpoint includes that order's financing requests (own orders only). */
  order?: string | null;
  timeoutMs?: number;
}

const DEC = /^-?\d+(\.\d+)?$/;
const isDec = (v: unknown): v is string => typeof v === 'string' && DEC.test(v);

/** Checks the shape we render; anything else is an EndpointError (the widget then stays hidden). */
export function validateSummary(data: unknown): Summary {
  if (!data || typeof data !== 'object') throw new EndpointError('the endpoint did not answer a JSON object');
  const s = data as Summary;
  if (typeof s.available !== 'boolean') throw new EndpointError('`available` is missing');
  if (!s.available) return s;
  if (typeof s.currency !== 'string' || !/^[A-Z]{3}$/.test(s.currency)) throw new EndpointError('`currency` is not an ISO 4217 code');
  if (s.credit != null && !(isDec(s.credit.limit) && isDec(s.credit.exposure) && isDec(s.credit.remaining))) {
    throw new EndpointError('`credit` amounts are not decimal strings');
  }
  if (s.wallet != null && !(isDec(s.wallet.balance) && isDec(s.wallet.available))) {
    throw new EndpointError('`wallet` amounts are not decimal strings');
  }
  if (s.now !== undefined && !Number.isInteger(s.now)) throw new EndpointError('`now` is not unix seconds');
  return s;
}

/** GET the summary with the page's cookies; throws EndpointError on any failure. */
export async function fetchSummary(endpoint: string, opts: FetchOptions = {}): Promise<Summary> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const url = new URL(endpoint, globalThis.location?.href ?? 'http://localhost/');
  if (opts.order) url.searchParams.set('order', opts.order);
  const ctl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = ctl ? setTimeout(() => ctl.abort(), opts.timeoutMs ?? 10000) : null;
  let res: Response;
  try {
    res = await doFetch(url.toString(), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(opts.headers ?? {}) },
      signal: ctl?.signal,
    });
  } catch (e) {
    throw new EndpointError(`the endpoint could not be reached: ${(e as Error)?.message ?? e}`);
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (!res.ok) throw new EndpointError(`the endpoint answered HTTP ${res.status}`);
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new EndpointError('the endpoint did not answer JSON');
  }
  return validateSummary(data);
}
