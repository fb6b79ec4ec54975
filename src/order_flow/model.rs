//! What the books know about one host order: its kind and method, one running account per
//! funding source, where it is in its life cycle and which once-only effects already happened.
//! Amounts are minor units in the order's currency.

use crate::prelude::*;

use crate::money::Currency;
use crate::sorted::SortedSet;

/// A goods order, or the purchase of store balance (a top-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Goods,
    TopUp,
}

/// How the order is paid: one of our methods, or the host's own gateway (top-ups only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    CreditLine,
    WalletFull,
    WalletPartial,
    Financing,
    External,
}

/// Host-neutral order statuses: each host maps its own statuses to these classes (events) and
/// these classes to its statuses (actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// Placed, money not there yet (pending, on hold, awaiting a wire, a cheque, cash on delivery).
    PendingPayment,
    /// Payment accepted / processing.
    Paid,
    /// Completed, shipped, delivered (still paid).
    Fulfilled,
    Cancelled,
    Refunded,
    /// Payment error / failed.
    Failed,
    PendingCreditCheck,
    CreditCheckFailed,
    /// Accepted on account: invoiced, not paid yet.
    OnAccount,
    AwaitingFinancing,
}

impl StatusClass {
    pub const ALL: [StatusClass; 10] = [
        StatusClass::PendingPayment,
        StatusClass::Paid,
        StatusClass::Fulfilled,
        StatusClass::Cancelled,
        StatusClass::Refunded,
        StatusClass::Failed,
        StatusClass::PendingCreditCheck,
        StatusClass::CreditCheckFailed,
        StatusClass::OnAccount,
        StatusClass::AwaitingFinancing,
    ];
}

/// Where the order is in its life cycle, as far as money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    AwaitingPayment,
    /// An order on account waiting for an admin's review.
    PendingCheck,
    Paid,
    Cancelled,
    Failed,
}

/// The book operation whose outcome the next decision waits for (within one event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Awaiting {
    Reserve,
    CreditCheck,
    DueDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    None,
    ManualReview,
    Passed,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum FinancingState {
    None,
    Awaiting,
    Accepted,
    Refused,
    Cancelled,
}

/// Where the confirmation to the financing provider that the goods were delivered stands (long
/// credit needs it; asked once when the order reaches the merchant's "shipped" status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Asked: the bridge sends it (and retries it while the provider is down).
    Requested,
    Confirmed,
    /// A split payment: the provider needs none.
    NotNeeded,
    /// The provider's rules or the provider said no: a later "shipped" status asks again.
    Refused,
}

/// The running account of one funding source of the order. Given back (refunded + restored)
/// never exceeds `paid`; `held` is what the source has in the order now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Leg {
    /// What this source is to pay.
    pub planned: i64,
    /// Reserved and not yet posted or released.
    pub reserved: i64,
    /// Collected, cumulatively (a reopened order collects again).
    pub paid: i64,
    /// Given back by refunds.
    pub refunded: i64,
    /// Given back by cancellations.
    pub restored: i64,
    /// Credit line only: what the customer paid on the receivable.
    pub settled: i64,
}

impl Leg {
    pub fn planned(planned: i64) -> Leg {
        Leg { planned, ..Leg::default() }
    }
    /// Collected and not given back.
    pub fn held(&self) -> i64 {
        (self.paid - self.refunded - self.restored).max(0)
    }
    /// Credit line: what the receivable still expects.
    pub fn outstanding(&self) -> i64 {
        (self.held() - self.settled).max(0)
    }
}

/// A top-up: the price paid (net of coupons), what it credits (net of VAT) and what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopUp {
    pub price: i64,
    pub credit: i64,
    pub vat: i64,
    pub credited: i64,
    pub refunded: i64,
    /// Credit taken back from the balance.
    pub reversed: i64,
    /// Credit that should have been taken back but was already spent (flagged to the merchant).
    pub unrecovered: i64,
}

impl TopUp {
    /// Credit still in the balance that a reversal would take back.
    pub fn reversible(&self) -> i64 {
        (self.credited - self.reversed - self.unrecovered).max(0)
    }
}

/// The host e-mails and our own mails; each is sent at most once per order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Mail {
    NewOrder,
    OrderProcessing,
    CreditCheckPending,
    CreditCheckFailedCustomer,
    CreditCheckFailedAdmin,
    CreditCheckManualReviewAdmin,
    BalanceCredited,
    TopUpReversalShortAdmin,
}

impl Mail {
    pub const ALL: [Mail; 8] = [
        Mail::NewOrder,
        Mail::OrderProcessing,
        Mail::CreditCheckPending,
        Mail::CreditCheckFailedCustomer,
        Mail::CreditCheckFailedAdmin,
        Mail::CreditCheckManualReviewAdmin,
        Mail::BalanceCredited,
        Mail::TopUpReversalShortAdmin,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderState {
    pub kind: Kind,
    pub method: Method,
    pub currency: Currency,
    pub total: i64,
    /// The host's payment method id (top-ups: must be one the merchant allows).
    pub payment_method: Option<String>,
    pub phase: Phase,
    /// The last status class set by us or seen from the host.
    pub status: Option<StatusClass>,
    pub host_status: Option<String>,
    pub wallet: Leg,
    pub credit_line: Leg,
    pub external: Leg,
    /// The key of the live checkout reservation (`{key}:wallet`, `{key}:credit`).
    pub reservation_key: Option<String>,
    pub awaiting: Option<Awaiting>,
    pub credit_check: CheckState,
    pub due_date_started: bool,
    pub financing: FinancingState,
    pub top_up: Option<TopUp>,
    pub mails: SortedSet<Mail>,
    /// The host took the order's stock and does not give it back by itself on our failure statuses.
    pub stock_held: bool,
    /// Financing: the delivery confirmation to the provider (None: not asked).
    pub delivery: Option<Delivery>,
    /// Financing: the one partial cancellation the provider allows was made.
    pub partially_cancelled: bool,
    /// Book operations issued so far; names their keys (`{keyBase}:{seq}`).
    pub seq: u32,
}

impl OrderState {
    pub fn new(kind: Kind, method: Method, currency: Currency, total: i64) -> OrderState {
        OrderState {
            kind,
            method,
            currency,
            total,
            payment_method: None,
            phase: Phase::AwaitingPayment,
            status: None,
            host_status: None,
            wallet: Leg::default(),
            credit_line: Leg::default(),
            external: Leg::default(),
            reservation_key: None,
            awaiting: None,
            credit_check: CheckState::None,
            due_date_started: false,
            financing: FinancingState::None,
            top_up: None,
            mails: SortedSet::new(),
            stock_held: false,
            delivery: None,
            partially_cancelled: false,
            seq: 0,
        }
    }
    /// Nothing collected is held and nothing is reserved.
    pub fn holds_nothing(&self) -> bool {
        [self.wallet, self.credit_line, self.external].iter().all(|l| l.held() == 0 && l.reserved == 0)
    }
}
