//! `wallet.pay` on the wire; the rules (the gate, which amounts fit the mode, what refuses the
//! payment) are [`crate::wallet::gate`] and [`crate::wallet::pay`].

use crate::prelude::*;

use super::common::{book, booked, key_id, rejected, shop_account, wallet_account};
use super::gate::WireCart;
use super::settings::{WireCustomer, WireWalletSettings};
use crate::api::ops::ledger::{ledger_from, WireAccount, WireTransfer};
use crate::api::wire::{same_currency, Amount, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::ErrorCode;
use crate::ledger::MovementType;
use crate::wallet::common::plain;
use crate::wallet::gate::{availability, Mode};
use crate::wallet::pay::{amount_error, payment_reasons, AmountError};
use crate::Read;

fn amount_message(e: AmountError) -> &'static str {
    match e {
        AmountError::FullNotTotal => "a full payment must equal the cart total",
        AmountError::PartialZero => "a partial payment takes at least one minor unit from the balance",
        AmountError::PartialNotLess => "a partial payment must be less than the cart total",
    }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PayInput {
    key: Id,
    order_ref: Id,
    mode: Mode,
    /// What to take from the balance.
    amount: Amount,
    cart: WireCart,
    /// true: a reservation (pending transfer) posted or voided later; false: posted at once.
    #[serde(default)]
    reserve: bool,
    /// Reservations only: seconds until the reservation expires by itself (0 = never).
    #[serde(default)]
    timeout_s: u32,
    wallet: WireAccount,
    sales_account: WireAccount,
    settings: WireWalletSettings,
    customer: WireCustomer,
    /// Stored transfers with the ids this op derives (`{key}:wallet`), for replays.
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// `wallet.pay`: re-checks the gate on the server, then moves `amount` wallet → sales
/// (id `{key}:wallet`, code `order_payment`), pending when `reserve`.
pub fn pay(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: PayInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    same_currency(c, i.cart.currency.0, "input.cart.currency")?;
    shop_account(&i.sales_account, c, "input.salesAccount")?;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let s = i.settings.validate(c, "input.settings")?;
    let customer = i.customer.validate("input.customer")?;
    if !i.reserve && i.timeout_s != 0 {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.timeoutS", "a timeout is only for reservations (reserve: true)"));
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.sales_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key.0, "wallet")?;
    // A replay is answered by the ledger (`exists`), not re-judged against today's balance.
    // The gate speaks first (a closed gate is a business answer whatever the amount); an amount
    // inconsistent with an open gate is a caller error.
    let gate = availability(Some(&w), &s, &customer, total, i.cart.contains_top_up, i.mode);
    let replay = ledger.transfer(&id).is_some();
    if !replay && !gate.available {
        return to_result(&rejected(gate.reasons, amount, &w));
    }
    if let Some(e) = amount_error(i.mode, amount, total) {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.amount", amount_message(e)));
    }
    if !replay {
        let reasons = payment_reasons(&gate, amount);
        if !reasons.is_empty() {
            return to_result(&rejected(reasons, amount, &w));
        }
    }
    let mut t = plain(id.clone(), &w.id, &i.sales_account.id.0, amount, MovementType::OrderPayment, Some(i.order_ref.0.clone()));
    if i.reserve {
        t.flags.pending = true;
        t.timeout_s = i64::from(i.timeout_s);
    }
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    to_result(&booked(lo, balance, amount, &w, &id))
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<PayInput, super::common::MoveOut>("wallet.pay");
}
