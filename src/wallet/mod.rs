//! The prepaid store balance (wallet): the checkout gate, full or partial payments (reserved or
//! posted), top-ups net of VAT, refunds split by funding source, cancellations, withdrawals,
//! bonuses, mass adjustments and statistics.
//!
//! Each file holds one area's pure rules on domain values (unit-tested); the `wallet.*` operations
//! (wire types, checks with paths, answers) are in `crate::api::ops::wallet`. Money moves only
//! through the ledger engine, with transfer ids derived from the caller's key, so replays answer
//! `exists`.

pub mod batch;
pub mod bonus;
pub mod cancel;
pub mod common;
pub mod gate;
pub mod pay;
pub mod refund;
pub mod settings;
pub mod stats;
pub mod topup;
pub mod withdrawal;

pub use gate::{availability, Mode};
pub use refund::{split_refund, Source};
pub use settings::{Customer, WalletSettings};
pub use topup::{top_up_credit, TopUpCredit};

/// The pure rules under the path other areas (eligibility, checkout) import them from.
pub mod rules {
    pub use super::gate::{availability, Mode};
    pub use super::refund::{split_refund, Source};
    pub use super::settings::{Customer, WalletSettings};
    pub use super::topup::top_up_credit;
}
