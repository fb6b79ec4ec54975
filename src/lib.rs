//! ShopCredit core: pure decisions for payment eligibility, B2B credit lines, a prepaid store
//! balance and financing follow-up. No I/O, no clock, no randomness, no floats: callers pass
//! `now` and the state, and get back decisions and the records to store.
//!
//! The public surface for hosts is [`api::handle_json`] (one JSON request in, one JSON response
//! out); the modules below are the rules it applies.

// The storefront build keeps one op in the table; the rest of the code is there but unused.
#![cfg_attr(feature = "storefront", allow(dead_code, unused_imports))]
// core + alloc only: a host module can then bring its own panic handler, which drops std's panic
// machinery and every panic message (see bindings/host).
#![no_std]

extern crate alloc;
// The unit tests use std (threads, format!, collections).
#[cfg(test)]
#[macro_use]
extern crate std;

/// What std's prelude gives and core's does not.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
    pub use alloc::{format, vec};
}

pub mod api;
pub mod checkout;
pub mod codes;
pub mod credit_line;
pub mod date;
pub mod decision;
pub mod eligibility;
pub mod financing;
pub mod ledger;
pub mod money;
pub mod order_flow;
pub mod quoted;
pub mod sort;
pub mod sorted;
pub mod wallet;
pub mod words;

pub use api::{handle_json, handle_str};
// The reader and writer traits and their derives (one name each, in two namespaces, like serde's).
pub use api::{de::Read, ser::Write};
pub use shopcredit_derive::{Read, Write};
