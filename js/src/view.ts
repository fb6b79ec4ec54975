// DOM rendering. Built with createElement/textContent only (nothing from the endpoint is parsed
// as HTML). Every function replaces the element's content, so a refresh re-renders in place.
import type { FinancingRequest, Receivable } from './data';
import { fill, type Labels } from './labels';
import type { Figures, Preview } from './model';

export type Money = (amount: string) => string;

type Child = Node | string | null | undefined | false;

export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function ensureLive(el: Element): void {
  if (!el.hasAttribute('aria-live')) el.setAttribute('aria-live', 'polite');
}

/** The header badge: remaining credit and/or available balance. */
export function renderBadge(el: HTMLElement, f: Figures, money: Money, L: Labels): boolean {
  const items: Node[] = [];
  const aria: string[] = [];
  if (f.credit) {
    items.push(h('span', { class: 'sc-badge__item', 'data-sc': 'credit' },
      h('span', { class: 'sc-badge__label' }, L.credit), ' ',
      h('span', { class: 'sc-badge__value', 'data-sc-value': 'credit-remaining' }, money(f.credit.remaining))));
  }
  if (f.wallet) {
    items.push(h('span', { class: 'sc-badge__item', 'data-sc': 'wallet' },
      h('span', { class: 'sc-badge__label' }, L.balance), ' ',
      h('span', { class: 'sc-badge__value', 'data-sc-value': 'wallet-available' }, money(f.wallet.available))));
  }
  if (items.length === 0) {
    el.replaceChildren();
    el.dataset.scState = 'empty';
    return false;
  }
  aria.push(fill(L.badgeAria, { credit: f.credit ? money(f.credit.remaining) : L.none, balance: f.wallet ? money(f.wallet.available) : L.none }));
  ensureLive(el);
  el.setAttribute('aria-atomic', 'true');
  // The visible words are the link's name (WCAG 2.5.3, label in name); the fuller sentence
  // (remaining credit, store balance) is its description.
  el.removeAttribute('aria-label');
  el.setAttribute('title', aria.join(' '));
  el.replaceChildren(...items);
  el.dataset.scState = 'ready';
  return true;
}

/** "0", "0.00": nothing to show (a test on the string, not arithmetic). */
const isZero = (amount: string): boolean => /^-?0+(\.0+)?$/.test(amount);

function row(label: string, value: string, key: string): Node[] {
  return [h('dt', {}, label), h('dd', { 'data-sc-value': key }, value)];
}

/** My account: the credit line (limit, outstanding, remaining, due dates, open orders) and the balance. */
export function renderPanel(el: HTMLElement, f: Figures, receivables: Receivable[], money: Money, L: Labels, dateFmt: (d: string) => string): void {
  const body: Node[] = [h('h2', { class: 'sc-panel__title' }, L.panelTitle)];
  if (f.credit) {
    const c = f.credit;
    const dl = h('dl', { class: 'sc-panel__figures' },
      ...row(L.remainingCredit, money(c.remaining), 'credit-remaining'),
      ...row(L.creditLimit, money(c.limit), 'credit-limit'),
      ...row(L.exposure, money(c.exposure), 'credit-exposure'),
      ...row(L.nextDueDate, c.nextDueDate ? dateFmt(c.nextDueDate) : L.none, 'credit-next-due'));
    body.push(dl);
    if (c.blocksNewOrders) {
      const reasons = (c.blockingReasons ?? []).map((r) => L.reasons[r] ?? r).join(', ');
      body.push(h('p', { class: 'sc-panel__warning', 'data-sc': 'blocked' }, `${L.blocked}${reasons ? ` (${reasons})` : ''}.`));
    }
    for (const o of c.overdue ?? []) {
      body.push(h('p', { class: 'sc-panel__warning', 'data-sc': 'overdue' }, fill(L.overdue, { order: o.orderRef, amount: money(o.amountDue), days: o.daysOverdue })));
    }
    if (receivables.length > 0) {
      const head = h('tr', {}, ...[L.order, L.amount, L.paid, L.remaining, L.dueDate].map((t) => h('th', { scope: 'col' }, t)));
      const rows = receivables.map((r) => h('tr', { 'data-order': r.orderRef },
        h('th', { scope: 'row' }, r.orderRef), h('td', {}, money(r.amount)), h('td', {}, money(r.paid)),
        h('td', {}, money(r.remaining)), h('td', {}, r.dueDate ? dateFmt(r.dueDate) : L.none)));
      body.push(h('table', { class: 'sc-panel__orders' }, h('caption', {}, L.openOrders), h('thead', {}, head), h('tbody', {}, ...rows)));
    }
  }
  if (f.wallet) {
    const w = f.wallet;
    body.push(h('dl', { class: 'sc-panel__figures' },
      ...row(L.availableBalance, money(w.available), 'wallet-available'),
      ...(w.reserved && !isZero(w.reserved) ? row(L.reservedBalance, money(w.reserved), 'wallet-reserved') : []),
      ...(w.incoming && !isZero(w.incoming) ? row(L.incomingBalance, money(w.incoming), 'wallet-incoming') : [])));
  }
  ensureLive(el);
  el.replaceChildren(...body);
  el.hidden = !(f.credit || f.wallet);
  el.dataset.scState = 'ready';
}

/** Checkout: what each of our methods would cover for this cart, as the core computed it. */
export function renderPreview(el: HTMLElement, p: Preview, money: Money, L: Labels): void {
  const items = p.methods.filter((m) => m.display !== 'hidden').map((m) => {
    // Only a financing solution carries a label, a schedule and its code.
    const fin = 'solutionCode' in m ? m : null;
    const name = m.method === 'financing' && fin?.label ? fin.label : (L.methods[m.method] ?? m.method);
    let text: string;
    if (m.available) {
      text = fill(L.previewCovers, { covers: money(m.covers ?? '0'), remaining: money(m.remainingToPay ?? '0') });
      if (fin?.schedule && fin.schedule.length > 0) text += ` (${fill(L.previewSchedule, { schedule: fin.schedule.map(money).join(' + ') })})`;
    } else {
      // The first reason is "the" reason (codes come in precedence order); hosts pass sentences.
      text = m.reasons.slice(0, 1).map((r) => L.reasons[r] ?? r.replace(/_/g, ' ')).join('');
    }
    return h('li', { class: 'sc-preview__method', 'data-method': m.method + (fin?.solutionCode ? `:${fin.solutionCode}` : ''), 'data-available': String(m.available) },
      h('strong', {}, name), ': ', text);
  });
  el.setAttribute('role', 'status');
  ensureLive(el);
  el.replaceChildren(h('h3', { class: 'sc-preview__title' }, L.previewTitle), h('ul', { class: 'sc-preview__methods' }, ...items), h('p', { class: 'sc-preview__note' }, L.previewNote));
  el.hidden = items.length === 0;
  el.dataset.scState = 'ready';
}

/** Order confirmation / detail: the financing request's statuses, oldest first. */
export function renderTimeline(el: HTMLElement, requests: FinancingRequest[], L: Labels, timeFmt: (ms: number) => string): void {
  const blocks = requests.map((r) => {
    const steps = r.history.map((s, i) => {
      const current = i === r.history.length - 1;
      return h('li', { class: `sc-timeline__step sc-timeline__step--done${current ? ' sc-timeline__step--current' : ''}`, 'data-status': s.status, 'aria-current': current ? 'step' : undefined },
        h('span', { class: 'sc-timeline__label' }, L.statuses[s.status] ?? s.status),
        s.atMs ? h('time', { datetime: new Date(s.atMs).toISOString() }, ` ${timeFmt(s.atMs)}`) : null);
    });
    // Only a display hint: while the request is open and not yet accepted, a decision is ahead.
    if (!r.final && r.status !== 'ACCEPTED') {
      steps.push(h('li', { class: 'sc-timeline__step sc-timeline__step--upcoming', 'data-status': 'upcoming' }, L.timelineUpcoming));
    }
    return h('section', { class: 'sc-timeline', 'data-order': r.orderRef, 'data-status': r.status },
      h('h3', { class: 'sc-timeline__title' }, `${L.timelineTitle}${r.label ? ` — ${r.label}` : ''}`),
      h('ol', { class: 'sc-timeline__steps' }, ...steps));
  });
  ensureLive(el);
  el.replaceChildren(...blocks);
  el.hidden = blocks.length === 0;
  el.dataset.scState = 'ready';
}
