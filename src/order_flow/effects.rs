//! What a decision asks for: book operations (the bridge runs them with the existing operations,
//! under the order's lock) and host actions (the host performs each once).

use crate::prelude::*;

use super::model::{Mail, StatusClass};
use crate::credit_line::check::AdminDecision;
use crate::ledger::MovementType;
use crate::sorted::SortedMap;

/// An account of the order's books, named by its role; the bridge resolves it to an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Wallet,
    CreditLine,
    Sales,
    TopUps,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferLeg {
    pub from: Party,
    pub to: Party,
    pub amount: i64,
    pub code: MovementType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum SettleOutcome {
    Paid,
    Cancelled,
}

/// One book operation. Keys derive from the order's key base and its sequence, so running the
/// same decision again (a retried transaction) books nothing twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookOp {
    /// `checkout.reserve` of the order's legs; its outcome comes back as `booked`.
    Reserve { key: String, wallet: i64, credit_line: i64 },
    /// `checkout.settle`: post or void every reservation of the order.
    Settle { outcome: SettleOutcome },
    /// `credit.check` stage run; its outcome comes back as `booked`.
    CreditCheck { key: String, reservation_id: Option<String>, admin: Option<AdminDecision> },
    /// Linked ledger transfers (`{key}:1`, `{key}:2`, ...), all or nothing.
    Transfer { key: String, legs: Vec<TransferLeg> },
    /// `credit.creditNote`: a refund to the credit line lowers what the receivable expects.
    CreditNote { amount: i64 },
    /// `credit.cancelOrder`: the unpaid rest of an order on account goes back to the line.
    CancelOnAccount { key: String },
    /// `credit.recordPayment` on the receivable.
    RecordPayment { key: String, amount: i64, method: String, reference: Option<String> },
    /// `credit.dueDate` at the shop's date; its outcome (the date) comes back as `booked`.
    DueDate,
    /// Confirm to the financing provider that the goods were delivered: the bridge queues the
    /// request with the event (its outbox) and sends it after the commit; the provider's answer
    /// comes back as a `provider_answered` event.
    ProviderConfirmDelivery { key: String },
    /// Cancel `amount` of the financing at the provider (None: everything it still finances),
    /// queued and answered like the delivery confirmation; the provider's rules decide there.
    ProviderCancel { key: String, amount: Option<i64> },
}

impl BookOp {
    /// The decision waits for this operation's outcome (always the last of its batch).
    pub fn reports(&self) -> bool {
        matches!(self, BookOp::Reserve { .. } | BookOp::CreditCheck { .. } | BookOp::DueDate)
    }
}

/// Message codes of order notes; hosts write them in the shop's language with the params.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum NoteCode {
    PaymentRefused,
    BalanceReserved,
    PaidFromBalance,
    BalancePartPaid,
    BalancePartMissing,
    ReservationReleased,
    CreditCheckPassed,
    CreditCheckFailed,
    CreditCheckManualReview,
    BalanceRestored,
    CreditRestored,
    PaidToReturn,
    ExternalToReturn,
    RefundBooked,
    PaymentReceived,
    DueDateSet,
    ReopenCollected,
    ReopenRefused,
    TopUpPlaced,
    TopUpCredited,
    TopUpAwaitingCapture,
    TopUpPaidAfterCancel,
    TopUpReversed,
    TopUpReversalShort,
    FinancingStarted,
    FinancingAccepted,
    FinancingRefused,
    FinancingCancelled,
    FinancingPartiallyCancelled,
    FinancingCancelAtProvider,
    /// The provider confirmed the delivery (long credit).
    FinancingDeliveryConfirmed,
    /// The delivery confirmation was refused (`reason`; `providerMessage`: the provider's own
    /// words when it was the provider, else empty).
    FinancingDeliveryRefused,
    /// The provider cancelled `amount` of the financing; it finances `financedAfter` now.
    FinancingCancelledInPart,
    /// The cancellation of `amount` at the provider was refused (`reason`, `providerMessage` as
    /// above): the merchant returns it to the customer another way.
    FinancingCancelRefused,
    /// Long credit is cancelled by the lender only: the merchant asks the lender to cancel `amount`.
    FinancingCancelAskLender,
}

impl NoteCode {
    pub const ALL: [NoteCode; 35] = [
        NoteCode::PaymentRefused,
        NoteCode::BalanceReserved,
        NoteCode::PaidFromBalance,
        NoteCode::BalancePartPaid,
        NoteCode::BalancePartMissing,
        NoteCode::ReservationReleased,
        NoteCode::CreditCheckPassed,
        NoteCode::CreditCheckFailed,
        NoteCode::CreditCheckManualReview,
        NoteCode::BalanceRestored,
        NoteCode::CreditRestored,
        NoteCode::PaidToReturn,
        NoteCode::ExternalToReturn,
        NoteCode::RefundBooked,
        NoteCode::PaymentReceived,
        NoteCode::DueDateSet,
        NoteCode::ReopenCollected,
        NoteCode::ReopenRefused,
        NoteCode::TopUpPlaced,
        NoteCode::TopUpCredited,
        NoteCode::TopUpAwaitingCapture,
        NoteCode::TopUpPaidAfterCancel,
        NoteCode::TopUpReversed,
        NoteCode::TopUpReversalShort,
        NoteCode::FinancingStarted,
        NoteCode::FinancingAccepted,
        NoteCode::FinancingRefused,
        NoteCode::FinancingCancelled,
        NoteCode::FinancingPartiallyCancelled,
        NoteCode::FinancingCancelAtProvider,
        NoteCode::FinancingDeliveryConfirmed,
        NoteCode::FinancingDeliveryRefused,
        NoteCode::FinancingCancelledInPart,
        NoteCode::FinancingCancelRefused,
        NoteCode::FinancingCancelAskLender,
    ];
}

impl NoteCode {
    /// The params each note carries (sorted), so the hosts' words for it name exactly these
    /// placeholders (checked by the catalogue test; every emitted note is checked against it in
    /// debug builds). Amount params are decimal strings in the order's currency; `date` is
    /// YYYY-MM-DD; `reason` one code and `reasons` codes joined by commas.
    pub fn params(self) -> &'static [&'static str] {
        use NoteCode::*;
        match self {
            PaymentRefused | ReservationReleased | TopUpAwaitingCapture | FinancingRefused | FinancingPartiallyCancelled => &[],
            FinancingDeliveryConfirmed => &[],
            PaidFromBalance | BalancePartPaid | BalancePartMissing | CreditCheckPassed | BalanceRestored | CreditRestored => &["amount"],
            PaidToReturn | ExternalToReturn | TopUpPaidAfterCancel | TopUpReversed | FinancingStarted | FinancingAccepted => &["amount"],
            FinancingCancelled | FinancingCancelAtProvider | ReopenCollected => &["amount"],
            FinancingCancelAskLender => &["amount"],
            FinancingCancelledInPart => &["amount", "financedAfter"],
            FinancingDeliveryRefused => &["providerMessage", "reason"],
            FinancingCancelRefused => &["amount", "providerMessage", "reason"],
            BalanceReserved => &["amount", "rest"],
            CreditCheckFailed | CreditCheckManualReview => &["reasons"],
            RefundBooked => &["creditLine", "external", "wallet"],
            PaymentReceived => &["amount", "outstanding"],
            DueDateSet => &["date"],
            ReopenRefused => &["missing", "reason"],
            TopUpPlaced => &["credit", "vat"],
            TopUpCredited => &["credit", "paid", "vat"],
            TopUpReversalShort => &["missing", "reversed"],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum StockChange {
    /// Give the order's stock back (the order ended unpaid in one of our failure statuses).
    Restore,
}

/// A host side effect. The bridge stores each in the order's outbox under the event's key; the
/// host performs it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostAction {
    SetStatus {
        class: StatusClass,
    },
    Note {
        code: NoteCode,
        params: SortedMap<&'static str, String>,
    },
    Email {
        template: Mail,
    },
    /// Give this much back through the order's external payment method (the host's gateway when
    /// it can, otherwise tell the merchant to do it).
    RefundExternal {
        amount: i64,
        refund_id: Option<String>,
    },
    Stock {
        change: StockChange,
    },
    /// Record a payment on the host order (its payments list / invoice).
    RecordPayment {
        amount: i64,
        method: String,
        reference: Option<String>,
    },
}
