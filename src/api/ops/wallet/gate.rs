//! `wallet.availability` on the wire: both modes of the balance gate ([`crate::wallet::gate`])
//! for one cart.

use crate::prelude::*;

use super::common::wallet_account;
use super::settings::{WireCustomer, WireWalletSettings};
use crate::api::ops::ledger::WireAccount;
use crate::api::wire::{amount_string, same_currency, Amount, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::Code;
use crate::decision::Availability;
use crate::ledger::Account;
use crate::money::Currency;
use crate::wallet::gate::{availability, Mode};
use crate::wallet::settings::{Customer, WalletSettings};
use crate::{Read, Write};

#[derive(Write, Debug)]
#[serde(rename_all = "camelCase")]
pub struct GateOut {
    pub available: bool,
    pub covers: String,
    pub reasons: Vec<Code>,
    /// What is left to pay by other means.
    pub remaining_to_pay: String,
}

pub fn gate_out(a: &Availability, c: Currency) -> GateOut {
    GateOut { available: a.available, reasons: a.reasons.clone(), covers: amount_string(a.covers, c), remaining_to_pay: amount_string(a.remaining, c) }
}

#[derive(Write, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityOut {
    /// The spendable balance (posted credits minus every debit, reservations included).
    pub balance: String,
    pub currency: CurrencyCode,
    pub full: GateOut,
    pub partial: GateOut,
}

/// Both modes for one cart. A wallet in another currency than the cart is `currency_mismatch`.
pub fn availability_for(
    wallet: Option<&Account>,
    s: &WalletSettings,
    customer: &Customer,
    cart_currency: Currency,
    total: i64,
    top_up: bool,
) -> Result<AvailabilityOut, ApiError> {
    if let Some(w) = wallet {
        same_currency(w.currency, cart_currency, "input.cart.currency")?;
    }
    let full = availability(wallet, s, customer, total, top_up, Mode::Full);
    let partial = availability(wallet, s, customer, total, top_up, Mode::Partial);
    Ok(AvailabilityOut {
        balance: amount_string(wallet.map(|w| w.wallet_available()).unwrap_or(0), cart_currency),
        currency: CurrencyCode(cart_currency),
        full: gate_out(&full, cart_currency),
        partial: gate_out(&partial, cart_currency),
    })
}

/// The cart as the gate sees it.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCart {
    pub currency: CurrencyCode,
    pub total: Amount,
    #[serde(default)]
    pub contains_top_up: bool,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AvailabilityInput {
    /// Absent: the customer has no wallet yet.
    #[serde(default)]
    wallet: Option<WireAccount>,
    settings: WireWalletSettings,
    customer: WireCustomer,
    cart: WireCart,
}

/// `wallet.availability`: `{wallet?, settings, customer, cart}` → `{balance, currency, full, partial}`.
pub fn availability_op(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: AvailabilityInput = parse_input(input)?;
    let c = i.cart.currency.0;
    let w = match &i.wallet {
        Some(w) => Some(wallet_account(w, "input.wallet")?),
        None => None,
    };
    let s = i.settings.validate(c, "input.settings")?;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    to_result(&availability_for(w.as_ref(), &s, &i.customer.validate("input.customer")?, c, total, i.cart.contains_top_up)?)
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<AvailabilityInput, AvailabilityOut>("wallet.availability");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::AccountKind;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn wallet(balance: i64) -> Account {
        let mut a = Account::new("wallet:1:7:EUR", AccountKind::Wallet, eur());
        a.credits_posted = balance;
        a
    }

    #[test]
    fn both_modes_and_currency_check() {
        let settings = WalletSettings { min_withdrawal: 1000, ..WalletSettings::all_on() };
        let customer = Customer { logged_in: true, group_ids: vec!["3".into()] };
        let out = availability_for(Some(&wallet(3000)), &settings, &customer, eur(), 5000, false).unwrap();
        assert_eq!(
            (out.balance.as_str(), out.full.available, out.partial.covers.as_str(), out.partial.remaining_to_pay.as_str()),
            ("30.00", false, "30.00", "20.00")
        );
        let gbp = Currency::from_code("GBP").unwrap();
        let e = availability_for(Some(&wallet(3000)), &settings, &customer, gbp, 5000, false).unwrap_err();
        assert_eq!(e.code, crate::codes::ErrorCode::CurrencyMismatch);
    }
}
