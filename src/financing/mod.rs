//! Financing follow-up: the provider's subscription life cycle as a transition table, updates
//! from returns, polling and webhooks (duplicates, stale and backward updates are no-ops), the
//! admin's status mapping, which solutions a cart is eligible for, and what may be sent to the
//! provider after the sale (delivery confirmation, cancellation).

pub mod after_sale;
pub mod ops;
pub mod status;
pub mod timestamp;

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    after_sale::shapes(api);
    ops::shapes(api);
}
