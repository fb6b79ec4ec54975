//! Financing follow-up: the provider's subscription life cycle as a transition table, updates
//! from returns, polling and webhooks (duplicates, stale and backward updates are no-ops), the
//! admin's status mapping, and which solutions a cart is eligible for.

pub mod ops;
pub mod status;
pub mod timestamp;
