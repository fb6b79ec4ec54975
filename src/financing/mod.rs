//! Financing follow-up: the provider's subscription life cycle as a transition table, updates
//! from returns, polling and webhooks (duplicates, stale and backward updates are no-ops), the
//! admin's status mapping, which solutions a cart is eligible for, and what may be sent to the
//! provider after the sale (delivery confirmation, cancellation). Domain values only: the
//! `financing.*` operations and their wire types are `crate::api::ops::financing`.

pub mod after_sale;
pub mod mapping;
pub mod solutions;
pub mod status;
pub mod subscription;
pub mod timestamp;
pub mod webhook;
