//! `order.decide` on the wire: typed request and response structs, converted to and from the
//! domain values of [`crate::order_flow`] (the rules never see JSON).
//!
//! Request `input`: `{keyBase, order, event, settings?, facts?}`; `order` is null before the
//! order is placed. Response `result`: `{accepted, applied, reasons, order, book, actions}`.
//! Amounts are decimal strings in the order's currency.

use crate::prelude::*;

use crate::api::field_path;
use crate::api::ops::wallet::settings::WireWalletSettings;
use crate::api::wire::{amount_string, Amount, CurrencyCode, Id, SignedAmount, WireDate};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::credit_line::check::{AdminDecision, Outcome};
use crate::financing::status::Hint;
use crate::ledger::MovementType;
use crate::money::Currency;
use crate::order_flow::effects::{BookOp, HostAction, NoteCode, Party, SettleOutcome, StockChange};
use crate::order_flow::event::{Booked, Event, FinancingUpdate, Origin, PaymentRecorded, Placed, ProviderAnswer, ProviderOutcome, ProviderRequest, Refund};
use crate::order_flow::model::{Awaiting, CheckState, Delivery, FinancingState, Kind, Leg, Mail, Method, OrderState, Phase, StatusClass, TopUp};
use crate::order_flow::{decide, Context, Decision};
use crate::sorted::{SortedMap, SortedSet};
use crate::{Read, Write};

/// Leaves room for `:{seq}:{leg}` within an id's 128 bytes.
pub const MAX_KEY_BASE_BYTES: usize = 80;
const MAX_TEXT_BYTES: usize = 64;
/// The financing provider's own message when it refused a request (the bridge shortens it).
const MAX_PROVIDER_MESSAGE_BYTES: usize = 255;

/// One funding source's running account. `A` is `Amount` in requests and `String` in answers.
#[derive(Write, Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireLeg<A> {
    /// Answers only: paid − refunded − restored, what the source has in the order now (ignored in requests).
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub held: Option<A>,
    pub paid: A,
    pub planned: A,
    pub refunded: A,
    pub reserved: A,
    pub restored: A,
    pub settled: A,
}

fn none<A>() -> Option<A> {
    None
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Write, Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireTopUp<A> {
    pub credit: A,
    pub credited: A,
    pub price: A,
    pub refunded: A,
    pub reversed: A,
    pub unrecovered: A,
    pub vat: A,
}

/// The order's state as the bridge stores it and sends it back with the next event.
#[derive(Write, Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireOrder<A> {
    pub awaiting: Option<Awaiting>,
    pub credit_check: CheckState,
    pub credit_line: WireLeg<A>,
    pub currency: String,
    /// Financing: the delivery confirmation to the provider (absent: not asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    pub due_date_started: bool,
    pub external: WireLeg<A>,
    pub financing: FinancingState,
    pub host_status: Option<String>,
    pub kind: Kind,
    pub mails: SortedSet<Mail>,
    pub method: Method,
    /// Financing: the one partial cancellation the provider allows was made (absent: not yet).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partially_cancelled: bool,
    pub payment_method: Option<String>,
    pub phase: Phase,
    pub reservation_key: Option<String>,
    pub seq: u32,
    pub status: Option<StatusClass>,
    pub stock_held: bool,
    pub top_up: Option<WireTopUp<A>>,
    pub total: A,
    pub wallet: WireLeg<A>,
}

#[derive(Read, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BookedOp {
    Reserve,
    CreditCheck,
    DueDate,
}

#[derive(Read, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Placed,
    StatusChanged,
    Refund,
    PaymentRecorded,
    PaymentCaptured,
    Financing,
    CreditCheckRun,
    Booked,
    ProviderAnswered,
}

/// A host-neutral event: `type` and the fields of that type (a flat struct: no buffered
/// internally tagged enum, which would pull float handling into the host wasm).
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireEvent {
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// placed
    #[serde(default)]
    pub kind: Option<Kind>,
    /// placed: our method (`wallet_full`, ...); payment_recorded: the host's payment method.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub currency: Option<CurrencyCode>,
    #[serde(default)]
    pub total: Option<Amount>,
    #[serde(default)]
    pub wallet_part: Option<Amount>,
    #[serde(default)]
    pub payment_method: Option<Id>,
    #[serde(default)]
    pub stock_held: Option<bool>,
    /// status_changed
    #[serde(default)]
    pub class: Option<StatusClass>,
    #[serde(default)]
    pub host_status: Option<String>,
    /// refund
    #[serde(default)]
    pub refund_id: Option<Id>,
    #[serde(default)]
    pub amount: Option<Amount>,
    #[serde(default)]
    pub via_gateway: Option<bool>,
    #[serde(default)]
    pub to_balance: Option<bool>,
    /// payment_recorded, payment_captured
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub origin: Option<WireOrigin>,
    /// financing
    #[serde(default)]
    pub applied: Option<bool>,
    #[serde(default)]
    pub hint: Option<Hint>,
    #[serde(default)]
    pub reason: Option<Code>,
    /// credit_check_run
    #[serde(default)]
    pub admin_decision: Option<AdminDecision>,
    /// booked
    #[serde(default)]
    pub op: Option<BookedOp>,
    #[serde(default)]
    pub accepted: Option<bool>,
    #[serde(default)]
    pub reasons: Option<Vec<Code>>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub due_date: Option<WireDate>,
    /// provider_answered (also `amount`, `reason`)
    #[serde(default)]
    pub request: Option<ProviderRequest>,
    #[serde(default)]
    pub answer: Option<ProviderOutcome>,
    #[serde(default)]
    pub full: Option<bool>,
    #[serde(default)]
    pub financed_after: Option<Amount>,
    #[serde(default)]
    pub provider_code: Option<String>,
    #[serde(default)]
    pub provider_message: Option<String>,
}

impl WireEvent {
    /// The fields each type may carry (others are refused as unknown for that type).
    fn allowed(&self) -> &'static [&'static str] {
        match self.event_type {
            EventType::Placed => &["kind", "method", "currency", "total", "walletPart", "paymentMethod", "stockHeld"],
            EventType::StatusChanged => &["class", "hostStatus"],
            EventType::Refund => &["refundId", "amount", "viaGateway", "toBalance"],
            EventType::PaymentRecorded => &["amount", "method", "reference", "origin"],
            EventType::PaymentCaptured => &["reference"],
            EventType::Financing => &["applied", "hint", "reason"],
            EventType::CreditCheckRun => &["adminDecision"],
            EventType::Booked => &["op", "accepted", "reasons", "outcome", "dueDate"],
            EventType::ProviderAnswered => &["request", "answer", "amount", "full", "financedAfter", "reason", "providerCode", "providerMessage"],
        }
    }

    fn present(&self) -> Vec<&'static str> {
        let fields: [(&'static str, bool); 30] = [
            ("kind", self.kind.is_some()),
            ("method", self.method.is_some()),
            ("currency", self.currency.is_some()),
            ("total", self.total.is_some()),
            ("walletPart", self.wallet_part.is_some()),
            ("paymentMethod", self.payment_method.is_some()),
            ("stockHeld", self.stock_held.is_some()),
            ("class", self.class.is_some()),
            ("hostStatus", self.host_status.is_some()),
            ("refundId", self.refund_id.is_some()),
            ("amount", self.amount.is_some()),
            ("viaGateway", self.via_gateway.is_some()),
            ("toBalance", self.to_balance.is_some()),
            ("reference", self.reference.is_some()),
            ("origin", self.origin.is_some()),
            ("applied", self.applied.is_some()),
            ("hint", self.hint.is_some()),
            ("reason", self.reason.is_some()),
            ("adminDecision", self.admin_decision.is_some()),
            ("op", self.op.is_some()),
            ("accepted", self.accepted.is_some()),
            ("reasons", self.reasons.is_some()),
            ("outcome", self.outcome.is_some()),
            ("dueDate", self.due_date.is_some()),
            ("request", self.request.is_some()),
            ("answer", self.answer.is_some()),
            ("full", self.full.is_some()),
            ("financedAfter", self.financed_after.is_some()),
            ("providerCode", self.provider_code.is_some()),
            ("providerMessage", self.provider_message.is_some()),
        ];
        fields.iter().filter(|(_, p)| *p).map(|(n, _)| *n).collect()
    }
}

fn need<T: Clone>(v: &Option<T>, field: &str) -> Result<T, ApiError> {
    v.clone().ok_or_else(|| ApiError::at(ErrorCode::MissingField, format!("input.event.{field}"), format!("this event needs `{field}`")))
}

#[derive(Read, Debug, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum WireOrigin {
    Host,
    Shopcredit,
}

#[derive(Read, Debug, Clone, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireOrderSettings {
    #[serde(default)]
    pub wallet: Option<WireWalletSettings>,
    #[serde(default)]
    pub top_up_methods: Vec<Id>,
    #[serde(default)]
    pub due_date_status: Option<String>,
    /// The host status the merchant chose as "shipped" (absent: any fulfilled status).
    #[serde(default)]
    pub shipped_status: Option<String>,
}

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireFacts {
    #[serde(default)]
    pub wallet_available: Option<SignedAmount>,
    #[serde(default = "yes")]
    pub reservation_live: bool,
}

fn yes() -> bool {
    true
}

impl Default for WireFacts {
    fn default() -> WireFacts {
        WireFacts { wallet_available: None, reservation_live: true }
    }
}

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DecideInput {
    pub key_base: Id,
    pub order: Option<WireOrder<Amount>>,
    pub event: WireEvent,
    #[serde(default)]
    pub settings: WireOrderSettings,
    #[serde(default)]
    pub facts: WireFacts,
}

#[derive(Write, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct WireTransferLeg {
    pub amount: String,
    pub code: MovementType,
    pub from: Party,
    pub to: Party,
}

/// A book operation for the bridge: `op` and its fields (declared in sorted wire order, absent
/// when they do not apply); `reports`: its outcome comes back as `booked`.
#[derive(Write, Debug, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct WireBookOp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_decision: Option<AdminDecision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legs: Option<Vec<WireTransferLeg>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub op: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<SettleOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub reports: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet: Option<String>,
}

/// A host action: `type` and its fields (sorted wire order, absent when they do not apply).
#[derive(Write, Debug, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct WireAction {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<StockChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<StatusClass>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<NoteCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<SortedMap<&'static str, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<Mail>,
    #[serde(rename = "type")]
    pub action_type: &'static str,
}

#[derive(Write, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DecideOut {
    pub accepted: bool,
    pub actions: Vec<WireAction>,
    pub applied: bool,
    pub book: Vec<WireBookOp>,
    pub order: Option<WireOrder<String>>,
    pub reasons: Vec<Code>,
}

/// `order.decide`: one event for one order → book operations, host actions, the new state.
pub fn decide_op(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: DecideInput = parse_input(input)?;
    if i.key_base.0.len() > MAX_KEY_BASE_BYTES {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.keyBase", "the key base must leave room for suffixes (at most 80 bytes)"));
    }
    let state = match &i.order {
        Some(o) => Some(order_in(o, "input.order")?),
        None => None,
    };
    let currency = match (&state, &i.event) {
        (Some(s), _) => s.currency,
        (None, WireEvent { event_type: EventType::Placed, currency: Some(currency), .. }) => currency.0,
        (None, _) => Currency::from_code("EUR").map_err(|e| ApiError::new(ErrorCode::InternalError, e.to_string()))?,
    };
    let event = event_in(&i.event, currency)?;
    let ctx = context(&i, currency)?;
    let d = decide(state.as_ref(), &event, &ctx).map_err(|e| ApiError::at(ErrorCode::InvalidValue, e.path, e.message))?;
    to_result(&answer(&d))
}

fn text(s: &Option<String>, path: &str) -> Result<Option<String>, ApiError> {
    match s {
        Some(t) if t.len() > MAX_TEXT_BYTES || t.chars().any(char::is_control) => {
            Err(ApiError::at(ErrorCode::InvalidValue, path, format!("at most {MAX_TEXT_BYTES} bytes without control characters")))
        }
        other => Ok(other.clone()),
    }
}

fn context(i: &DecideInput, c: Currency) -> Result<Context, ApiError> {
    let wallet = match &i.settings.wallet {
        Some(w) => Some(w.validate(c, "input.settings.wallet")?),
        None => None,
    };
    Ok(Context {
        key_base: i.key_base.0.clone(),
        wallet,
        top_up_methods: i.settings.top_up_methods.iter().map(|m| m.0.clone()).collect(),
        due_date_status: text(&i.settings.due_date_status, "input.settings.dueDateStatus")?,
        shipped_status: text(&i.settings.shipped_status, "input.settings.shippedStatus")?,
        wallet_available: match &i.facts.wallet_available {
            Some(a) => Some(a.minor(c, "input.facts.walletAvailable")?),
            None => None,
        },
        reservation_live: i.facts.reservation_live,
    })
}

fn event_in(e: &WireEvent, c: Currency) -> Result<Event, ApiError> {
    if let Some(extra) = e.present().into_iter().find(|f| !e.allowed().contains(f)) {
        return Err(ApiError::at(ErrorCode::UnknownField, format!("input.event.{extra}"), format!("`{extra}` is not a field of this event type")));
    }
    let minor = |a: &Option<Amount>, f: &str| need(a, f)?.minor(c, format!("input.event.{f}"));
    Ok(match e.event_type {
        EventType::Placed => {
            let currency = need(&e.currency, "currency")?.0;
            let method = match need(&e.method, "method")?.as_str() {
                "credit_line" => Method::CreditLine,
                "wallet_full" => Method::WalletFull,
                "wallet_partial" => Method::WalletPartial,
                "financing" => Method::Financing,
                "external" => Method::External,
                _ => {
                    return Err(ApiError::at(
                        ErrorCode::InvalidValue,
                        "input.event.method",
                        "method must be credit_line, wallet_full, wallet_partial, financing or external",
                    ))
                }
            };
            Event::Placed(Placed {
                kind: need(&e.kind, "kind")?,
                method,
                currency,
                total: need(&e.total, "total")?.minor(currency, "input.event.total")?,
                wallet_part: match &e.wallet_part {
                    Some(a) => a.minor(currency, "input.event.walletPart")?,
                    None => 0,
                },
                payment_method: e.payment_method.as_ref().map(|m| m.0.clone()),
                stock_held: e.stock_held.unwrap_or(false),
            })
        }
        EventType::StatusChanged => Event::StatusChanged { class: need(&e.class, "class")?, host_status: text(&e.host_status, "input.event.hostStatus")? },
        EventType::Refund => Event::Refund(Refund {
            refund_id: need(&e.refund_id, "refundId")?.0,
            amount: minor(&e.amount, "amount")?,
            via_gateway: e.via_gateway.unwrap_or(false),
            to_balance: e.to_balance.unwrap_or(false),
        }),
        EventType::PaymentRecorded => Event::PaymentRecorded(PaymentRecorded {
            amount: minor(&e.amount, "amount")?,
            method: text(&Some(need(&e.method, "method")?), "input.event.method")?.unwrap_or_default(),
            reference: text(&e.reference, "input.event.reference")?,
            origin: match need(&e.origin, "origin")? {
                WireOrigin::Host => Origin::Host,
                WireOrigin::Shopcredit => Origin::ShopCredit,
            },
        }),
        EventType::PaymentCaptured => Event::PaymentCaptured { reference: text(&e.reference, "input.event.reference")? },
        EventType::Financing => Event::Financing(FinancingUpdate { applied: need(&e.applied, "applied")?, hint: e.hint, reason: e.reason }),
        EventType::CreditCheckRun => Event::CreditCheckRun { admin: e.admin_decision },
        EventType::Booked => {
            let reasons = e.reasons.clone().unwrap_or_default();
            Event::Booked(match need(&e.op, "op")? {
                BookedOp::Reserve => Booked::Reserve { accepted: need(&e.accepted, "accepted")?, reasons },
                BookedOp::CreditCheck => Booked::CreditCheck { outcome: need(&e.outcome, "outcome")?, reasons },
                BookedOp::DueDate => Booked::DueDate { due_date: e.due_date.map(|d| d.0.to_string()) },
            })
        }
        EventType::ProviderAnswered => Event::ProviderAnswered(provider_answer(e, c)?),
    })
}

fn provider_answer(e: &WireEvent, c: Currency) -> Result<ProviderAnswer, ApiError> {
    let opt = |a: &Option<Amount>, f: &str| -> Result<Option<i64>, ApiError> { a.as_ref().map(|a| a.minor(c, format!("input.event.{f}"))).transpose() };
    let message = match &e.provider_message {
        Some(m) if m.len() > MAX_PROVIDER_MESSAGE_BYTES || m.chars().any(char::is_control) => {
            return Err(ApiError::at(
                ErrorCode::InvalidValue,
                "input.event.providerMessage",
                format!("at most {MAX_PROVIDER_MESSAGE_BYTES} bytes without control characters"),
            ))
        }
        other => other.clone(),
    };
    Ok(ProviderAnswer {
        request: need(&e.request, "request")?,
        outcome: need(&e.answer, "answer")?,
        amount: opt(&e.amount, "amount")?,
        full: e.full.unwrap_or(false),
        financed_after: opt(&e.financed_after, "financedAfter")?,
        reason: e.reason,
        provider_code: text(&e.provider_code, "input.event.providerCode")?,
        provider_message: message,
    })
}

fn leg_in(l: &WireLeg<Amount>, c: Currency, path: &str) -> Result<Leg, ApiError> {
    let m = |a: &Amount, f: &str| a.minor(c, field_path(path, f));
    let leg = Leg {
        planned: m(&l.planned, "planned")?,
        reserved: m(&l.reserved, "reserved")?,
        paid: m(&l.paid, "paid")?,
        refunded: m(&l.refunded, "refunded")?,
        restored: m(&l.restored, "restored")?,
        settled: m(&l.settled, "settled")?,
    };
    if leg.refunded.checked_add(leg.restored).map_or(true, |back| back > leg.paid) {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, "a source cannot have given back more than it paid"));
    }
    Ok(leg)
}

fn order_in(o: &WireOrder<Amount>, path: &str) -> Result<OrderState, ApiError> {
    let c = Currency::from_code(&o.currency).map_err(|e| ApiError::from_money(e, field_path(path, "currency")))?;
    let top_up = match &o.top_up {
        Some(t) => {
            let m = |a: &Amount, f: &str| a.minor(c, format!("{path}.topUp.{f}"));
            Some(TopUp {
                price: m(&t.price, "price")?,
                credit: m(&t.credit, "credit")?,
                vat: m(&t.vat, "vat")?,
                credited: m(&t.credited, "credited")?,
                refunded: m(&t.refunded, "refunded")?,
                reversed: m(&t.reversed, "reversed")?,
                unrecovered: m(&t.unrecovered, "unrecovered")?,
            })
        }
        None => None,
    };
    if o.seq > 1_000_000 {
        return Err(ApiError::at(ErrorCode::InvalidValue, field_path(path, "seq"), "at most 1,000,000 book operations per order"));
    }
    Ok(OrderState {
        kind: o.kind,
        method: o.method,
        currency: c,
        total: o.total.minor(c, field_path(path, "total"))?,
        payment_method: text(&o.payment_method, &field_path(path, "paymentMethod"))?,
        phase: o.phase,
        status: o.status,
        host_status: text(&o.host_status, &field_path(path, "hostStatus"))?,
        wallet: leg_in(&o.wallet, c, &field_path(path, "wallet"))?,
        credit_line: leg_in(&o.credit_line, c, &field_path(path, "creditLine"))?,
        external: leg_in(&o.external, c, &field_path(path, "external"))?,
        reservation_key: o.reservation_key.clone().filter(|k| crate::api::wire::valid_id(k)),
        awaiting: o.awaiting,
        credit_check: o.credit_check,
        due_date_started: o.due_date_started,
        financing: o.financing,
        top_up,
        mails: o.mails.clone(),
        stock_held: o.stock_held,
        delivery: o.delivery,
        partially_cancelled: o.partially_cancelled,
        seq: o.seq,
    })
}

fn leg_out(l: &Leg, c: Currency) -> WireLeg<String> {
    let a = |m: i64| amount_string(m, c);
    WireLeg {
        planned: a(l.planned),
        reserved: a(l.reserved),
        paid: a(l.paid),
        refunded: a(l.refunded),
        restored: a(l.restored),
        settled: a(l.settled),
        held: Some(a(l.held())),
    }
}

fn order_out(s: &OrderState) -> WireOrder<String> {
    let c = s.currency;
    let a = |m: i64| amount_string(m, c);
    WireOrder {
        kind: s.kind,
        method: s.method,
        currency: c.code().to_string(),
        total: a(s.total),
        payment_method: s.payment_method.clone(),
        phase: s.phase,
        status: s.status,
        host_status: s.host_status.clone(),
        wallet: leg_out(&s.wallet, c),
        credit_line: leg_out(&s.credit_line, c),
        external: leg_out(&s.external, c),
        reservation_key: s.reservation_key.clone(),
        awaiting: s.awaiting,
        credit_check: s.credit_check,
        due_date_started: s.due_date_started,
        financing: s.financing,
        top_up: s.top_up.map(|t| WireTopUp {
            price: a(t.price),
            credit: a(t.credit),
            vat: a(t.vat),
            credited: a(t.credited),
            refunded: a(t.refunded),
            reversed: a(t.reversed),
            unrecovered: a(t.unrecovered),
        }),
        mails: s.mails.clone(),
        stock_held: s.stock_held,
        delivery: s.delivery,
        partially_cancelled: s.partially_cancelled,
        seq: s.seq,
    }
}

fn book_out(op: &BookOp, c: Currency) -> WireBookOp {
    let a = |m: i64| amount_string(m, c);
    let base = |op: &'static str| WireBookOp { op, reports: false, ..WireBookOp::default() };
    let mut w = match op {
        BookOp::Reserve { key, wallet, credit_line } => WireBookOp {
            key: Some(key.clone()),
            wallet: (*wallet > 0).then(|| a(*wallet)),
            credit_line: (*credit_line > 0).then(|| a(*credit_line)),
            ..base("reserve")
        },
        BookOp::Settle { outcome } => WireBookOp { outcome: Some(*outcome), ..base("settle") },
        BookOp::CreditCheck { key, reservation_id, admin } => {
            WireBookOp { key: Some(key.clone()), reservation_id: reservation_id.clone(), admin_decision: *admin, ..base("credit_check") }
        }
        BookOp::Transfer { key, legs } => WireBookOp {
            key: Some(key.clone()),
            legs: Some(legs.iter().map(|l| WireTransferLeg { amount: a(l.amount), code: l.code, from: l.from, to: l.to }).collect()),
            ..base("transfer")
        },
        BookOp::CreditNote { amount } => WireBookOp { amount: Some(a(*amount)), ..base("credit_note") },
        BookOp::CancelOnAccount { key } => WireBookOp { key: Some(key.clone()), ..base("cancel_on_account") },
        BookOp::RecordPayment { key, amount, method, reference } => WireBookOp {
            key: Some(key.clone()),
            amount: Some(a(*amount)),
            method: Some(method.clone()),
            reference: reference.clone(),
            ..base("record_payment")
        },
        BookOp::DueDate => base("due_date"),
        BookOp::ProviderConfirmDelivery { key } => WireBookOp { key: Some(key.clone()), ..base("provider_confirm_delivery") },
        BookOp::ProviderCancel { key, amount } => WireBookOp { key: Some(key.clone()), amount: amount.map(a), ..base("provider_cancel") },
    };
    w.reports = op.reports();
    w
}

fn action_out(x: &HostAction, c: Currency) -> WireAction {
    let base = |t: &'static str| WireAction { action_type: t, ..WireAction::default() };
    match x {
        HostAction::SetStatus { class } => WireAction { class: Some(*class), ..base("set_status") },
        HostAction::Note { code, params } => WireAction { code: Some(*code), params: Some(params.clone()), ..base("note") },
        HostAction::Email { template } => WireAction { template: Some(*template), ..base("email") },
        HostAction::RefundExternal { amount, refund_id } => {
            WireAction { amount: Some(amount_string(*amount, c)), refund_id: refund_id.clone(), ..base("refund_external") }
        }
        HostAction::Stock { change } => WireAction { change: Some(*change), ..base("stock") },
        HostAction::RecordPayment { amount, method, reference } => {
            WireAction { amount: Some(amount_string(*amount, c)), method: Some(method.clone()), reference: reference.clone(), ..base("record_payment") }
        }
    }
}

fn answer(d: &Decision) -> DecideOut {
    let c = d.state.as_ref().map(|s| s.currency);
    DecideOut {
        accepted: d.accepted,
        applied: d.applied,
        reasons: d.reasons.clone(),
        order: d.state.as_ref().map(order_out),
        book: c.map(|c| d.book.iter().map(|b| book_out(b, c)).collect()).unwrap_or_default(),
        actions: c.map(|c| d.actions.iter().map(|x| action_out(x, c)).collect()).unwrap_or_default(),
    }
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<DecideInput, DecideOut>("order.decide");
}
