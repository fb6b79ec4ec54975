//! Ledger vocabulary (TigerBeetle's): accounts with pending/posted debits and credits, transfers
//! that are posted at once or pending (a reservation) and later posted, voided or expired.
//!
//! Amounts are `i64` minor units in the account's currency. Ids are caller-chosen strings and are
//! the idempotency keys: a transfer id is used once, forever.

use crate::prelude::*;

use crate::codes::Code;
use crate::money::Currency;

/// What an account is for; the kind carries the balance invariant the ledger enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A customer's prepaid store balance (a liability of the shop). Invariant:
    /// `debits_pending + debits_posted <= credits_posted` (never below zero, pending counted).
    Wallet,
    /// A customer's B2B credit line (a receivable). Debits are purchases on account, credits are
    /// payments received. Invariant for every new debit:
    /// `debits_pending + debits_posted <= credits_posted + limit` (exposure never above limit).
    CreditLine,
    /// A shop-side counterpart (sales, cash, bonuses, withdrawals payable). No invariant.
    Shop,
}

/// A snapshot of one account as stored by the host (rows locked by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub kind: AccountKind,
    pub currency: Currency,
    pub debits_pending: i64,
    pub debits_posted: i64,
    pub credits_pending: i64,
    pub credits_posted: i64,
    /// Credit lines only: the authorized limit in minor units (0 means zero, never "unset").
    pub limit: i64,
    /// A closed account takes no new debits or credits (pending ones may still resolve).
    pub closed: bool,
}

impl Account {
    pub fn new(id: &str, kind: AccountKind, currency: Currency) -> Account {
        Account { id: id.to_string(), kind, currency, debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0, limit: 0, closed: false }
    }
    /// Wallet: what the customer can spend now (posted credits minus every debit, pending
    /// included). Never negative for a consistent wallet.
    pub fn wallet_available(&self) -> i64 {
        self.credits_posted - self.debits_posted - self.debits_pending
    }
    /// Credit line: unpaid receivables plus open reservations.
    pub fn exposure(&self) -> i64 {
        self.debits_posted + self.debits_pending - self.credits_posted
    }
    /// Credit line: what can still be ordered on account (negative when the limit was lowered
    /// below the exposure).
    pub fn remaining_credit(&self) -> i64 {
        self.limit - self.exposure()
    }
}

/// Transfer flags. At most one of `pending`, `post_pending`, `void_pending`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransferFlags {
    /// This transfer and the next one in the batch succeed or fail together.
    pub linked: bool,
    /// A reservation: counted in `*_pending` until posted, voided or expired.
    pub pending: bool,
    /// Posts (part of) the pending transfer `pending_id`.
    pub post_pending: bool,
    /// Voids the pending transfer `pending_id`.
    pub void_pending: bool,
}

/// What a movement is, for statements and statistics. Stored with the transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum MovementType {
    TopUp,
    OrderPayment,
    OrderOnAccount,
    PaymentReceived,
    Refund,
    CancellationRestore,
    Withdrawal,
    Bonus,
    Cashback,
    AdjustmentCredit,
    AdjustmentDebit,
}

impl MovementType {
    pub const ALL: [MovementType; 11] = [
        MovementType::TopUp,
        MovementType::OrderPayment,
        MovementType::OrderOnAccount,
        MovementType::PaymentReceived,
        MovementType::Refund,
        MovementType::CancellationRestore,
        MovementType::Withdrawal,
        MovementType::Bonus,
        MovementType::Cashback,
        MovementType::AdjustmentCredit,
        MovementType::AdjustmentDebit,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            MovementType::TopUp => "top_up",
            MovementType::OrderPayment => "order_payment",
            MovementType::OrderOnAccount => "order_on_account",
            MovementType::PaymentReceived => "payment_received",
            MovementType::Refund => "refund",
            MovementType::CancellationRestore => "cancellation_restore",
            MovementType::Withdrawal => "withdrawal",
            MovementType::Bonus => "bonus",
            MovementType::Cashback => "cashback",
            MovementType::AdjustmentCredit => "adjustment_credit",
            MovementType::AdjustmentDebit => "adjustment_debit",
        }
    }
}

/// A transfer as asked for by the caller (before the ledger accepts it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferInput {
    /// Idempotency key, chosen by the caller.
    pub id: String,
    pub debit_account_id: String,
    pub credit_account_id: String,
    /// Minor units, > 0. For post_pending, 0 means "the full pending amount"; for void_pending,
    /// 0 or the pending amount.
    pub amount: i64,
    pub pending_id: Option<String>,
    /// Pending transfers only; 0 = never expires.
    pub timeout_s: i64,
    pub flags: TransferFlags,
    pub code: MovementType,
    /// The host's order (or request) this movement belongs to, for statements.
    pub order_ref: Option<String>,
}

/// Where a pending transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::Write, crate::Read)]
#[serde(rename_all = "snake_case")]
pub enum PendingStatus {
    /// Not a pending transfer (posted at once, or a post/void).
    None,
    Pending,
    Posted,
    Voided,
    Expired,
}

impl PendingStatus {
    /// Every status, for the words hosts show (`tools/codegen`).
    pub const ALL: [PendingStatus; 5] = [PendingStatus::None, PendingStatus::Pending, PendingStatus::Posted, PendingStatus::Voided, PendingStatus::Expired];
}

/// A transfer as stored: immutable, except the `pending_status` of a pending transfer, which
/// moves once from `pending` to `posted`, `voided` or `expired`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub id: String,
    pub debit_account_id: String,
    pub credit_account_id: String,
    /// The amount actually moved (for a post of 0 = full, the resolved full amount).
    pub amount: i64,
    pub currency: Currency,
    pub pending_id: Option<String>,
    pub timeout_s: i64,
    pub flags: TransferFlags,
    pub code: MovementType,
    pub order_ref: Option<String>,
    /// `now` when the ledger accepted it (unix seconds).
    pub timestamp_s: i64,
    pub pending_status: PendingStatus,
}

impl Transfer {
    /// When a pending transfer expires (None if it never does).
    pub fn expires_at_s(&self) -> Option<i64> {
        if self.flags.pending && self.timeout_s > 0 {
            Some(self.timestamp_s.saturating_add(self.timeout_s))
        } else {
            None
        }
    }
}

/// The answer for one transfer of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferOutcome {
    pub id: String,
    pub result: Code,
}

/// A pending transfer whose status changed in this batch (the host updates its row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUpdate {
    pub id: String,
    pub status: PendingStatus,
}
