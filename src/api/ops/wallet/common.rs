//! Wire plumbing every wallet operation shares: derived transfer ids, account and text checks
//! (coded errors with the path at fault), the answer shape of a single movement, and running a
//! batch on the ledger.

use crate::prelude::*;

use crate::api::field_path;
use crate::api::ops::ledger::{output, LedgerOutput, WireAccount};
use crate::api::wire::amount_string;
use crate::api::ApiError;
use crate::codes::{Code, ErrorCode};
use crate::ledger::{Account, AccountKind, Ledger, TransferInput};
use crate::money::Currency;
use crate::Write;

/// Longest caller key: leaves room for the `:{leg}` suffixes within an id's 128 bytes.
pub const MAX_KEY_BYTES: usize = 96;
/// Longest free text (reasons) accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// `{key}:{leg}`, the transfer id derived from the caller's idempotency key.
pub fn key_id(key: &str, leg: &str) -> Result<String, ApiError> {
    if key.len() > MAX_KEY_BYTES {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.key", "the key must leave room for a suffix (at most 96 bytes)"));
    }
    crate::api::wire::derived_id(key, leg, "input.key")
}

/// Reads an account snapshot and checks its kind.
pub fn account_of_kind(w: &WireAccount, kind: AccountKind, path: &str) -> Result<Account, ApiError> {
    let a = w.to_account(&path)?;
    if a.kind != kind {
        let name = match kind {
            AccountKind::Wallet => "a wallet",
            AccountKind::CreditLine => "a credit line",
            AccountKind::Shop => "a shop account",
        };
        return Err(ApiError::at(ErrorCode::InvalidValue, field_path(path, "kind"), format!("the account must be {name}")));
    }
    Ok(a)
}

pub fn wallet_account(w: &WireAccount, path: &str) -> Result<Account, ApiError> {
    account_of_kind(w, AccountKind::Wallet, path)
}

/// A shop-side counterpart account in the wallet's currency.
pub fn shop_account(w: &WireAccount, currency: Currency, path: &str) -> Result<Account, ApiError> {
    let a = account_of_kind(w, AccountKind::Shop, path)?;
    crate::api::wire::same_currency(currency, a.currency, format_args!("{path}.currency"))?;
    Ok(a)
}

/// Free text (a reason) is bounded.
pub fn check_text(text: &str, path: &str, required: bool) -> Result<(), ApiError> {
    // What `trim().is_empty()` answers, without linking `trim`'s code for this one check.
    if required && text.chars().all(char::is_whitespace) {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, "must not be empty"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, format!("at most {MAX_TEXT_CHARS} characters")));
    }
    Ok(())
}

/// Runs a batch; answers the ledger output and the wallet's spendable balance afterwards.
pub fn book(mut ledger: Ledger, batch: &[TransferInput], now_s: i64, wallet_id: &str) -> (LedgerOutput, Option<i64>) {
    let outcomes = ledger.create_transfers(batch, now_s);
    let balance = ledger.account(wallet_id).map(|a| a.wallet_available());
    let changes = ledger.into_changes();
    (output(&outcomes, &changes), balance)
}

/// The answer of an operation that moves one amount in or out of one wallet.
#[derive(Write)]
#[serde(rename_all = "camelCase")]
pub struct MoveOut {
    /// Applied now or earlier (a replay): the host writes `ledger`. False: nothing to write.
    pub accepted: bool,
    /// The amount this movement is about.
    pub amount: String,
    /// The wallet's spendable balance after the movement (before it, when rejected).
    pub balance: String,
    /// What to write back; null when rejected before the ledger.
    pub ledger: Option<LedgerOutput>,
    /// Why not, in precedence order (business rules first, else the ledger's first real reason).
    pub reasons: Vec<Code>,
    /// The same key with the same movement was applied before: answered, nothing new booked.
    pub replay: bool,
    /// The transfer this operation booked (now or before); null when nothing was booked.
    pub transfer_id: Option<String>,
}

/// A business rejection: nothing to write.
pub fn rejected(mut reasons: Vec<Code>, amount: i64, wallet: &Account) -> MoveOut {
    Code::sort_list(&mut reasons, true);
    MoveOut {
        accepted: false,
        reasons,
        amount: amount_string(amount, wallet.currency),
        balance: amount_string(wallet.wallet_available(), wallet.currency),
        replay: false,
        transfer_id: None,
        ledger: None,
    }
}

/// The ledger's answer for a movement: accepted when every transfer is `ok` or `exists`.
pub fn booked(lo: LedgerOutput, balance_after: Option<i64>, amount: i64, wallet: &Account, transfer_id: &str) -> MoveOut {
    let accepted = lo.all_applied();
    let balance = if accepted { balance_after.unwrap_or(wallet.wallet_available()) } else { wallet.wallet_available() };
    MoveOut {
        accepted,
        reasons: if accepted { vec![] } else { lo.first_failure().into_iter().collect() },
        amount: amount_string(amount, wallet.currency),
        balance: amount_string(balance, wallet.currency),
        replay: accepted && lo.results.iter().all(|r| r.result == Code::Exists),
        transfer_id: accepted.then(|| transfer_id.to_string()),
        ledger: Some(lo),
    }
}

/// Serializes a movement answer with the operation's own fields (`audit`, `vat`, ...) beside it.
pub fn move_result<E: Write>(m: &MoveOut, extra: &E) -> Result<crate::api::Out, ApiError> {
    crate::api::to_result_with(m, extra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::MovementType;
    use crate::wallet::common::plain;

    #[test]
    fn derived_ids_fit_in_an_id() {
        assert_eq!(key_id("co-7", "wallet").unwrap(), "co-7:wallet");
        assert!(key_id(&"k".repeat(96), "withdrawal").is_ok());
        assert_eq!(key_id(&"k".repeat(97), "wallet").unwrap_err().code, ErrorCode::InvalidId);
    }

    #[test]
    fn text_is_bounded() {
        assert!(check_text("IBAN missing", "input.reason", true).is_ok());
        assert!(check_text(" ", "input.reason", true).is_err());
        assert!(check_text("", "input.reason", false).is_ok());
        assert!(check_text(&"é".repeat(1001), "input.reason", false).is_err());
    }

    #[test]
    fn booked_reports_the_first_real_reason() {
        let eur = Currency::from_code("EUR").unwrap();
        let mut w = Account::new("w", AccountKind::Wallet, eur);
        w.credits_posted = 500;
        let s = Account::new("s", AccountKind::Shop, eur);
        let ledger = Ledger::new(vec![w.clone(), s], vec![]).unwrap();
        let (lo, bal) = book(ledger, &[plain("k:wallet".into(), "w", "s", 600, MovementType::OrderPayment, None)], 1, "w");
        let m = booked(lo, bal, 600, &w, "k:wallet");
        assert!(!m.accepted);
        assert_eq!(m.reasons, vec![Code::WalletInsufficientFunds]);
        assert_eq!(m.balance, "5.00");
    }
}
