//! The events a host order goes through, host-neutral. Hosts translate their hooks into these.

use crate::prelude::*;

use super::model::{Kind, Method, StatusClass};
use crate::codes::Code;
use crate::credit_line::check::{AdminDecision, Outcome as CheckOutcome};
use crate::financing::status::Hint;
use crate::money::Currency;

/// The order was placed (checkout) with one of our methods, or is a top-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub kind: Kind,
    pub method: Method,
    pub currency: Currency,
    pub total: i64,
    /// Partial balance payments: the balance part (the rest is paid with `payment_method`).
    pub wallet_part: i64,
    pub payment_method: Option<String>,
    pub stock_held: bool,
}

/// A refund made in the host's own refund screen (or through our gateway's refund).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub refund_id: String,
    pub amount: i64,
    /// The host's gateway already sent the money back to the external payment method.
    pub via_gateway: bool,
    /// The admin chose to give everything back as store balance.
    pub to_balance: bool,
}

/// Who recorded a payment on a receivable: the host's own screen, or our back office (the host
/// then records it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Host,
    ShopCredit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecorded {
    pub amount: i64,
    pub method: String,
    pub reference: Option<String>,
    pub origin: Origin,
}

/// A financing status update, as `financing.apply` judged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancingUpdate {
    pub applied: bool,
    pub hint: Option<Hint>,
    /// Why it was not applied (duplicate_event, stale_update, ...).
    pub reason: Option<Code>,
}

/// The outcome of the book operation the state is awaiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Booked {
    Reserve { accepted: bool, reasons: Vec<Code> },
    CreditCheck { outcome: CheckOutcome, reasons: Vec<Code> },
    DueDate { due_date: Option<String> },
}

/// Which request to the financing provider an answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum ProviderRequest {
    ConfirmDelivery,
    Cancel,
}

/// How a request to the financing provider ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum ProviderOutcome {
    /// The provider did it (a delivery it already knew counts as done).
    Done,
    /// Not sent: the provider's rules forbid it, or the provider said no.
    Refused,
    /// Nothing had to be sent (a split payment needs no delivery confirmation, already cancelled).
    None,
}

/// The answer to a delivery confirmation or a cancellation at the financing provider, as the
/// bridge recorded it (once per request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderAnswer {
    pub request: ProviderRequest,
    pub outcome: ProviderOutcome,
    /// Cancellation: the amount asked (done: cancelled).
    pub amount: Option<i64>,
    /// Cancellation done: the whole financing was cancelled.
    pub full: bool,
    /// Cancellation done: what the provider still finances.
    pub financed_after: Option<i64>,
    pub reason: Option<Code>,
    /// The provider's own error code and message when it refused.
    pub provider_code: Option<String>,
    pub provider_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Placed(Placed),
    StatusChanged {
        class: StatusClass,
        host_status: Option<String>,
    },
    Refund(Refund),
    PaymentRecorded(PaymentRecorded),
    /// The host's gateway captured the payment (money arrived), e.g. WooCommerce's payment-complete.
    PaymentCaptured {
        reference: Option<String>,
    },
    Financing(FinancingUpdate),
    /// An admin decides a credit check waiting for review (or the job runs it again).
    CreditCheckRun {
        admin: Option<AdminDecision>,
    },
    Booked(Booked),
    /// The financing provider answered a request an earlier event asked for.
    ProviderAnswered(ProviderAnswer),
}
