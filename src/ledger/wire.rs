//! Accounts and transfers on the wire (see docs/CONTRIBUTING-CORE.md, "Ledger on the wire").

use super::types::*;
use super::LedgerChanges;
use crate::api::wire::{amount_string, check_len, Amount, CurrencyCode, Id};
use crate::api::ApiError;
use crate::codes::{Code, ErrorCode};
use crate::money::Currency;
use crate::{Read, Write};
use std::collections::BTreeSet;

pub const MAX_ACCOUNTS: usize = 1000;
pub const MAX_STORED_TRANSFERS: usize = 10_000;
pub const MAX_BATCH: usize = 1000;

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireAccount {
    pub id: Id,
    pub kind: AccountKind,
    pub currency: CurrencyCode,
    pub debits_pending: Amount,
    pub debits_posted: Amount,
    pub credits_pending: Amount,
    pub credits_posted: Amount,
    #[serde(default)]
    pub limit: Option<Amount>,
    #[serde(default)]
    pub closed: bool,
}

impl WireAccount {
    pub fn to_account(&self, path: &str) -> Result<Account, ApiError> {
        let c = self.currency.0;
        Ok(Account {
            id: self.id.0.clone(),
            kind: self.kind,
            currency: c,
            debits_pending: self.debits_pending.minor(c, format_args!("{path}.debitsPending"))?,
            debits_posted: self.debits_posted.minor(c, format_args!("{path}.debitsPosted"))?,
            credits_pending: self.credits_pending.minor(c, format_args!("{path}.creditsPending"))?,
            credits_posted: self.credits_posted.minor(c, format_args!("{path}.creditsPosted"))?,
            limit: match &self.limit {
                Some(l) => l.minor(c, format_args!("{path}.limit"))?,
                None => 0,
            },
            closed: self.closed,
        })
    }
}

/// An account as the core answers it.
#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AccountOut {
    pub closed: bool,
    pub credits_pending: String,
    pub credits_posted: String,
    pub currency: CurrencyCode,
    pub debits_pending: String,
    pub debits_posted: String,
    pub id: String,
    pub kind: AccountKind,
    pub limit: String,
}

impl From<&Account> for AccountOut {
    fn from(a: &Account) -> Self {
        let c = a.currency;
        AccountOut {
            id: a.id.clone(),
            kind: a.kind,
            currency: CurrencyCode(c),
            debits_pending: amount_string(a.debits_pending, c),
            debits_posted: amount_string(a.debits_posted, c),
            credits_pending: amount_string(a.credits_pending, c),
            credits_posted: amount_string(a.credits_posted, c),
            limit: amount_string(a.limit, c),
            closed: a.closed,
        }
    }
}

#[derive(Read, Write, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WireFlag {
    Linked,
    Pending,
    PostPending,
    VoidPending,
}

/// Wire flags → transfer flags.
pub fn wire_flags(list: &[WireFlag]) -> TransferFlags {
    let mut f = TransferFlags::default();
    for x in list {
        match x {
            WireFlag::Linked => f.linked = true,
            WireFlag::Pending => f.pending = true,
            WireFlag::PostPending => f.post_pending = true,
            WireFlag::VoidPending => f.void_pending = true,
        }
    }
    f
}

pub fn flags_to(f: TransferFlags) -> Vec<WireFlag> {
    let mut v = Vec::new();
    if f.linked {
        v.push(WireFlag::Linked);
    }
    if f.pending {
        v.push(WireFlag::Pending);
    }
    if f.post_pending {
        v.push(WireFlag::PostPending);
    }
    if f.void_pending {
        v.push(WireFlag::VoidPending);
    }
    v
}

/// A stored transfer, as the host passes it back in.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireTransfer {
    pub id: Id,
    pub debit_account_id: Id,
    pub credit_account_id: Id,
    pub amount: Amount,
    pub currency: CurrencyCode,
    #[serde(default)]
    pub pending_id: Option<Id>,
    #[serde(default)]
    pub timeout_s: u32,
    #[serde(default)]
    pub flags: Vec<WireFlag>,
    pub code: MovementType,
    #[serde(default)]
    pub order_ref: Option<Id>,
    pub timestamp_s: u64,
    pub pending_status: PendingStatus,
}

impl WireTransfer {
    pub fn to_transfer(&self, path: &str) -> Result<Transfer, ApiError> {
        let c = self.currency.0;
        let timestamp_s = i64::try_from(self.timestamp_s)
            .ok()
            .filter(|t| *t <= crate::api::MAX_NOW_S)
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, format!("{path}.timestampS"), "timestamp out of range"))?;
        Ok(Transfer {
            id: self.id.0.clone(),
            debit_account_id: self.debit_account_id.0.clone(),
            credit_account_id: self.credit_account_id.0.clone(),
            amount: self.amount.minor(c, format_args!("{path}.amount"))?,
            currency: c,
            pending_id: self.pending_id.as_ref().map(|i| i.0.clone()),
            timeout_s: i64::from(self.timeout_s),
            flags: wire_flags(&self.flags),
            code: self.code,
            order_ref: self.order_ref.as_ref().map(|i| i.0.clone()),
            timestamp_s,
            pending_status: self.pending_status,
        })
    }
}

#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TransferOut {
    pub amount: String,
    pub code: MovementType,
    pub credit_account_id: String,
    pub currency: CurrencyCode,
    pub debit_account_id: String,
    pub flags: Vec<WireFlag>,
    pub id: String,
    pub order_ref: Option<String>,
    pub pending_id: Option<String>,
    pub pending_status: PendingStatus,
    pub timeout_s: i64,
    pub timestamp_s: i64,
}

impl From<&Transfer> for TransferOut {
    fn from(t: &Transfer) -> Self {
        TransferOut {
            id: t.id.clone(),
            debit_account_id: t.debit_account_id.clone(),
            credit_account_id: t.credit_account_id.clone(),
            amount: amount_string(t.amount, t.currency),
            currency: CurrencyCode(t.currency),
            pending_id: t.pending_id.clone(),
            timeout_s: t.timeout_s,
            flags: flags_to(t.flags),
            code: t.code,
            order_ref: t.order_ref.clone(),
            timestamp_s: t.timestamp_s,
            pending_status: t.pending_status,
        }
    }
}

/// One transfer asked for in a `ledger.createTransfers` batch.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireTransferInput {
    pub id: Id,
    pub debit_account_id: Id,
    pub credit_account_id: Id,
    pub amount: Amount,
    #[serde(default)]
    pub pending_id: Option<Id>,
    #[serde(default)]
    pub timeout_s: u32,
    #[serde(default)]
    pub flags: Vec<WireFlag>,
    pub code: MovementType,
    #[serde(default)]
    pub order_ref: Option<Id>,
}

impl WireTransferInput {
    /// The amount is read in the currency of the debit account (else the credit account, else the
    /// stored transfer with this id, else the pending transfer it names). When none is known the
    /// engine answers `debit_account_not_found` (or a replay / validation code that only needs to
    /// know whether the amount is zero), so any valid decimal is accepted then.
    pub fn to_input(&self, ledger: &super::Ledger, path: &str) -> Result<TransferInput, ApiError> {
        let currency = ledger
            .account(&self.debit_account_id.0)
            .or_else(|| ledger.account(&self.credit_account_id.0))
            .map(|a| a.currency)
            .or_else(|| ledger.transfer(&self.id.0).map(|t| t.currency))
            .or_else(|| self.pending_id.as_ref().and_then(|p| ledger.transfer(&p.0)).map(|t| t.currency));
        let amount = match currency {
            Some(c) => self.amount.minor(c, format_args!("{path}.amount"))?,
            None if self.amount.0.is_zero() => 0,
            None => 1,
        };
        Ok(TransferInput {
            id: self.id.0.clone(),
            debit_account_id: self.debit_account_id.0.clone(),
            credit_account_id: self.credit_account_id.0.clone(),
            amount,
            pending_id: self.pending_id.as_ref().map(|i| i.0.clone()),
            timeout_s: i64::from(self.timeout_s),
            flags: wire_flags(&self.flags),
            code: self.code,
            order_ref: self.order_ref.as_ref().map(|i| i.0.clone()),
        })
    }
}

pub fn parse_accounts(list: &[WireAccount], path: &str) -> Result<Vec<Account>, ApiError> {
    parse_unique(list, MAX_ACCOUNTS, path, "account", |a| a.id.0.as_str(), WireAccount::to_account)
}

pub fn parse_transfers(list: &[WireTransfer], path: &str) -> Result<Vec<Transfer>, ApiError> {
    parse_unique(list, MAX_STORED_TRANSFERS, path, "transfer", |t| t.id.0.as_str(), WireTransfer::to_transfer)
}

/// Parses a bounded list whose ids must be unique (`duplicate_id` names the second one).
fn parse_unique<W, T>(
    list: &[W],
    max: usize,
    path: &str,
    what: &str,
    id: impl Fn(&W) -> &str,
    parse: impl Fn(&W, &str) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    check_len(list, max, path)?;
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, w) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if !seen.insert(id(w)) {
            return Err(ApiError::at(ErrorCode::DuplicateId, format!("{p}.id"), format!("{what} {:?} appears twice", id(w))));
        }
        out.push(parse(w, &p)?);
    }
    Ok(out)
}

/// Fails with `currency_mismatch` when a stored transfer's currency is not the currency of an
/// account it names (its amounts would be read in the wrong minor units).
pub fn check_transfer_currencies(accounts: &[Account], transfers: &[Transfer], path: &str) -> Result<(), ApiError> {
    for (i, t) in transfers.iter().enumerate() {
        for id in [&t.debit_account_id, &t.credit_account_id] {
            if let Some(a) = accounts.iter().find(|a| &a.id == id) {
                if a.currency != t.currency {
                    return Err(ApiError::at(
                        ErrorCode::CurrencyMismatch,
                        format!("{path}[{i}].currency"),
                        format!("transfer {:?} is in {} but account {:?} is in {}", t.id, t.currency, a.id, a.currency),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Builds a ledger from validated wire lists (ids already de-duplicated).
pub fn ledger_from(accounts: &[WireAccount], transfers: &[WireTransfer], path: &str) -> Result<super::Ledger, ApiError> {
    let a = parse_accounts(accounts, &format!("{path}.accounts"))?;
    let t = parse_transfers(transfers, &format!("{path}.transfers"))?;
    check_transfer_currencies(&a, &t, &format!("{path}.transfers"))?;
    super::Ledger::new(a, t).map_err(|id| ApiError::at(ErrorCode::DuplicateId, path, format!("id {id:?} appears twice")))
}

#[derive(Write, Debug, Clone, PartialEq, Eq)]
pub struct ResultOut {
    pub id: String,
    pub result: Code,
}

#[derive(Write, Debug, Clone, PartialEq, Eq)]
pub struct PendingUpdateOut {
    pub id: String,
    pub status: PendingStatus,
}

/// What every money-moving op returns under `"ledger"`.
#[derive(Write, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct LedgerOutput {
    pub accounts: Vec<AccountOut>,
    pub pending_updates: Vec<PendingUpdateOut>,
    pub results: Vec<ResultOut>,
    pub transfers: Vec<TransferOut>,
}

impl LedgerOutput {
    /// True when every transfer was applied now or earlier (`ok` or `exists`).
    pub fn all_applied(&self) -> bool {
        self.results.iter().all(|r| matches!(r.result, Code::Ok | Code::Exists))
    }
    /// The first code that is neither `ok`, `exists` nor `linked_event_failed`: the real reason.
    pub fn first_failure(&self) -> Option<Code> {
        self.results.iter().map(|r| r.result).find(|c| !matches!(c, Code::Ok | Code::Exists | Code::LinkedEventFailed))
    }
}

pub fn output(outcomes: &[TransferOutcome], changes: &LedgerChanges) -> LedgerOutput {
    LedgerOutput {
        results: outcomes.iter().map(|o| ResultOut { id: o.id.clone(), result: o.result }).collect(),
        accounts: changes.accounts.iter().map(AccountOut::from).collect(),
        transfers: changes.transfers.iter().map(TransferOut::from).collect(),
        pending_updates: changes.pending_updates.iter().map(|u| PendingUpdateOut { id: u.id.clone(), status: u.status }).collect(),
    }
}

/// Runs a batch on a ledger and returns the output to write back.
pub fn run(mut ledger: super::Ledger, batch: &[TransferInput], now_s: i64) -> LedgerOutput {
    let outcomes = ledger.create_transfers(batch, now_s);
    let changes = ledger.into_changes();
    output(&outcomes, &changes)
}

/// Finds an account of `kind` among the parsed accounts by id, or fails with a coded error.
pub fn require_account<'a>(accounts: &'a [Account], id: &str, kind: AccountKind, path: &str) -> Result<&'a Account, ApiError> {
    let a = accounts.iter().find(|a| a.id == id).ok_or_else(|| ApiError::at(ErrorCode::MissingField, path, format!("account {id:?} is missing")))?;
    if a.kind != kind {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, format!("account {id:?} must be of kind {kind:?}")));
    }
    Ok(a)
}

pub fn currency_of(a: &Account) -> Currency {
    a.currency
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    fn account(id: &str, currency: &str) -> serde_json::Value {
        json!({"id": id, "kind": "shop", "currency": currency, "debitsPending": "0", "debitsPosted": "0", "creditsPending": "0", "creditsPosted": "0"})
    }

    fn ledger(accounts: Vec<serde_json::Value>, transfers: Vec<serde_json::Value>) -> Result<super::super::Ledger, ApiError> {
        let a: Vec<WireAccount> = parse_value(json!(accounts))?;
        let t: Vec<WireTransfer> = parse_value(json!(transfers))?;
        ledger_from(&a, &t, "input")
    }

    fn item(debit: &str, credit: &str, amount: &str) -> WireTransferInput {
        parse_value(json!({"id": "t1", "debitAccountId": debit, "creditAccountId": credit, "amount": amount, "code": "refund"})).unwrap()
    }

    #[test]
    fn accounts_default_limit_and_closed_and_round_trip() {
        let a: Vec<WireAccount> = parse_value(json!([account("a", "KWD")])).unwrap();
        let parsed = parse_accounts(&a, "input.accounts").unwrap();
        assert_eq!((parsed[0].limit, parsed[0].closed), (0, false));
        let out = crate::api::to_value(&AccountOut::from(&parsed[0]));
        assert_eq!(out["creditsPosted"], "0.000");
        assert_eq!(out["limit"], "0.000");
        let dup: Vec<WireAccount> = parse_value(json!([account("a", "EUR"), account("a", "EUR")])).unwrap();
        assert_eq!(parse_accounts(&dup, "input.accounts").unwrap_err().path.as_deref(), Some("input.accounts[1].id"));
        let many: Vec<WireAccount> = (0..=MAX_ACCOUNTS).map(|i| parse_value(account(&format!("a{i}"), "EUR")).unwrap()).collect();
        assert_eq!(parse_accounts(&many, "input.accounts").unwrap_err().code, ErrorCode::TooManyItems);
    }

    #[test]
    fn batch_amounts_are_read_in_the_currency_of_a_known_account() {
        let l = ledger(vec![account("eur", "EUR"), account("jpy", "JPY")], vec![]).unwrap();
        assert_eq!(item("eur", "x", "1.50").to_input(&l, "p").unwrap().amount, 150);
        assert_eq!(item("x", "jpy", "150").to_input(&l, "p").unwrap().amount, 150);
        assert_eq!(item("jpy", "eur", "1.5").to_input(&l, "p").unwrap_err().code, ErrorCode::TooManyDecimals);
        // Neither account known: the engine answers, only zero or not matters.
        assert_eq!(item("x", "y", "1.001").to_input(&l, "p").unwrap().amount, 1);
        assert_eq!(item("x", "y", "0.000").to_input(&l, "p").unwrap().amount, 0);
    }

    #[test]
    fn a_stored_transfer_must_be_in_its_accounts_currency() {
        let t = json!({"id": "t", "debitAccountId": "eur", "creditAccountId": "gone", "amount": "1.00", "currency": "USD",
            "code": "refund", "timestampS": 5, "pendingStatus": "none"});
        let e = ledger(vec![account("eur", "EUR")], vec![t.clone()]).err().unwrap();
        assert_eq!((e.code, e.path.as_deref()), (ErrorCode::CurrencyMismatch, Some("input.transfers[0].currency")));
        // Accounts that are not loaded are not checked.
        assert!(ledger(vec![account("usd", "USD")], vec![t]).is_ok());
    }

    #[test]
    fn output_lists_results_changes_and_updates() {
        let mut l = ledger(vec![account("a", "EUR"), account("b", "EUR")], vec![]).unwrap();
        let input = item("a", "b", "2.00").to_input(&l, "p").unwrap();
        let outcomes = l.create_transfers(&[input], 10);
        let out = crate::api::to_value(&output(&outcomes, &l.into_changes()));
        assert_eq!(out["results"], json!([{"id": "t1", "result": "ok"}]));
        assert_eq!(out["accounts"].as_array().unwrap().len(), 2);
        assert_eq!(out["transfers"][0]["amount"], "2.00");
        assert_eq!(out["transfers"][0]["pendingStatus"], "none");
        assert_eq!(out["transfers"][0]["timestampS"], 10);
        assert_eq!(out["pendingUpdates"], json!([]));
    }
}
