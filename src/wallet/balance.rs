//! `wallet.balance`: what a customer's store balance holds, for the widget and My account.

use super::common::wallet_account;
use crate::api::ops::ledger::WireAccount;
use crate::api::wire::{amount_string, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields)]
struct BalanceInput {
    wallet: WireAccount,
}

#[derive(Write)]
struct BalanceOut {
    available: String,
    balance: String,
    currency: CurrencyCode,
    incoming: String,
    reserved: String,
}

/// `{wallet}` → `{currency, balance, reserved, available, incoming}`: `balance` is what was
/// posted (credits minus debits), `reserved` what open checkouts hold, `available` what can be
/// spent now (the amount every gate uses), `incoming` credits not yet posted.
pub fn balance(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: BalanceInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    to_result(&BalanceOut {
        available: amount_string(w.wallet_available(), c),
        balance: amount_string(w.credits_posted - w.debits_posted, c),
        currency: CurrencyCode(c),
        incoming: amount_string(w.credits_pending, c),
        reserved: amount_string(w.debits_pending, c),
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<BalanceInput, BalanceOut>("wallet.balance");
}
