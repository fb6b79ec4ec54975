//! The ledger: applies transfers to account snapshots, enforcing balance invariants, linked
//! all-or-nothing chains, pending → posted/voided/expired, and idempotent ids.
//!
//! The caller (the PHP service) locks and loads the accounts a command touches plus every
//! already-stored transfer whose id appears in the command (as `id` or `pending_id`), builds a
//! [`Ledger`], applies the command, and writes back [`LedgerChanges`] in the same transaction.
//! Its wire (accounts and transfers as JSON, the `ledger.*` operations) is `crate::api::ops::ledger`.

pub mod booking;
mod engine;
pub mod reconcile;
pub mod sums;
mod types;

pub use booking::Booking;
pub use engine::{Ledger, LedgerChanges};
pub use types::*;
