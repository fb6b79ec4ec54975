// A scripted walkthrough of ShopCredit's core, run through the wasm-bindgen build (pkg/).
// It plays a tiny host: keeps the books in memory, asks the core, writes back what it answers.
// Usage: node demo/walkthrough.mjs   (after `make wasm`)

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { initSync, call } from '../pkg/shopcredit_js.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
initSync({ module: readFileSync(join(root, 'pkg/shopcredit_js_bg.wasm')) });

// ---- a minimal host: the books, and one function to ask the core --------------------------
const books = { accounts: new Map(), transfers: new Map() };
let now = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000; // 2026-11-02 09:00 UTC
const day = 86400;

function ask(op, input) {
  const res = JSON.parse(call(JSON.stringify({ v: 1, op, now, input })));
  if (!res.ok) throw new Error(`${op}: ${res.error.code} at ${res.error.path}: ${res.error.message}`);
  const ledger = res.result.ledger;
  if (ledger) {
    for (const a of ledger.accounts) books.accounts.set(a.id, a);
    for (const t of ledger.transfers) books.transfers.set(t.id, t);
    for (const u of ledger.pendingUpdates) books.transfers.get(u.id).pendingStatus = u.status;
  }
  return res.result;
}
const account = (id, kind, extra = {}) => {
  if (!books.accounts.has(id)) {
    books.accounts.set(id, { id, kind, currency: 'EUR', debitsPending: '0.00', debitsPosted: '0.00', creditsPending: '0.00', creditsPosted: '0.00', limit: '0.00', closed: false, ...extra });
  }
  return books.accounts.get(id);
};
const stored = (...ids) => ids.map((id) => books.transfers.get(id)).filter(Boolean);
const eur = (s) => `${s} €`;
const say = (s = '') => console.log(s);
const step = (s) => say(`  • ${s}`);
const title = (s) => { say(); say(`━━ ${s} ${'━'.repeat(Math.max(0, 76 - s.length))}`); };

const SALES = 'shop:1:sales:EUR', CASH = 'shop:1:cash:EUR', TOPUPS = 'shop:1:topups:EUR';
account(SALES, 'shop'); account(CASH, 'shop'); account(TOPUPS, 'shop');

// ---- 1. B2B: an order on account, a due date, a partial payment ---------------------------
title('1. B2B customer "Acme SARL" buys on account (credit line, 30-day terms)');
const ACME = 'credit:1:7:EUR';
account(ACME, 'credit_line', { limit: '5000.00' });
const creditSettings = { defaultPaymentTermsDays: 30, blockWhenOverdue: true, blockWhenUnpaid: false,
  riskEffects: { low: 'none', medium: 'none', high: 'manual_approval' }, reminderOffsetsDays: [-3, 0, 7, 14], utcOffsetS: 3600 };
const receivables = [];
const acmeCredit = () => ({ account: books.accounts.get(ACME), profile: { onHold: false, riskLevel: 'low' }, settings: creditSettings, receivables });

let gate = ask('credit.availability', { credit: acmeCredit(), cart: { currency: 'EUR', total: '1800.00' } });
step(`cart 1800.00 €: pay on account available=${gate.available}, remaining credit ${eur(gate.remainingCredit)}`);
const reserve = ask('checkout.reserve', { key: 'co-1001', orderRef: 'o-1001', cart: { currency: 'EUR', total: '1800.00' },
  customer: { customerId: '7', groupIds: ['b2b'], loggedIn: true }, legs: { creditLine: '1800.00' }, timeoutS: 3600,
  creditLine: { enabled: true, credit: acmeCredit() }, salesAccount: books.accounts.get(SALES) });
step(`checkout reserves ${eur(reserve.legs[0].amount)} on the credit line (transfer ${reserve.legs[0].transferId}, pending)`);
let check = ask('credit.check', { key: 'chk-1001', stage: 'placed', order: { orderRef: 'o-1001', currency: 'EUR', amount: '1800.00' },
  naturalStatus: 'processing', credit: acmeCredit() });
step(`order o-1001 placed → status "${check.nextStatus}", e-mail to customer: ${check.notifications.map((n) => n.template).join(', ')}`);
now += 600;
check = ask('credit.check', { key: 'chk-1001', stage: 'run', order: { orderRef: 'o-1001', currency: 'EUR', amount: '1800.00' },
  naturalStatus: 'processing', credit: acmeCredit(), salesAccount: books.accounts.get(SALES), reservationId: 'co-1001:credit', transfers: stored('co-1001:credit') });
step(`credit check ${check.outcome} → status "${check.nextStatus}"; reservation posted, receivable opened for ${eur(check.receivable.amount)}`);
receivables.push({ orderRef: 'o-1001', currency: 'EUR', amount: '1800.00', paid: '0.00', state: 'open' });
now += 2 * day;
let due = ask('credit.dueDate', { receivable: receivables[0], credit: acmeCredit(), statusDate: '2026-11-04' });
receivables[0].dueDate = due.receivable.dueDate;
step(`shipped on 2026-11-04 (the admin's chosen status) → due date ${due.receivable.dueDate} (${due.paymentTermsDays} days)`);
now += 10 * day;
const paid = ask('credit.recordPayment', { key: 'pay-1001-1', orderRef: 'o-1001', receivable: receivables[0], amount: '600.00', account: books.accounts.get(ACME), cashAccount: books.accounts.get(CASH) });
Object.assign(receivables[0], { paid: paid.receivable.paid, state: paid.receivable.state });
step(`bank transfer of ${eur(paid.amount)} received → paid so far ${eur(paid.receivable.paid)} of ${eur(paid.receivable.amount)}`);
const replay = ask('credit.recordPayment', { key: 'pay-1001-1', orderRef: 'o-1001', receivable: { ...receivables[0], paid: '0.00' }, amount: '600.00',
  account: books.accounts.get(ACME), cashAccount: books.accounts.get(CASH), transfers: stored('pay-1001-1:payment') });
step(`the same payment recorded again (a double click) → ledger answers "${replay.ledger.results[0].result}", nothing counted twice`);
let st = ask('credit.status', { credit: acmeCredit() });
step(`account: limit ${eur(st.limit)}, exposure ${eur(st.exposure)}, remaining ${eur(st.remaining)}, next due ${st.nextDueDate}`);
check = ask('credit.check', { key: 'chk-1002', stage: 'run', order: { orderRef: 'o-1002', currency: 'EUR', amount: '3900.00' },
  naturalStatus: 'processing', credit: acmeCredit(), salesAccount: books.accounts.get(SALES) });
step(`order o-1002 for 3900.00 € → credit check ${check.outcome}: ${check.reasons.join(', ')} → "${check.nextStatus}"`);
step(`  e-mails: ${check.notifications.map((n) => `${n.template}${n.payAnotherWayLink ? ' (with a "pay another way" link)' : ''}`).join('; ')}`);
now += 30 * day;
st = ask('credit.status', { credit: acmeCredit() });
step(`a month later: overdue ${st.overdue.map((o) => `${o.orderRef} by ${o.daysOverdue} days (${eur(o.amountDue)} due)`).join(', ')}; new orders blocked: ${st.blockingReasons.join(', ')}`);
const rem = ask('credit.reminders', { credit: acmeCredit() });
step(`reminder due: level ${rem.reminders[0].level} (${rem.reminders[0].offsetDays} days after the due date)`);

// ---- 2. Store balance: top-up, partial payment, refund split by source ---------------------
title('2. Customer "Léa" tops up her store balance, pays partly with it, gets a refund');
const LEA = 'wallet:1:42:EUR';
account(LEA, 'wallet');
const walletSettings = { enabled: true, allowedGroups: [], allowPartial: true, allowTopUp: true, allowWithdrawal: true, minWithdrawal: '10.00' };
const lea = { customerId: '42', groupIds: ['3'], loggedIn: true };
const top = ask('wallet.topUp', { key: 'top-2001', orderRef: 'o-2001', paid: '100.00', settings: walletSettings, wallet: books.accounts.get(LEA), topUpsAccount: books.accounts.get(TOPUPS) });
step(`top-up order o-2001 paid 100.00 € by card → balance ${eur(top.balance)}`);
const elig = ask('eligibility.evaluate', { customer: lea, cart: { currency: 'EUR', total: '130.00', billingCountry: 'FR' }, display: 'show_disabled',
  wallet: { account: books.accounts.get(LEA), settings: walletSettings } });
for (const m of elig.methods) step(`checkout 130.00 €: ${m.method} → ${m.display}${m.reasons.length ? ` (${m.reasons.join(', ')})` : ''}, covers ${eur(m.covers)}, rest ${eur(m.remaining)}`);
const r2 = ask('checkout.reserve', { key: 'co-2002', orderRef: 'o-2002', cart: { currency: 'EUR', total: '130.00' }, customer: lea,
  legs: { wallet: '100.00' }, timeoutS: 1800, wallet: { account: books.accounts.get(LEA), settings: walletSettings }, salesAccount: books.accounts.get(SALES) });
step(`balance reserves ${eur(r2.legs[0].amount)}; ${eur(r2.remainingToPay)} paid by card`);
now += 300;
const s2 = ask('checkout.settle', { outcome: 'paid', reservations: stored('co-2002:wallet'), accounts: [books.accounts.get(LEA), books.accounts.get(SALES)] });
step(`order o-2002 paid → reservation posted (settled=${s2.settled})`);
now += 3 * day;
const refund = ask('wallet.refund', { key: 'rf-2002-1', orderRef: 'o-2002', currency: 'EUR', refundAmount: '26.00',
  sources: [{ source: 'wallet', paid: '100.00' }, { source: 'external', paid: '30.00' }], wallet: books.accounts.get(LEA), salesAccount: books.accounts.get(SALES) });
step(`partial refund 26.00 € split by funding source: ${refund.legs.map((l) => `${l.source} ${eur(l.amount)}`).join(', ')}`);
const bal = ask('wallet.availability', { wallet: books.accounts.get(LEA), settings: walletSettings, customer: lea, cart: { currency: 'EUR', total: '10.00' } });
step(`Léa's balance is now ${eur(bal.balance)}`);

// ---- 3. Financing: INITIALIZED → PRE_ACCEPTED → ACCEPTED, with a duplicate webhook ---------
title('3. A 3x financing request followed through its life cycle');
const sol = ask('financing.solutions', { cart: { currency: 'EUR', total: '600.00', billingCountry: 'FR' }, solutions: [
  { solutionCode: 'SCFRSP-3XTS', label: 'Pay in 3x', kind: 'split', instalments: 3, minAmount: '50.00', maxAmount: '3000.00', countries: ['FR', 'BE'], currency: 'EUR' }] });
step(`600.00 € cart in France: ${sol.solutions[0].label} available, instalments ${sol.solutions[0].schedule.map(eur).join(' + ')}`);
const mapping = ask('financing.defaultMapping', {}).mapping;
let sub = { subscriptionId: '5f0c7a2e-sub', orderRef: 'o-3001', solutionCode: 'SCFRSP-3XTS' };
const apply = (event) => {
  const r = ask('financing.apply', { subscription: sub, event, mapping });
  if (r.applied) sub = r.subscription;
  return r;
};
let f = apply({ source: 'return', status: 'INITIALIZED', subStatus: 'SUBSCRIPTION IN PROGRESS', lastUpdateTimestamp: '2026-12-02T10:00:00.000Z' });
step(`subscription INITIALIZED → order o-3001 created in "${f.orderStatus}"`);
const hooks = [
  { timestamp: '2026-12-02T10:05:00.000Z', id: 'evt-001', eventTypeCode: 'SC_SUBSCRIPTION', eventCode: 'SC_SUBSCRIPTION_PRE_ACCEPTED', data: { merchantGlobalOrderId: 'o-3001', consolidatedStatus: 'PRE_ACCEPTED' } },
  { timestamp: '2026-12-02T10:09:00.000Z', id: 'evt-002', eventTypeCode: 'SC_SUBSCRIPTION', eventCode: 'SC_SUBSCRIPTION_ACCEPTED', data: { merchantGlobalOrderId: 'o-3001', consolidatedStatus: 'ACCEPTED' } },
  { timestamp: '2026-12-02T10:09:00.000Z', id: 'evt-002', eventTypeCode: 'SC_SUBSCRIPTION', eventCode: 'SC_SUBSCRIPTION_ACCEPTED', data: { merchantGlobalOrderId: 'o-3001', consolidatedStatus: 'ACCEPTED' } },
];
for (const h of hooks) {
  const w = ask('financing.webhook', h);
  f = apply(w.event);
  step(`webhook ${h.id} ${h.eventCode}: ${f.applied ? `applied → order "${f.orderStatus}" (${f.shopStatusHint})` : `ignored: ${f.code}`}`);
}
const late = apply({ source: 'poll', status: 'PRE_ACCEPTED', lastUpdateTimestamp: '2026-12-02T10:06:00.000Z' });
step(`a slow poll reporting PRE_ACCEPTED afterwards: ignored: ${late.code}`);

// ---- the books balance ---------------------------------------------------------------------
title('The books');
const rec = ask('ledger.reconcile', { accounts: [...books.accounts.values()], transfers: [...books.transfers.values()] });
step(`${books.transfers.size} transfers over ${books.accounts.size} accounts; reconciliation consistent=${rec.consistent}`);
for (const a of books.accounts.values()) step(`${a.id.padEnd(22)} debits ${a.debitsPosted.padStart(8)} (+${a.debitsPending} pending)  credits ${a.creditsPosted.padStart(8)}`);
say();
if (!rec.consistent) process.exit(1);
