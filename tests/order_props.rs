//! Property tests of `order.decide` over random event sequences, with a model of the books that
//! runs every book operation the decisions ask for (the bridge's part): no sequence of refunds,
//! cancellations and reopenings gives back more than a source paid, a cancelled order keeps
//! nothing, the balance never goes below zero, a top-up is credited once and only after its
//! payment was captured, and a cancelled or refunded top-up takes its credit back or flags it.

use proptest::prelude::*;
use shopcredit::codes::Code;
use shopcredit::credit_line::check::{AdminDecision, Outcome};
use shopcredit::financing::status::Hint;
use shopcredit::ledger::MovementType;
use shopcredit::money::Currency;
use shopcredit::order_flow::effects::{BookOp, HostAction, Party, SettleOutcome};
use shopcredit::order_flow::event::{Booked, Event, FinancingUpdate, Origin, PaymentRecorded, Placed, Refund};
use shopcredit::order_flow::model::{Kind, Method, OrderState, Phase, StatusClass};
use shopcredit::order_flow::{decide, Context};
use shopcredit::wallet::WalletSettings;

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

/// The books as far as one order goes.
#[derive(Debug, Default, Clone)]
struct Books {
    /// The customer's spendable balance (posted credits minus every debit, pending included).
    wallet: i64,
    /// Balance money the order took (posted) minus what came back.
    wallet_net: i64,
    wallet_pending: i64,
    /// Credit line: what the order debited, minus refunds and restores to the line.
    line_net: i64,
    line_pending: i64,
    /// Customer payments on the receivable.
    line_paid: i64,
    topup_credited: i64,
    topup_reversed: i64,
    captured: bool,
    /// Requests to the financing provider, in the order they were asked, not answered yet.
    provider_queue: Vec<BookOp>,
    /// Every request asked (answered or not).
    provider_asked: Vec<BookOp>,
}

struct Sim {
    s: Option<OrderState>,
    b: Books,
    check: Outcome,
    mails: Vec<String>,
    status_sets: usize,
}

fn settings() -> WalletSettings {
    WalletSettings {
        enabled: true,
        allowed_groups: vec![],
        allow_partial: true,
        allow_top_up: true,
        allow_withdrawal: true,
        min_withdrawal: 0,
        min_top_up: 0,
        max_top_up: 0,
        top_up_vat_rate: Some(rust_decimal::Decimal::new(20, 0)),
        amounts_known: true,
    }
}

impl Sim {
    fn ctx(&self) -> Context {
        Context {
            key_base: "o1".into(),
            wallet: Some(settings()),
            top_up_methods: vec!["card".into()],
            due_date_status: Some("shipped".into()),
            shipped_status: Some("shipped".into()),
            wallet_available: Some(self.b.wallet),
            reservation_live: true,
        }
    }

    /// One event, with the rounds the bridge runs (book operations, then their outcome).
    fn deliver(&mut self, mut event: Event) -> Result<(), TestCaseError> {
        // A refusal in a later round rolls the whole event back (the bridge's transaction).
        let (state, books, mails) = (self.s.clone(), self.b.clone(), self.mails.clone());
        for _round in 0..4 {
            let d = decide(self.s.as_ref(), &event, &self.ctx()).map_err(|e| TestCaseError::fail(format!("invalid: {e:?} for {event:?}")))?;
            if !d.accepted {
                prop_assert!(d.book.is_empty() && d.actions.is_empty());
                (self.s, self.b, self.mails) = (state, books, mails);
                return Ok(());
            }
            self.s = d.state.clone();
            for a in &d.actions {
                match a {
                    HostAction::Email { template } => self.mails.push(format!("{template:?}")),
                    HostAction::SetStatus { .. } => self.status_sets += 1,
                    _ => {}
                }
            }
            let mut next = None;
            for op in &d.book {
                if let Some(b) = self.run(op)? {
                    next = Some(Event::Booked(b));
                }
            }
            match next {
                Some(e) => event = e,
                None => return Ok(()),
            }
        }
        Err(TestCaseError::fail("more than 4 rounds"))
    }

    fn run(&mut self, op: &BookOp) -> Result<Option<Booked>, TestCaseError> {
        let b = &mut self.b;
        Ok(match op {
            BookOp::Reserve { wallet, credit_line, .. } => {
                let ok = *wallet <= b.wallet;
                if ok {
                    b.wallet -= wallet;
                    b.wallet_pending += wallet;
                    b.line_pending += credit_line;
                }
                Some(Booked::Reserve { accepted: ok, reasons: if ok { vec![] } else { vec![Code::WalletInsufficientFunds] } })
            }
            BookOp::Settle { outcome } => {
                match outcome {
                    SettleOutcome::Paid => {
                        b.wallet_net += b.wallet_pending;
                        b.line_net += b.line_pending;
                    }
                    SettleOutcome::Cancelled => b.wallet += b.wallet_pending,
                }
                b.wallet_pending = 0;
                b.line_pending = 0;
                None
            }
            BookOp::CreditCheck { .. } => {
                if self.check == Outcome::Passed {
                    let planned = self.s.as_ref().map_or(0, |s| s.credit_line.planned);
                    b.line_net += if b.line_pending > 0 { b.line_pending } else { planned };
                }
                if self.check != Outcome::ManualReview {
                    b.line_pending = 0;
                }
                Some(Booked::CreditCheck { outcome: self.check, reasons: vec![] })
            }
            BookOp::Transfer { legs, .. } => {
                for l in legs {
                    match (l.from, l.to, l.code) {
                        (Party::Wallet, Party::Sales, _) => {
                            prop_assert!(b.wallet >= l.amount, "the balance would go below zero");
                            b.wallet -= l.amount;
                            b.wallet_net += l.amount;
                        }
                        (Party::Sales, Party::Wallet, _) => {
                            b.wallet += l.amount;
                            b.wallet_net -= l.amount;
                        }
                        (Party::Sales, Party::CreditLine, _) => b.line_net -= l.amount,
                        (Party::TopUps, Party::Wallet, MovementType::TopUp) => {
                            prop_assert!(b.captured, "a top-up credited before its payment was captured");
                            b.wallet += l.amount;
                            b.topup_credited += l.amount;
                        }
                        (Party::Wallet, Party::TopUps, MovementType::AdjustmentDebit) => {
                            prop_assert!(b.wallet >= l.amount, "a reversal would take the balance below zero");
                            b.wallet -= l.amount;
                            b.topup_reversed += l.amount;
                        }
                        other => prop_assert!(false, "unexpected transfer {other:?}"),
                    }
                }
                None
            }
            BookOp::CancelOnAccount { .. } => {
                // credit.cancelOrder: what the receivable still expects goes back to the line.
                let outstanding = (b.line_net - b.line_paid).max(0);
                b.line_net -= outstanding;
                None
            }
            BookOp::RecordPayment { amount, .. } => {
                b.line_paid += amount;
                None
            }
            BookOp::CreditNote { .. } => None,
            BookOp::ProviderConfirmDelivery { .. } | BookOp::ProviderCancel { .. } => {
                b.provider_queue.push(op.clone());
                b.provider_asked.push(op.clone());
                None
            }
            BookOp::DueDate => Some(Booked::DueDate { due_date: Some("2026-12-02".into()) }),
        })
    }

    fn check_invariants(&self) -> Result<(), TestCaseError> {
        let Some(s) = &self.s else { return Ok(()) };
        for (name, l) in [("wallet", s.wallet), ("creditLine", s.credit_line), ("external", s.external)] {
            prop_assert!(l.refunded + l.restored <= l.paid, "{name}: gave back more than paid: {l:?}");
            prop_assert!(l.reserved >= 0 && l.settled >= 0);
        }
        prop_assert!(self.b.wallet >= 0, "balance below zero");
        prop_assert!(s.awaiting.is_none());
        prop_assert_eq!(self.b.wallet_net, s.wallet.held(), "the books and the order's running account of the balance differ");
        prop_assert!(self.b.wallet_net >= 0, "the order gave back more balance than it took");
        prop_assert_eq!(self.b.wallet_pending, s.wallet.reserved);
        if s.kind == Kind::Goods && s.method == Method::CreditLine {
            // What the receivable still expects is what the line carries for the order.
            prop_assert_eq!((self.b.line_net - self.b.line_paid).max(0), s.credit_line.outstanding(), "{:?} {:?}", self.b, s.credit_line);
            prop_assert!(self.b.line_net <= s.credit_line.paid);
        }
        if s.phase == Phase::Cancelled {
            prop_assert_eq!(self.b.wallet_net, 0, "a cancelled order keeps balance money");
            prop_assert_eq!(self.b.wallet_pending + self.b.line_pending, 0, "a cancelled order keeps a reservation");
            prop_assert_eq!(s.credit_line.held(), 0);
            prop_assert_eq!((self.b.line_net - self.b.line_paid).max(0), 0, "a cancelled order on account is still owed");
            if let Some(t) = s.top_up {
                prop_assert_eq!(self.b.topup_credited - self.b.topup_reversed, t.credited - t.reversed);
                prop_assert_eq!(t.reversible(), 0, "a cancelled top-up keeps credit it could take back");
            }
        }
        if let Some(t) = s.top_up {
            prop_assert!(t.credited == 0 || t.credited == t.credit, "credited once, in full");
            prop_assert_eq!(self.b.topup_credited, t.credited);
            prop_assert_eq!(self.b.topup_reversed, t.reversed);
            prop_assert!(t.reversed + t.unrecovered <= t.credited);
        }
        for m in ["NewOrder", "OrderProcessing", "BalanceCredited"] {
            prop_assert!(self.mails.iter().filter(|x| *x == m).count() <= 1, "{m} sent twice");
        }
        Ok(())
    }
}

fn placed(kind: Kind, method: Method, total: i64, part: i64) -> Event {
    Event::Placed(Placed { kind, method, currency: eur(), total, wallet_part: part, payment_method: Some("card".into()), stock_held: true })
}

fn class() -> impl Strategy<Value = StatusClass> {
    prop::sample::select(StatusClass::ALL.to_vec())
}

fn event(total: i64) -> impl Strategy<Value = Event> {
    prop_oneof![
        4 => (class(), prop::option::of(prop::sample::select(vec!["shipped", "processing"]))).prop_map(|(class, h)| Event::StatusChanged { class, host_status: h.map(str::to_string) }),
        3 => (1..=total + total / 5, any::<bool>(), any::<bool>(), 0u8..3).prop_map(|(amount, via_gateway, to_balance, n)| Event::Refund(Refund { refund_id: format!("r{n}"), amount, via_gateway, to_balance })),
        1 => Just(Event::PaymentCaptured { reference: None }),
        1 => (1..=total).prop_map(|amount| Event::PaymentRecorded(PaymentRecorded { amount, method: "bank".into(), reference: None, origin: Origin::ShopCredit })),
        1 => (prop::sample::select(vec![Hint::AwaitingFinancing, Hint::Paid, Hint::PaymentError, Hint::Cancelled]), any::<bool>())
            .prop_map(|(h, applied)| Event::Financing(FinancingUpdate { applied, hint: Some(h), reason: (!applied).then_some(Code::DuplicateEvent) })),
        1 => prop::option::of(prop::sample::select(vec![AdminDecision::Approve, AdminDecision::Decline])).prop_map(|admin| Event::CreditCheckRun { admin }),
    ]
}

fn scenario() -> impl Strategy<Value = (Kind, Method, i64, i64, i64, Outcome, Vec<Event>)> {
    (
        prop::sample::select(vec![
            (Kind::Goods, Method::WalletFull),
            (Kind::Goods, Method::WalletPartial),
            (Kind::Goods, Method::CreditLine),
            (Kind::Goods, Method::Financing),
            (Kind::TopUp, Method::External),
        ]),
        2i64..20_000,
        0i64..30_000,
        prop::sample::select(vec![Outcome::Passed, Outcome::Failed, Outcome::ManualReview]),
    )
        .prop_flat_map(|((kind, method), total, balance, check)| {
            (Just(kind), Just(method), Just(total), 1..total, Just(balance), Just(check), prop::collection::vec(event(total), 1..14))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
    #[test]
    fn no_sequence_gives_back_more_than_was_paid((kind, method, total, part, balance, check, events) in scenario()) {
        let mut sim = Sim { s: None, b: Books { wallet: balance, ..Books::default() }, check, mails: vec![], status_sets: 0 };
        sim.deliver(placed(kind, method, total, if method == Method::WalletPartial { part } else { 0 }))?;
        sim.check_invariants()?;
        for e in events {
            if matches!(e, Event::PaymentCaptured { .. }) && sim.s.as_ref().is_some_and(|s| s.kind == Kind::TopUp) {
                sim.b.captured = true;
            }
            let ext_before = sim.s.as_ref().map_or(0, |s| s.external.refunded);
            sim.deliver(e.clone())?;
            if let (Event::Refund(r), Some(s)) = (&e, &sim.s) {
                if r.to_balance && s.kind == Kind::Goods {
                    // The card's share given back as balance (the admin's choice): not the order's balance part.
                    sim.b.wallet_net += s.external.refunded - ext_before;
                }
            }
            sim.check_invariants()?;
            // The same event again changes nothing in the books.
            let before = sim.b.clone();
            if !matches!(e, Event::Refund(_) | Event::PaymentRecorded(_) | Event::StatusChanged { class: StatusClass::Refunded, .. }) {
                sim.deliver(e)?;
                prop_assert_eq!(format!("{:?}", sim.b), format!("{before:?}"), "a second delivery moved money");
                sim.check_invariants()?;
            }
        }
        let _ = sim.status_sets;
    }
}

#[test]
fn refund_then_cancel_gives_back_what_was_paid_once() {
    // PrestaShop's measured case: balance 30.00 + wire 10.00, a 15.00 refund (11.25 to the balance), then cancelled.
    let mut sim = Sim { s: None, b: Books { wallet: 5000, ..Books::default() }, check: Outcome::Passed, mails: vec![], status_sets: 0 };
    sim.deliver(placed(Kind::Goods, Method::WalletPartial, 4000, 3000)).unwrap();
    sim.deliver(Event::StatusChanged { class: StatusClass::Paid, host_status: None }).unwrap();
    sim.deliver(Event::Refund(Refund { refund_id: "r1".into(), amount: 1500, via_gateway: false, to_balance: false })).unwrap();
    assert_eq!(sim.s.as_ref().unwrap().wallet.refunded, 1125);
    sim.deliver(Event::StatusChanged { class: StatusClass::Cancelled, host_status: None }).unwrap();
    let s = sim.s.unwrap();
    assert_eq!((s.wallet.refunded, s.wallet.restored, sim.b.wallet), (1125, 1875, 5000));
}

// ---------------------------------------------------------------------------------------------
// Financed orders after the sale: the provider's delivery confirmation and cancellations.

use shopcredit::financing::after_sale::{plan_cancel, plan_delivery, Plan, SolutionKind, SubscriptionFacts};
use shopcredit::financing::status::Status;
use shopcredit::order_flow::effects::NoteCode;
use shopcredit::order_flow::event::{ProviderAnswer, ProviderOutcome, ProviderRequest};
use shopcredit::order_flow::model::{Delivery, FinancingState};

/// The provider's side of one subscription, answering with the core's own rules.
#[derive(Debug, Clone)]
struct Provider {
    facts: SubscriptionFacts,
    now_ms: i64,
    deliveries_done: u32,
    partials_done: u32,
    fulls_done: u32,
    cancelled_total: i64,
}

impl Provider {
    /// Answers the oldest request the order asked for, as the bridge would report it.
    fn answer(&mut self, op: &BookOp) -> ProviderAnswer {
        let f = &mut self.facts;
        let (request, plan, asked) = match op {
            BookOp::ProviderConfirmDelivery { .. } => (ProviderRequest::ConfirmDelivery, plan_delivery(f), None),
            BookOp::ProviderCancel { amount, .. } => (ProviderRequest::Cancel, plan_cancel(f, *amount, self.now_ms), *amount),
            other => panic!("not a provider request: {other:?}"),
        };
        let mut a = ProviderAnswer {
            request,
            outcome: ProviderOutcome::Done,
            amount: asked,
            full: false,
            financed_after: None,
            reason: None,
            provider_code: None,
            provider_message: None,
        };
        match plan {
            Plan::ConfirmDelivery => {
                f.delivered = true;
                self.deliveries_done += 1;
            }
            Plan::Cancel { amount, full } => {
                f.financed -= amount;
                self.cancelled_total += amount;
                if full {
                    f.status = Some(Status::Cancelled);
                    self.fulls_done += 1;
                } else {
                    f.partial_cancellation_made = true;
                    self.partials_done += 1;
                }
                (a.amount, a.full, a.financed_after) = (Some(amount), full, Some(f.financed));
            }
            Plan::Nothing(code) => (a.outcome, a.reason) = (ProviderOutcome::None, Some(code)),
            Plan::Refuse(code) => (a.outcome, a.reason) = (ProviderOutcome::Refused, Some(code)),
        }
        a
    }
}

#[derive(Debug, Clone)]
enum Step {
    Status(StatusClass, &'static str),
    Refund(i64, u8),
    /// The provider answers the oldest request (its answer delivered twice when `twice`).
    Answer {
        twice: bool,
    },
    /// The provider's own webhook says the financing was cancelled.
    CancelledWebhook,
}

fn after_sale_step(total: i64) -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (class(), prop::sample::select(vec!["shipped", "processing", "wc-completed"])).prop_map(|(c, h)| Step::Status(c, h)),
        3 => (1..=total + total / 5, 0u8..4).prop_map(|(a, n)| Step::Refund(a, n)),
        4 => any::<bool>().prop_map(|twice| Step::Answer { twice }),
        1 => Just(Step::CancelledWebhook),
    ]
}

fn count_notes(actions: &[HostAction], code: NoteCode) -> usize {
    actions.iter().filter(|a| matches!(a, HostAction::Note { code: c, .. } if *c == code)).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
    #[test]
    fn financed_orders_ask_the_provider_once_and_never_cancel_more_than_it_finances(
        total in 2i64..20_000,
        credit in any::<bool>(),
        age_days in 0i64..120,
        steps in prop::collection::vec(after_sale_step(20_000), 1..16),
    ) {
        let mut sim = Sim { s: None, b: Books::default(), check: Outcome::Passed, mails: vec![], status_sets: 0 };
        sim.deliver(placed(Kind::Goods, Method::Financing, total, 0))?;
        sim.deliver(Event::Financing(FinancingUpdate { applied: true, hint: Some(Hint::Paid), reason: None }))?;
        let mut provider = Provider {
            facts: SubscriptionFacts {
                kind: if credit { SolutionKind::Credit } else { SolutionKind::Split },
                status: Some(Status::Accepted),
                accepted_at_ms: Some(0),
                financed: total,
                partial_cancellation_made: false,
                delivered: false,
            },
            now_ms: age_days * 86_400_000,
            deliveries_done: 0, partials_done: 0, fulls_done: 0, cancelled_total: 0,
        };
        let mut notes: Vec<HostAction> = vec![];
        for step in steps {
            let before = sim.s.clone().unwrap();
            let asked_before = sim.b.provider_asked.len();
            let events: Vec<Event> = match step {
                Step::Status(class, host) => vec![Event::StatusChanged { class, host_status: Some(host.into()) }],
                Step::Refund(amount, n) => vec![Event::Refund(Refund { refund_id: format!("r{n}"), amount: amount.min(total + total / 5), via_gateway: false, to_balance: false })],
                Step::Answer { twice } => {
                    if sim.b.provider_queue.is_empty() { continue; }
                    let op = sim.b.provider_queue.remove(0);
                    let a = Event::ProviderAnswered(provider.answer(&op));
                    if twice { vec![a.clone(), a] } else { vec![a] }
                }
                Step::CancelledWebhook => {
                    if provider.facts.status == Some(Status::Cancelled) {
                        vec![Event::Financing(FinancingUpdate { applied: true, hint: Some(Hint::Cancelled), reason: None })]
                    } else { continue; }
                }
            };
            for (n, e) in events.iter().enumerate() {
                let d = decide(sim.s.as_ref(), e, &sim.ctx()).map_err(|x| TestCaseError::fail(format!("{x:?}")))?;
                if n > 0 {
                    // The bridge answers a second delivery from its keyed events; the core itself
                    // changes nothing on a done answer seen again (a refusal is only worded again).
                    let refusal = |a: &HostAction| matches!(a, HostAction::Note { code: NoteCode::FinancingCancelRefused | NoteCode::FinancingCancelAskLender | NoteCode::FinancingDeliveryRefused, .. });
                    prop_assert!(d.book.is_empty() && d.actions.iter().all(refusal), "a second delivery of an answer did something: {d:?}");
                    prop_assert_eq!(d.state.as_ref(), sim.s.as_ref());
                }
                if d.accepted { notes.extend(d.actions.iter().cloned()); }
                sim.deliver(e.clone())?;
            }
            let s = sim.s.clone().unwrap();
            let asked = &sim.b.provider_asked[asked_before..];
            prop_assert!(!notes.iter().any(|a| matches!(a, HostAction::RefundExternal { .. })),
                "an accepted financing is given back by the provider, not the payment method");
            // A refund of the financed part asks the provider to cancel exactly that part.
            if let Step::Refund(..) = step {
                let given = s.external.refunded - before.external.refunded;
                let cancels: Vec<_> = asked.iter().filter_map(|o| match o { BookOp::ProviderCancel { amount, .. } => Some(*amount), _ => None }).collect();
                if given > 0 && before.financing == FinancingState::Accepted {
                    prop_assert_eq!(cancels, vec![Some(given)]);
                } else {
                    prop_assert!(cancels.is_empty());
                }
            }
            // A cancellation asks for the whole financing once.
            if s.phase == Phase::Cancelled && before.phase != Phase::Cancelled && before.financing == FinancingState::Accepted && before.external.held() > 0 {
                let full = asked.iter().any(|o| matches!(o, BookOp::ProviderCancel { amount: None, .. }));
                prop_assert!(full, "a cancelled financed order asks the provider to cancel it");
            }
            let deliveries = sim.b.provider_asked.iter().filter(|o| matches!(o, BookOp::ProviderConfirmDelivery { .. })).count();
            prop_assert!(deliveries <= 1 + count_notes(&notes, NoteCode::FinancingDeliveryRefused),
                "the delivery confirmation is asked again only after a refusal");
            prop_assert!(provider.deliveries_done <= 1 && provider.partials_done <= 1 && provider.fulls_done <= 1);
            prop_assert!(provider.cancelled_total <= total, "cancelled more than the provider financed");
            prop_assert!(count_notes(&notes, NoteCode::FinancingDeliveryConfirmed) <= 1);
            prop_assert!(count_notes(&notes, NoteCode::FinancingCancelled) <= 1, "one note for the cancellation");
            prop_assert!(count_notes(&notes, NoteCode::FinancingCancelledInPart) <= 1);
            prop_assert_eq!(count_notes(&notes, NoteCode::FinancingDeliveryConfirmed), provider.deliveries_done as usize);
            if credit {
                prop_assert_eq!(provider.cancelled_total, 0, "long credit is cancelled by the lender only");
            }
            if s.delivery == Some(Delivery::Confirmed) {
                prop_assert!(provider.facts.delivered || !credit);
            }
            if s.financing == FinancingState::Cancelled {
                prop_assert_eq!(s.external.held(), 0, "a financing cancelled at the provider leaves nothing held");
            }
            for l in [s.wallet, s.credit_line, s.external] {
                prop_assert!(l.refunded + l.restored <= l.paid);
            }
        }
    }
}
