//! `ledger.*` on the wire: accounts and transfers as the host stores and sends them (see
//! docs/CONTRIBUTING-CORE.md, "Ledger on the wire"), the ledger's answer every money-moving op
//! shares, and the ledger's own operations (raw transfer batches, expiry of reservations,
//! reconciliation). The rules are [`crate::ledger`] (the engine and [`crate::ledger::reconcile`]);
//! this file reads the wire into their domain values and maps their refusals to coded errors.

use crate::prelude::*;

use crate::api::de::{Error, Reader};
use crate::api::field_path;
use crate::api::wire::{amount_string, check_len, same_currency, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::ledger::reconcile::{self, Counter, CounterDrift, Side, SumTotals, TransferSum};
use crate::ledger::sums::wide_string;
use crate::ledger::*;
use crate::money::{parse_decimal, Currency};
use crate::quoted::Quoted;
use crate::{Read, Write};
use rust_decimal::Decimal;

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
    pub fn to_account(&self, path: &dyn core::fmt::Display) -> Result<Account, ApiError> {
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
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, field_path(path, "timestampS"), "timestamp out of range"))?;
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
    pub fn to_input(&self, ledger: &Ledger, path: &str) -> Result<TransferInput, ApiError> {
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
    parse_unique(list, MAX_ACCOUNTS, path, "account", |a| a.id.0.as_str(), |a, p| a.to_account(&p))
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
    let repeated = crate::sorted::repeats(list, &id);
    let mut out = Vec::with_capacity(list.len());
    for (i, w) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if repeated[i] {
            return Err(ApiError::at(ErrorCode::DuplicateId, field_path(&p, "id"), format!("{what} {} appears twice", Quoted(id(w)))));
        }
        out.push(parse(w, &p)?);
    }
    Ok(out)
}

/// Fails with `currency_mismatch` when a stored transfer's currency is not the currency of an
/// account it names (its amounts would be read in the wrong minor units).
pub fn check_transfer_currencies(accounts: &[Account], transfers: &[Transfer], path: &str) -> Result<(), ApiError> {
    reconcile::check_currencies(accounts, transfers).map_err(|m| {
        ApiError::at(
            ErrorCode::CurrencyMismatch,
            format!("{path}[{}].currency", m.index),
            format!("transfer {} is in {} but account {} is in {}", Quoted(&m.transfer_id), m.transfer_currency, Quoted(&m.account_id), m.account_currency),
        )
    })
}

/// Builds a ledger from validated wire lists (ids already de-duplicated).
pub fn ledger_from(accounts: &[WireAccount], transfers: &[WireTransfer], path: &str) -> Result<Ledger, ApiError> {
    let a = parse_accounts(accounts, &field_path(path, "accounts"))?;
    let t = parse_transfers(transfers, &field_path(path, "transfers"))?;
    check_transfer_currencies(&a, &t, &field_path(path, "transfers"))?;
    Ledger::new(a, t).map_err(|id| ApiError::at(ErrorCode::DuplicateId, path, format!("id {} appears twice", Quoted(&id))))
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
        crate::ledger::booking::all_applied(self.results.iter().map(|r| r.result))
    }
    /// The first code that is neither `ok`, `exists` nor `linked_event_failed`: the real reason.
    pub fn first_failure(&self) -> Option<Code> {
        crate::ledger::booking::first_failure(self.results.iter().map(|r| r.result))
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
pub fn run(ledger: Ledger, batch: &[TransferInput], now_s: i64) -> LedgerOutput {
    let booking = ledger.book(batch, now_s);
    output(&booking.outcomes, &booking.changes)
}

/// Finds an account of `kind` among the parsed accounts by id, or fails with a coded error.
pub fn require_account<'a>(accounts: &'a [Account], id: &str, kind: AccountKind, path: &str) -> Result<&'a Account, ApiError> {
    let a = accounts.iter().find(|a| a.id == id).ok_or_else(|| ApiError::at(ErrorCode::MissingField, path, format!("account {} is missing", Quoted(id))))?;
    if a.kind != kind {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, format!("account {} must be of kind {kind:?}", Quoted(id))));
    }
    Ok(a)
}

pub fn currency_of(a: &Account) -> Currency {
    a.currency
}

/// A non-negative decimal sum (`"1234567890123456.78"`); its currency comes from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WideAmount(pub Decimal);

impl Read for WideAmount {
    const EXPECTING: &'static str = "a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        // Same rules as an amount (a JSON string, digits and one point), without the 15-digit cap.
        let s = r.str(Self::EXPECTING).map_err(|_| Error::new(ErrorCode::InvalidType, "a sum must be a string"))?;
        let dec = parse_decimal(&s).map_err(|e| Error::coded(e.code(), e.to_string()))?;
        if dec.is_sign_negative() && !dec.is_zero() {
            return Err(Error::new(ErrorCode::NegativeAmount, format!("sum {} must not be negative", Quoted(&s))));
        }
        Ok(WideAmount(dec))
    }
    fn placeholder() -> Self {
        WideAmount(Decimal::ZERO)
    }
}

impl WideAmount {
    /// Exact minor units in `currency`; more decimals than the currency has is an error at `path`.
    pub fn minor(&self, currency: Currency, path: &str) -> Result<i128, ApiError> {
        let d = self.0.normalize();
        let e = u32::from(currency.exponent());
        if d.scale() > e {
            return Err(ApiError::at(ErrorCode::TooManyDecimals, path, format!("{currency} has {e} decimals")));
        }
        10i128
            .checked_pow(e - d.scale())
            .and_then(|f| d.mantissa().checked_mul(f))
            .ok_or_else(|| ApiError::at(ErrorCode::AmountTooLarge, path, "the sum is too large"))
    }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateInput {
    accounts: Vec<WireAccount>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
    batch: Vec<WireTransferInput>,
}

/// Applies a batch of transfers (ids are idempotency keys).
pub fn create_transfers(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: CreateInput = parse_input(input)?;
    check_len(&i.batch, MAX_BATCH, "input.batch")?;
    let ledger = ledger_from(&i.accounts, &i.transfers, "input")?;
    // A loop, not `collect::<Result<Vec<_>, _>>()`: that adapter is its own ~1 KB of wasm per type.
    let mut batch = Vec::with_capacity(i.batch.len());
    for (n, t) in i.batch.iter().enumerate() {
        batch.push(t.to_input(&ledger, &format!("input.batch[{n}]"))?);
    }
    to_result(&run(ledger, &batch, now))
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpireInput {
    accounts: Vec<WireAccount>,
    transfers: Vec<WireTransfer>,
}

/// Expires the given pending transfers whose timeout has passed at `now`.
pub fn expire_pending(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: ExpireInput = parse_input(input)?;
    let mut ledger = ledger_from(&i.accounts, &i.transfers, "input")?;
    ledger.expire_pending(now);
    to_result(&output(&[], &ledger.into_changes()))
}

#[derive(Write, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
struct Counters {
    credits_pending: String,
    credits_posted: String,
    debits_pending: String,
    debits_posted: String,
}

impl Counters {
    fn from_minor(v: reconcile::Counters, c: Currency) -> Counters {
        let [a, b, cp, d] = v.map(|x| wide_string(x, c));
        Counters { debits_pending: a, debits_posted: b, credits_pending: cp, credits_posted: d }
    }
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct AccountCheck {
    computed: Counters,
    id: String,
    stored: Counters,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct Drift {
    account_id: String,
    computed: String,
    field: &'static str,
    stored: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ReconcileOutput {
    accounts: Vec<AccountCheck>,
    consistent: bool,
    drift: Vec<Drift>,
}

/// A counter's name on the wire.
fn counter_name(c: Counter) -> &'static str {
    match c {
        Counter::DebitsPending => "debitsPending",
        Counter::DebitsPosted => "debitsPosted",
        Counter::CreditsPending => "creditsPending",
        Counter::CreditsPosted => "creditsPosted",
    }
}

/// An account's stored counters beside the computed ones; adds the counters that differ to `drift`.
fn check_account(a: &Account, computed: reconcile::Counters, drift: &mut Vec<Drift>) -> AccountCheck {
    let stored = reconcile::stored(a);
    let wire = |d: CounterDrift| Drift {
        account_id: a.id.clone(),
        field: counter_name(d.counter),
        stored: wide_string(d.stored, a.currency),
        computed: wide_string(d.computed, a.currency),
    };
    drift.extend(reconcile::drift(stored, computed).into_iter().map(wire));
    AccountCheck { id: a.id.clone(), stored: Counters::from_minor(stored, a.currency), computed: Counters::from_minor(computed, a.currency) }
}

/// Recomputes every account's counters from its transfers and reports any drift.
pub fn reconcile(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: ExpireInput = parse_input(input)?;
    let accounts = parse_accounts(&i.accounts, "input.accounts")?;
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    check_transfer_currencies(&accounts, &transfers, "input.transfers")?;
    let computed = reconcile::from_transfers(&accounts, &transfers);
    let mut drift = Vec::new();
    let checks = accounts.iter().zip(computed).map(|(a, c)| check_account(a, c, &mut drift)).collect();
    to_result(&ReconcileOutput { consistent: drift.is_empty(), accounts: checks, drift })
}

/// `SUM(amount)` and `COUNT(*)` over one account's transfers on one side with the same
/// currency, flags and pending status.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireTransferSum {
    pub side: Side,
    pub currency: CurrencyCode,
    #[serde(default)]
    pub flags: Vec<WireFlag>,
    pub pending_status: PendingStatus,
    pub count: u64,
    pub amount: WideAmount,
}

/// Groups are (side, currency, flags, pending status): a few dozen at most.
pub const MAX_SUMS: usize = 1000;

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconcileSumsInput {
    pub account: WireAccount,
    pub sums: Vec<WireTransferSum>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ReconcileSumsOutput {
    account: AccountCheck,
    consistent: bool,
    drift: Vec<Drift>,
    /// How many transfers the sums cover.
    transfers: u64,
}

/// `ledger.reconcileSums`: one account's stored counters against the sums of its transfers as the
/// database grouped them, counted by the same rule as `ledger.reconcile`. The request stays small
/// however many transfers the account has.
pub fn reconcile_sums(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: ReconcileSumsInput = parse_input(input)?;
    let a = i.account.to_account(&"input.account")?;
    check_len(&i.sums, MAX_SUMS, "input.sums")?;
    let mut totals = SumTotals::default();
    for (n, s) in i.sums.iter().enumerate() {
        let path = format!("input.sums[{n}]");
        same_currency(a.currency, s.currency.0, format_args!("{path}.currency"))?;
        let amount = s.amount.minor(a.currency, &field_path(&path, "amount"))?;
        let sum = TransferSum { side: s.side, flags: wire_flags(&s.flags), pending_status: s.pending_status, count: s.count, amount };
        totals.add(&sum).map_err(|_| ApiError::at(ErrorCode::AmountTooLarge, field_path(&path, "amount"), "the sums overflow"))?;
    }
    let mut drift = Vec::new();
    let account = check_account(&a, totals.counters, &mut drift);
    to_result(&ReconcileSumsOutput { consistent: drift.is_empty(), account, drift, transfers: totals.transfers })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<CreateInput, LedgerOutput>("ledger.createTransfers");
    api.op::<ExpireInput, LedgerOutput>("ledger.expirePending");
    api.op::<ExpireInput, ReconcileOutput>("ledger.reconcile");
    api.op::<ReconcileSumsInput, ReconcileSumsOutput>("ledger.reconcileSums");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    fn account(id: &str, currency: &str) -> serde_json::Value {
        json!({"id": id, "kind": "shop", "currency": currency, "debitsPending": "0", "debitsPosted": "0", "creditsPending": "0", "creditsPosted": "0"})
    }

    fn ledger(accounts: Vec<serde_json::Value>, transfers: Vec<serde_json::Value>) -> Result<Ledger, ApiError> {
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

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn sums_beyond_one_amount_are_exact() {
        let w: WideAmount = parse_value(json!("12345678901234567890.12")).unwrap();
        assert_eq!(w.minor(cur("EUR"), "p").unwrap(), 1_234_567_890_123_456_789_012);
        assert_eq!(wide_string(1_234_567_890_123_456_789_012, cur("EUR")), "12345678901234567890.12");
        let w: WideAmount = parse_value(json!("7.5")).unwrap();
        assert_eq!(w.minor(cur("KWD"), "p").unwrap(), 7_500);
        assert_eq!(w.minor(cur("JPY"), "p").unwrap_err().code, ErrorCode::TooManyDecimals);
        assert_eq!(parse_value::<WideAmount>(json!("-1")).unwrap_err().code, ErrorCode::NegativeAmount);
        assert_eq!(parse_value::<WideAmount>(json!(5)).unwrap_err().code, ErrorCode::InvalidType);
        assert_eq!(parse_value::<WideAmount>(json!("1e5")).unwrap_err().code, ErrorCode::InvalidAmount);
    }
}
