//! `order.decide` on the wire: typed request and response structs, converted to and from the
//! domain values of [`crate::order_flow`] (the rules never see JSON).
//!
//! Request `input`: `{keyBase, order, event, settings?, facts?}`; `order` is null before the
//! order is placed. Response `result`: `{accepted, applied, reasons, order, book, actions}`.
//! Amounts are decimal strings in the order's currency.

use crate::api::wire::{amount_string, Amount, CurrencyCode, Id, SignedAmount, WireDate};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::credit_line::check::{AdminDecision, Outcome};
use crate::financing::status::Hint;
use crate::ledger::MovementType;
use crate::money::Currency;
use crate::order_flow::effects::{BookOp, HostAction, NoteCode, Party, SettleOutcome, StockChange};
use crate::order_flow::event::{
    Booked, Event, FinancingUpdate, Origin, PaymentRecorded, Placed, Refund,
};
use crate::order_flow::model::{
    Awaiting, CheckState, FinancingState, Kind, Leg, Mail, Method, OrderState, Phase, StatusClass,
    TopUp,
};
use crate::order_flow::{decide, Context, Decision};
use crate::wallet::ops::WireWalletSettings;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Leaves room for `:{seq}:{leg}` within an id's 128 bytes.
pub const MAX_KEY_BASE_BYTES: usize = 80;
const MAX_TEXT_BYTES: usize = 64;

/// One funding source's running account. `A` is `Amount` in requests and `String` in answers.
#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireLeg<A> {
    pub planned: A,
    pub reserved: A,
    pub paid: A,
    pub refunded: A,
    pub restored: A,
    pub settled: A,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireTopUp<A> {
    pub price: A,
    pub credit: A,
    pub vat: A,
    pub credited: A,
    pub refunded: A,
    pub reversed: A,
    pub unrecovered: A,
}

/// The order's state as the bridge stores it and sends it back with the next event.
#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireOrder<A> {
    pub kind: Kind,
    pub method: Method,
    pub currency: String,
    pub total: A,
    pub payment_method: Option<String>,
    pub phase: Phase,
    pub status: Option<StatusClass>,
    pub host_status: Option<String>,
    pub wallet: WireLeg<A>,
    pub credit_line: WireLeg<A>,
    pub external: WireLeg<A>,
    pub reservation_key: Option<String>,
    pub awaiting: Option<Awaiting>,
    pub credit_check: CheckState,
    pub due_date_started: bool,
    pub financing: FinancingState,
    pub top_up: Option<WireTopUp<A>>,
    pub mails: BTreeSet<Mail>,
    pub stock_held: bool,
    pub seq: u32,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BookedOp {
    Reserve,
    CreditCheck,
    DueDate,
}

/// The host-neutral events (`type`).
#[derive(Deserialize, Debug, Clone)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum WireEvent {
    Placed {
        kind: Kind,
        method: Method,
        currency: CurrencyCode,
        total: Amount,
        #[serde(default)]
        wallet_part: Option<Amount>,
        #[serde(default)]
        payment_method: Option<Id>,
        #[serde(default)]
        stock_held: bool,
    },
    StatusChanged {
        class: StatusClass,
        #[serde(default)]
        host_status: Option<String>,
    },
    Refund {
        refund_id: Id,
        amount: Amount,
        #[serde(default)]
        via_gateway: bool,
        #[serde(default)]
        to_balance: bool,
    },
    PaymentRecorded {
        amount: Amount,
        method: String,
        #[serde(default)]
        reference: Option<String>,
        origin: WireOrigin,
    },
    PaymentCaptured {
        #[serde(default)]
        reference: Option<String>,
    },
    Financing {
        applied: bool,
        #[serde(default)]
        hint: Option<Hint>,
        #[serde(default)]
        reason: Option<Code>,
    },
    CreditCheckRun {
        #[serde(default)]
        admin_decision: Option<AdminDecision>,
    },
    Booked {
        op: BookedOp,
        #[serde(default)]
        accepted: Option<bool>,
        #[serde(default)]
        reasons: Vec<Code>,
        #[serde(default)]
        outcome: Option<Outcome>,
        #[serde(default)]
        due_date: Option<WireDate>,
    },
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum WireOrigin {
    Host,
    Shopcredit,
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireOrderSettings {
    #[serde(default)]
    pub wallet: Option<WireWalletSettings>,
    #[serde(default)]
    pub top_up_methods: Vec<Id>,
    #[serde(default)]
    pub due_date_status: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
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
        WireFacts {
            wallet_available: None,
            reservation_live: true,
        }
    }
}

#[derive(Deserialize, Debug, Clone)]
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

#[derive(Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct WireTransferLeg {
    pub from: Party,
    pub to: Party,
    pub amount: String,
    pub code: MovementType,
}

/// A book operation for the bridge (`op`); `reports`: its outcome comes back as `booked`.
#[derive(Serialize, Debug, Clone)]
#[serde(tag = "op", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum WireBookOp {
    Reserve {
        key: String,
        wallet: Option<String>,
        credit_line: Option<String>,
        reports: bool,
    },
    Settle {
        outcome: SettleOutcome,
        reports: bool,
    },
    CreditCheck {
        key: String,
        reservation_id: Option<String>,
        admin_decision: Option<AdminDecision>,
        reports: bool,
    },
    Transfer {
        key: String,
        legs: Vec<WireTransferLeg>,
        reports: bool,
    },
    CreditNote {
        amount: String,
        reports: bool,
    },
    CancelOnAccount {
        key: String,
        reports: bool,
    },
    RecordPayment {
        key: String,
        amount: String,
        method: String,
        reference: Option<String>,
        reports: bool,
    },
    DueDate {
        reports: bool,
    },
}

/// A host action (`type`).
#[derive(Serialize, Debug, Clone)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum WireAction {
    SetStatus {
        class: StatusClass,
    },
    Note {
        code: NoteCode,
        params: BTreeMap<&'static str, String>,
    },
    Email {
        template: Mail,
    },
    RefundExternal {
        amount: String,
        refund_id: Option<String>,
    },
    Stock {
        change: StockChange,
    },
    RecordPayment {
        amount: String,
        method: String,
        reference: Option<String>,
    },
}

#[derive(Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DecideOut {
    pub accepted: bool,
    pub applied: bool,
    pub reasons: Vec<Code>,
    pub order: Option<WireOrder<String>>,
    pub book: Vec<WireBookOp>,
    pub actions: Vec<WireAction>,
}

/// `order.decide`: one event for one order → book operations, host actions, the new state.
pub fn decide_op(_ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let i: DecideInput = parse_input(input)?;
    if i.key_base.0.len() > MAX_KEY_BASE_BYTES {
        return Err(ApiError::at(
            ErrorCode::InvalidId,
            "input.keyBase",
            "the key base must leave room for suffixes (at most 80 bytes)",
        ));
    }
    let state = match &i.order {
        Some(o) => Some(order_in(o, "input.order")?),
        None => None,
    };
    let currency = match (&state, &i.event) {
        (Some(s), _) => s.currency,
        (None, WireEvent::Placed { currency, .. }) => currency.0,
        (None, _) => Currency::from_code("EUR")
            .map_err(|e| ApiError::new(ErrorCode::InternalError, e.to_string()))?,
    };
    let event = event_in(&i.event, currency)?;
    let ctx = context(&i, currency)?;
    let d = decide(state.as_ref(), &event, &ctx)
        .map_err(|e| ApiError::at(ErrorCode::InvalidValue, e.path, e.message))?;
    to_result(&answer(&d))
}

fn text(s: &Option<String>, path: &str) -> Result<Option<String>, ApiError> {
    match s {
        Some(t) if t.len() > MAX_TEXT_BYTES || t.chars().any(char::is_control) => {
            Err(ApiError::at(
                ErrorCode::InvalidValue,
                path,
                format!("at most {MAX_TEXT_BYTES} bytes without control characters"),
            ))
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
        top_up_methods: i
            .settings
            .top_up_methods
            .iter()
            .map(|m| m.0.clone())
            .collect(),
        due_date_status: text(&i.settings.due_date_status, "input.settings.dueDateStatus")?,
        wallet_available: match &i.facts.wallet_available {
            Some(a) => Some(a.minor(c, "input.facts.walletAvailable")?),
            None => None,
        },
        reservation_live: i.facts.reservation_live,
    })
}

fn event_in(e: &WireEvent, c: Currency) -> Result<Event, ApiError> {
    let minor = |a: &Amount, f: &str| a.minor(c, &format!("input.event.{f}"));
    Ok(match e {
        WireEvent::Placed {
            kind,
            method,
            currency,
            total,
            wallet_part,
            payment_method,
            stock_held,
        } => Event::Placed(Placed {
            kind: *kind,
            method: *method,
            currency: currency.0,
            total: total.minor(currency.0, "input.event.total")?,
            wallet_part: match wallet_part {
                Some(a) => a.minor(currency.0, "input.event.walletPart")?,
                None => 0,
            },
            payment_method: payment_method.as_ref().map(|m| m.0.clone()),
            stock_held: *stock_held,
        }),
        WireEvent::StatusChanged { class, host_status } => Event::StatusChanged {
            class: *class,
            host_status: text(host_status, "input.event.hostStatus")?,
        },
        WireEvent::Refund {
            refund_id,
            amount,
            via_gateway,
            to_balance,
        } => Event::Refund(Refund {
            refund_id: refund_id.0.clone(),
            amount: minor(amount, "amount")?,
            via_gateway: *via_gateway,
            to_balance: *to_balance,
        }),
        WireEvent::PaymentRecorded {
            amount,
            method,
            reference,
            origin,
        } => Event::PaymentRecorded(PaymentRecorded {
            amount: minor(amount, "amount")?,
            method: text(&Some(method.clone()), "input.event.method")?.unwrap_or_default(),
            reference: text(reference, "input.event.reference")?,
            origin: match origin {
                WireOrigin::Host => Origin::Host,
                WireOrigin::Shopcredit => Origin::ShopCredit,
            },
        }),
        WireEvent::PaymentCaptured { reference } => Event::PaymentCaptured {
            reference: text(reference, "input.event.reference")?,
        },
        WireEvent::Financing {
            applied,
            hint,
            reason,
        } => Event::Financing(FinancingUpdate {
            applied: *applied,
            hint: *hint,
            reason: *reason,
        }),
        WireEvent::CreditCheckRun { admin_decision } => Event::CreditCheckRun {
            admin: *admin_decision,
        },
        WireEvent::Booked {
            op,
            accepted,
            reasons,
            outcome,
            due_date,
        } => Event::Booked(match op {
            BookedOp::Reserve => Booked::Reserve {
                accepted: accepted.ok_or_else(|| {
                    ApiError::at(
                        ErrorCode::MissingField,
                        "input.event.accepted",
                        "a reservation's outcome says whether it was accepted",
                    )
                })?,
                reasons: reasons.clone(),
            },
            BookedOp::CreditCheck => Booked::CreditCheck {
                outcome: outcome.ok_or_else(|| {
                    ApiError::at(
                        ErrorCode::MissingField,
                        "input.event.outcome",
                        "a credit check's outcome is missing",
                    )
                })?,
                reasons: reasons.clone(),
            },
            BookedOp::DueDate => Booked::DueDate {
                due_date: due_date.map(|d| d.0.to_string()),
            },
        }),
    })
}

fn leg_in(l: &WireLeg<Amount>, c: Currency, path: &str) -> Result<Leg, ApiError> {
    let m = |a: &Amount, f: &str| a.minor(c, &format!("{path}.{f}"));
    let leg = Leg {
        planned: m(&l.planned, "planned")?,
        reserved: m(&l.reserved, "reserved")?,
        paid: m(&l.paid, "paid")?,
        refunded: m(&l.refunded, "refunded")?,
        restored: m(&l.restored, "restored")?,
        settled: m(&l.settled, "settled")?,
    };
    if leg
        .refunded
        .checked_add(leg.restored)
        .map_or(true, |back| back > leg.paid)
    {
        return Err(ApiError::at(
            ErrorCode::InvalidValue,
            path,
            "a source cannot have given back more than it paid",
        ));
    }
    Ok(leg)
}

fn order_in(o: &WireOrder<Amount>, path: &str) -> Result<OrderState, ApiError> {
    let c = Currency::from_code(&o.currency)
        .map_err(|e| ApiError::from_money(e, format!("{path}.currency")))?;
    let top_up = match &o.top_up {
        Some(t) => {
            let m = |a: &Amount, f: &str| a.minor(c, &format!("{path}.topUp.{f}"));
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
        return Err(ApiError::at(
            ErrorCode::InvalidValue,
            format!("{path}.seq"),
            "at most 1,000,000 book operations per order",
        ));
    }
    Ok(OrderState {
        kind: o.kind,
        method: o.method,
        currency: c,
        total: o.total.minor(c, &format!("{path}.total"))?,
        payment_method: text(&o.payment_method, &format!("{path}.paymentMethod"))?,
        phase: o.phase,
        status: o.status,
        host_status: text(&o.host_status, &format!("{path}.hostStatus"))?,
        wallet: leg_in(&o.wallet, c, &format!("{path}.wallet"))?,
        credit_line: leg_in(&o.credit_line, c, &format!("{path}.creditLine"))?,
        external: leg_in(&o.external, c, &format!("{path}.external"))?,
        reservation_key: o
            .reservation_key
            .clone()
            .filter(|k| crate::api::wire::valid_id(k)),
        awaiting: o.awaiting,
        credit_check: o.credit_check,
        due_date_started: o.due_date_started,
        financing: o.financing,
        top_up,
        mails: o.mails.clone(),
        stock_held: o.stock_held,
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
        seq: s.seq,
    }
}

fn book_out(op: &BookOp, c: Currency) -> WireBookOp {
    let a = |m: i64| amount_string(m, c);
    let reports = op.reports();
    match op {
        BookOp::Reserve {
            key,
            wallet,
            credit_line,
        } => WireBookOp::Reserve {
            key: key.clone(),
            wallet: (*wallet > 0).then(|| a(*wallet)),
            credit_line: (*credit_line > 0).then(|| a(*credit_line)),
            reports,
        },
        BookOp::Settle { outcome } => WireBookOp::Settle {
            outcome: *outcome,
            reports,
        },
        BookOp::CreditCheck {
            key,
            reservation_id,
            admin,
        } => WireBookOp::CreditCheck {
            key: key.clone(),
            reservation_id: reservation_id.clone(),
            admin_decision: *admin,
            reports,
        },
        BookOp::Transfer { key, legs } => WireBookOp::Transfer {
            key: key.clone(),
            legs: legs
                .iter()
                .map(|l| WireTransferLeg {
                    from: l.from,
                    to: l.to,
                    amount: a(l.amount),
                    code: l.code,
                })
                .collect(),
            reports,
        },
        BookOp::CreditNote { amount } => WireBookOp::CreditNote {
            amount: a(*amount),
            reports,
        },
        BookOp::CancelOnAccount { key } => WireBookOp::CancelOnAccount {
            key: key.clone(),
            reports,
        },
        BookOp::RecordPayment {
            key,
            amount,
            method,
            reference,
        } => WireBookOp::RecordPayment {
            key: key.clone(),
            amount: a(*amount),
            method: method.clone(),
            reference: reference.clone(),
            reports,
        },
        BookOp::DueDate => WireBookOp::DueDate { reports },
    }
}

fn action_out(x: &HostAction, c: Currency) -> WireAction {
    match x {
        HostAction::SetStatus { class } => WireAction::SetStatus { class: *class },
        HostAction::Note { code, params } => WireAction::Note {
            code: *code,
            params: params.clone(),
        },
        HostAction::Email { template } => WireAction::Email {
            template: *template,
        },
        HostAction::RefundExternal { amount, refund_id } => WireAction::RefundExternal {
            amount: amount_string(*amount, c),
            refund_id: refund_id.clone(),
        },
        HostAction::Stock { change } => WireAction::Stock { change: *change },
        HostAction::RecordPayment {
            amount,
            method,
            reference,
        } => WireAction::RecordPayment {
            amount: amount_string(*amount, c),
            method: method.clone(),
            reference: reference.clone(),
        },
    }
}

fn answer(d: &Decision) -> DecideOut {
    let c = d.state.as_ref().map(|s| s.currency);
    DecideOut {
        accepted: d.accepted,
        applied: d.applied,
        reasons: d.reasons.clone(),
        order: d.state.as_ref().map(order_out),
        book: c
            .map(|c| d.book.iter().map(|b| book_out(b, c)).collect())
            .unwrap_or_default(),
        actions: c
            .map(|c| d.actions.iter().map(|x| action_out(x, c)).collect())
            .unwrap_or_default(),
    }
}
