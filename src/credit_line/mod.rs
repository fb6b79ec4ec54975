//! B2B credit lines ("encours"): authorized limit, exposure, payment terms and due dates,
//! overdue blocking, risk levels, the pending-credit-check order flow, payments received,
//! reminders and credit-increase requests.

pub mod ops;
pub mod rules;
pub mod wire;
