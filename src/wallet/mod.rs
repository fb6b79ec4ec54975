//! The prepaid store balance: top-ups, full or partial payments, refunds split by funding
//! source, cancellations, withdrawals, bonuses, mass adjustments and statistics.

pub mod ops;
pub mod rules;
