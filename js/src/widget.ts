// The storefront widget: one instance per page finds its slots by data attributes, loads the
// customer's summary from the host's endpoint and the core (wasm) in parallel, and renders. Any
// failure hides it (console.warn only): no badge, no dialog, no partial figures.
import { CoreUnavailable, loadCore as loadCoreDefault, type Core } from './core';
import { fetchSummary, type Summary } from './data';
import { mergeLabels, type Labels } from './labels';
import { formatMoney } from './money';
import { figures, preview, serverNow, type Figures, type Preview } from './model';
import { renderBadge, renderPanel, renderPreview, renderTimeline } from './view';

export const SELECTORS = {
  badge: '[data-shopcredit-badge]',
  account: '[data-shopcredit-account]',
  checkout: '[data-shopcredit-checkout]',
  timeline: '[data-shopcredit-timeline]',
} as const;

export const EVENTS = {
  /** Dispatch on document after a payment, a top-up or a refund: the widget reloads. */
  refresh: 'shopcredit:refresh',
  /** Dispatched on document when figures are shown (detail: { figures }). */
  ready: 'shopcredit:ready',
  /** Dispatched on document when the widget hides itself (detail: { reason }). */
  unavailable: 'shopcredit:unavailable',
} as const;

export interface WidgetOptions {
  /** The host's summary endpoint for the logged-in customer (same origin, cookies sent). */
  endpoint: string;
  /** Where shopcredit_storefront_bg.wasm is served (default: next to the script); fetched only by a page with a checkout preview. */
  wasmUrl?: string | URL;
  /** BCP 47 locale for amounts and dates (default: the endpoint's, then <html lang>, then the browser's). */
  locale?: string;
  /** Extra request headers (e.g. WordPress's X-WP-Nonce). */
  headers?: Record<string, string>;
  /** WordPress REST nonce, sent as X-WP-Nonce. */
  nonce?: string;
  labels?: Partial<Labels>;
  /** Where the slots are looked for (default: document). */
  root?: ParentNode;
  /** Test seams. */
  fetch?: typeof fetch;
  loadCore?: (wasmUrl: string | URL) => Promise<Core>;
}

export type WidgetState = 'idle' | 'loading' | 'ready' | 'unavailable';

const warn = (message: string, error?: unknown): void => {
  console.warn(`[shopcredit] ${message}`, ...(error === undefined ? [] : [error]));
};

export class ShopCreditWidget {
  state: WidgetState = 'idle';
  summary: Summary | null = null;
  figures: Figures | null = null;
  lastPreview: Preview | null = null;
  private core: Core | null = null;
  private fetchedAtMs = 0;
  private readonly labels: Labels;
  private readonly root: ParentNode;
  private observer: MutationObserver | null = null;
  private readonly onRefresh = (): void => {
    void this.refresh();
  };
  private generation = 0;

  constructor(private readonly opts: WidgetOptions) {
    if (!opts || typeof opts.endpoint !== 'string' || opts.endpoint === '') throw new TypeError('ShopCreditWidget needs an endpoint');
    this.labels = mergeLabels(opts.labels);
    this.root = opts.root ?? document;
  }

  /** Loads and renders; resolves true when shown, false when the widget hid itself. Never rejects. */
  async start(): Promise<boolean> {
    document.addEventListener(EVENTS.refresh, this.onRefresh);
    this.watchCheckout();
    return this.refresh();
  }

  /** Reloads the summary (after a payment) and re-renders. Never rejects. */
  async refresh(): Promise<boolean> {
    const gen = ++this.generation;
    this.state = 'loading';
    // Only the checkout preview runs the core: the badge and My account show the server's figures,
    // so a page without a checkout never downloads the wasm. Loaded beside the endpoint call.
    const core = this.slot(SELECTORS.checkout) ? this.loadCore() : null;
    try {
      const timeline = this.slot(SELECTORS.timeline);
      const order = timeline?.dataset.order ?? null;
      const headers = { ...(this.opts.headers ?? {}), ...(this.opts.nonce ? { 'X-WP-Nonce': this.opts.nonce } : {}) };
      const summary = await fetchSummary(this.opts.endpoint, { fetch: this.opts.fetch, headers, order });
      if (gen !== this.generation) return false; // a newer refresh took over and reports itself
      this.fetchedAtMs = Date.now();
      if (!summary.available) throw new CoreUnavailable(`the server cannot decide right now (${summary.reason ?? 'unavailable'})`, summary.reason);
      this.summary = summary;
      this.render();
      this.state = 'ready';
      document.dispatchEvent(new CustomEvent(EVENTS.ready, { detail: { figures: this.figures } }));
    } catch (e) {
      if (gen !== this.generation) return false;
      this.degrade(e);
      return false;
    }
    if (core) await this.startPreview(core, gen);
    return true;
  }

  /** Recomputes the checkout preview for a cart total (decimal string). Null when unavailable. */
  preview(total?: string, billingCountry?: string): Preview | null {
    const el = this.slot(SELECTORS.checkout);
    if (!this.core || !this.summary) return null;
    const t = total ?? el?.dataset.total;
    if (!t) return null;
    try {
      const p = preview(this.core, this.summary, t, billingCountry ?? el?.dataset.billingCountry, this.now());
      this.lastPreview = p;
      if (el && p) renderPreview(el, p, this.money, this.labels);
      return p;
    } catch (e) {
      warn('checkout preview unavailable', e);
      if (el) this.hide(el);
      return null;
    }
  }

  destroy(): void {
    document.removeEventListener(EVENTS.refresh, this.onRefresh);
    this.observer?.disconnect();
    this.generation++;
  }

  /** The core for the preview, loaded once; a failure is a value (it only turns the preview off). */
  private loadCore(): Promise<Core | Error> {
    const loading = this.core ? Promise.resolve(this.core) : (this.opts.loadCore ?? loadCoreDefault)(this.wasmUrl());
    return loading.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  }

  /** Shows the checkout preview once the core is there; without it only the preview hides. */
  private async startPreview(loading: Promise<Core | Error>, gen: number): Promise<void> {
    const core = await loading;
    if (gen !== this.generation) return;
    if (core instanceof Error) {
      warn('checkout preview unavailable: ' + core.message);
      const el = this.slot(SELECTORS.checkout);
      if (el) this.hide(el);
      return;
    }
    this.core = core;
    this.preview();
  }

  private render(): void {
    const s = this.summary as Summary;
    const f = figures(s);
    this.figures = f;
    const badge = this.slot(SELECTORS.badge);
    if (badge && renderBadge(badge, f, this.money, this.labels)) {
      performance.mark?.('shopcredit:badge');
    }
    const account = this.slot(SELECTORS.account);
    if (account) renderPanel(account, f, s.receivables ?? [], this.money, this.labels, this.date);
    if (this.slot(SELECTORS.checkout)) this.preview();
    const timeline = this.slot(SELECTORS.timeline);
    if (timeline) renderTimeline(timeline, s.financing ?? [], this.labels, this.time);
  }

  private degrade(e: unknown): void {
    this.state = 'unavailable';
    warn('widget hidden: ' + ((e as Error)?.message ?? String(e)));
    for (const sel of Object.values(SELECTORS)) {
      for (const el of this.slots(sel)) this.hide(el);
    }
    document.dispatchEvent(new CustomEvent(EVENTS.unavailable, { detail: { reason: (e as CoreUnavailable)?.code ?? (e as Error)?.name ?? 'error' } }));
  }

  private hide(el: HTMLElement): void {
    el.replaceChildren();
    el.dataset.scState = 'unavailable';
    // The badge keeps its reserved box (CSS: visibility hidden) so nothing moves.
    if (!el.matches(SELECTORS.badge)) el.hidden = true;
  }

  private watchCheckout(): void {
    const el = this.slot(SELECTORS.checkout);
    if (!el || typeof MutationObserver !== 'function') return;
    this.observer = new MutationObserver(() => {
      if (this.state === 'ready') this.preview();
    });
    this.observer.observe(el, { attributes: true, attributeFilter: ['data-total', 'data-billing-country'] });
  }

  private now(): number | undefined {
    return this.summary ? serverNow(this.summary, this.fetchedAtMs) : undefined;
  }

  private wasmUrl(): string | URL {
    return this.opts.wasmUrl ?? new URL('shopcredit_storefront_bg.wasm', import.meta.url);
  }

  private locale(): string {
    return this.opts.locale ?? this.summary?.locale ?? (document.documentElement.lang || navigator.language || 'en');
  }

  private readonly money = (amount: string): string => formatMoney(amount, (this.summary as Summary).currency, this.locale());

  private readonly date = (ymd: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
    if (!m) return ymd;
    return new Intl.DateTimeFormat(this.locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  };

  private readonly time = (ms: number): string => new Intl.DateTimeFormat(this.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

  private slot(sel: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(sel);
  }

  private slots(sel: string): HTMLElement[] {
    return Array.from(this.root.querySelectorAll<HTMLElement>(sel));
  }
}

/** Creates and starts a widget (resolves once shown or hidden). */
export async function mount(opts: WidgetOptions): Promise<ShopCreditWidget> {
  const w = new ShopCreditWidget(opts);
  await w.start();
  return w;
}
