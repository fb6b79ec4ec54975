//! The `wallet.*` operation handlers listed in `api::OPS`, and the wire types other areas reuse
//! (eligibility and checkout read the same settings and customer context). The statistics
//! (`wallet.stats`, `wallet.statsSums`), `wallet.balance`, `wallet.bonus` and the withdrawals already moved to
//! `crate::api::ops::wallet`.
//!
//! | op | input | result |
//! |---|---|---|
//! | `wallet.balance` | `{wallet}` | `{currency, balance, reserved, available, incoming}` |
//! | `wallet.availability` | `{wallet?, settings, customer, cart}` | `{balance, currency, full, partial}` |
//! | `wallet.pay` | `{key, orderRef, mode, amount, cart, reserve, timeoutS, wallet, salesAccount, settings, customer, transfers}` | movement |
//! | `wallet.topUpCheck` | `{currency, amount, settings}` | `{accepted, reasons, credit, vat}` |
//! | `wallet.topUp` | `{key, orderRef, paid, settings, wallet, topUpsAccount, transfers}` | movement + `paid`, `vat` |
//! | `wallet.refund` | `{key, orderRef, currency, refundAmount, mode, sources, wallet?, creditLine?, salesAccount, transfers}` | `{accepted, reasons, mode, legs, external, ledger}` |
//! | `wallet.cancel` | `{key, orderRef, reservation \| payment, refunded?, wallet, salesAccount, transfers}` | movement + `outcome` |
//! | `wallet.withdrawalRequest` | `{key, amount, settings, wallet, withdrawalsAccount, transfers}` | movement |
//! | `wallet.withdrawalDecision` | `{key, decision, requestTransfer, decidedBy, reason?, wallet, withdrawalsAccount, transfers}` | movement + `audit` |
//! | `wallet.bonus` | `{key, kind, amount, reason, orderRef?, wallet, bonusAccount, transfers}` | movement + `kind`, `reason` |
//! | `wallet.massAdjust` | `{batchKey, direction, currency, amount, reason, items, shopAccount, transfers}` | `{applied, alreadyDone, skipped, items, ledger, ...}` |
//! | `wallet.stats` | `{currency, period, utcOffsetS, walletIds?, transfers}` | `{periods, totals, overall, ...}` |
//! | `wallet.statsSums` | `{currency, period, sums: [{day, code, count, credits, debits}], totals}` | the same as `wallet.stats` |
//!
//! A "movement" answer is `{accepted, reasons, amount, balance, transferId, ledger}`
//! (see [`super::common::MoveOut`]).

pub use super::batch::mass_adjust;
pub use super::cancel::cancel;
pub use super::gate::{availability_op, WireCart};
pub use super::pay::pay;
pub use super::refund::refund;
pub use super::settings::{WireCustomer, WireVat, WireWalletSettings};
pub use super::topup::{top_up, top_up_check};
