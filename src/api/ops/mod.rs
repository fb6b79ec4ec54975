//! Operations by area: each file holds the area's wire types (one request and one response struct
//! per operation, serde derive, camelCase, decimal strings) and the mapping from the rules' domain
//! errors to coded errors with the path of the field at fault. The rules (`crate::money`, ...)
//! take domain values and know nothing of JSON.
//!
//! Areas move here one at a time: `money`, `ledger`, `financing` (their rules: `crate::money`,
//! `crate::ledger`, `crate::financing`), `credit_line` (`credit.*`; its rules: `crate::credit_line`), `order` (`order.decide`'s wire types;
//! `crate::order_flow`), `eligibility` (`eligibility.evaluate`; its rule: `crate::eligibility`),
//! `wallet` (one file per family of `wallet.*`, named like its rules' module in `crate::wallet`),
//! `checkout` (rules: `crate::checkout`) and `settings` (`settings.validate` checks each area's
//! settings with that area's wire types; `settings.defaults` is the defaults a shop installs).
//!
//! A type's generated TypeScript/PHP name does not change when it moves here (tools/codegen names
//! `api::ops::<area>::<family>::T` like `<area>::<family>::T`).

pub mod checkout;
pub mod credit_line;
pub mod eligibility;
pub mod financing;
pub mod ledger;
pub mod money;
pub mod order;
pub mod settings;
pub mod wallet;

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    checkout::shapes(api);
    credit_line::shapes(api);
    eligibility::shapes(api);
    financing::shapes(api);
    ledger::shapes(api);
    money::shapes(api);
    order::shapes(api);
    settings::shapes(api);
    wallet::shapes(api);
}
