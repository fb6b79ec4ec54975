//! `wallet.*` on the wire: each operation's request and response types, the checks that turn
//! them into the rules' domain values (coded errors with the path at fault) and the answers. The
//! rules are in `crate::wallet`: this file holds the statistics (`wallet.stats`,
//! `wallet.statsSums`; rules: [`crate::wallet::stats`]), `wallet.balance`, `wallet.bonus` (rules:
//! [`crate::wallet::bonus`]) and the withdrawals (rules: [`crate::wallet::withdrawal`]); each
//! other family has its own file named like its rules' module.
//!
//! | op | input | result |
//! |---|---|---|
//! | `wallet.balance` | `{wallet}` | `{currency, balance, reserved, available, incoming}` |
//! | `wallet.availability` | `{wallet?, settings, customer, cart}` | `{balance, currency, full, partial}` |
//! | `wallet.pay` | `{key, orderRef, mode, amount, cart, reserve, timeoutS, wallet, salesAccount, settings, customer, transfers}` | movement |
//! | `wallet.topUpCheck` | `{currency, amount, settings}` | `{accepted, reasons, credit, vat}` |
//! | `wallet.topUp` | `{key, orderRef, paid, settings, wallet, topUpsAccount, transfers}` | movement + `paid`, `vat` |
//! | `wallet.refund` | `{key, orderRef, currency, refundAmount, mode, sources, wallet?, creditLine?, salesAccount, transfers}` | `{accepted, reasons, mode, legs, external, ledger}` |
//! | `wallet.cancel` | `{key, orderRef, reservation \| payment, refunded?, wallet, salesAccount, transfers}` | movement + `outcome` |
//! | `wallet.withdrawalRequest` | `{key, amount, settings, wallet, withdrawalsAccount, transfers}` | movement |
//! | `wallet.withdrawalDecision` | `{key, decision, requestTransfer, decidedBy, reason?, wallet, withdrawalsAccount, transfers}` | movement + `audit` |
//! | `wallet.bonus` | `{key, kind, amount, reason, orderRef?, wallet, bonusAccount, transfers}` | movement + `kind`, `reason` |
//! | `wallet.massAdjust` | `{batchKey, direction, currency, amount, reason, items, shopAccount, transfers}` | `{applied, alreadyDone, skipped, items, ledger, ...}` |
//! | `wallet.stats` | `{currency, period, utcOffsetS, walletIds?, transfers}` | `{periods, totals, overall, ...}` |
//! | `wallet.statsSums` | `{currency, period, sums: [{day, code, count, credits, debits}], totals}` | the same as `wallet.stats` |
//!
//! A "movement" answer is `{accepted, reasons, amount, balance, transferId, ledger}`
//! (see [`common::MoveOut`]).

use crate::prelude::*;

pub mod batch;
pub mod cancel;
pub mod common;
pub mod gate;
pub mod pay;
pub mod refund;
pub mod settings;
pub mod topup;

use crate::api::field_path;
use crate::api::ops::ledger::{ledger_from, parse_transfers, WideAmount, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len, same_currency, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::ledger::sums::wide_string;
use crate::ledger::MovementType;
use crate::ledger::{TransferFlags, TransferInput};
use crate::money::Currency;
use crate::sorted::{SortedMap, SortedSet};
use crate::wallet::bonus::{bonus_reasons, BonusKind};
use crate::wallet::common::plain;
use crate::wallet::stats::{tally, Period, Stats, SumsOverflow, Tally, UndatedTransfer, MAX_UTC_OFFSET_S};
use crate::wallet::withdrawal::{decision_reasons, is_request, withdrawal_reasons, Decision};
use crate::{Read, Write};
use common::{book, booked, check_text, key_id, move_result, rejected, shop_account, wallet_account};
use settings::WireWalletSettings;

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct TallyOut {
    count: u64,
    credits: String,
    debits: String,
    /// credits - debits
    net: String,
}

fn out(t: &Tally, c: Currency) -> TallyOut {
    TallyOut { count: t.count, credits: wide_string(t.credits, c), debits: wide_string(t.debits, c), net: wide_string(t.net(), c) }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StatsInput {
    currency: CurrencyCode,
    period: Period,
    #[serde(default)]
    utc_offset_s: i32,
    /// The wallets whose movements count. Absent: every account whose id starts with `wallet:`.
    #[serde(default)]
    wallet_ids: Option<Vec<Id>>,
    transfers: Vec<WireTransfer>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct StatsOut {
    currency: CurrencyCode,
    overall: TallyOut,
    period: Period,
    periods: SortedMap<String, SortedMap<&'static str, TallyOut>>,
    totals: SortedMap<&'static str, TallyOut>,
}

/// `wallet.stats`: `{currency, period, utcOffsetS, walletIds?, transfers (≤10000)}` →
/// per period and movement type `{count, credits, debits, net}`, totals per type, overall.
pub fn stats(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: StatsInput = parse_input(input)?;
    let c = i.currency.0;
    if !(-MAX_UTC_OFFSET_S..=MAX_UTC_OFFSET_S).contains(&i.utc_offset_s) {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.utcOffsetS", "the UTC offset must be within ±14 hours"));
    }
    if let Some(ids) = &i.wallet_ids {
        check_len(ids, 1000, "input.walletIds")?;
    }
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    for (n, t) in transfers.iter().enumerate() {
        same_currency(c, t.currency, format_args!("input.transfers[{n}].currency"))?;
    }
    let wallets: Option<SortedSet<&str>> = i.wallet_ids.as_ref().map(|ids| ids.iter().map(|w| w.0.as_str()).collect());
    let is_wallet = |id: &str| match &wallets {
        Some(set) => set.contains(id),
        None => id.starts_with("wallet:"),
    };
    let s = tally(&transfers, is_wallet, i.period, i.utc_offset_s)
        .map_err(|UndatedTransfer(n)| ApiError::at(ErrorCode::InvalidDate, format!("input.transfers[{n}].timestampS"), "out of range"))?;
    to_result(&stats_out(&s, i.currency, i.period))
}

fn stats_out(s: &Stats, currency: CurrencyCode, period: Period) -> StatsOut {
    let c = currency.0;
    let by_type = |m: &SortedMap<MovementType, Tally>| m.iter().map(|(k, t)| (k.as_str(), out(t, c))).collect::<SortedMap<_, _>>();
    StatsOut {
        currency,
        period,
        periods: s.periods.iter().map(|(k, m)| (k.clone(), by_type(m))).collect(),
        totals: by_type(&s.totals),
        overall: out(&s.overall, c),
    }
}

/// One group of wallet movements summed by the database: count, money into the wallets
/// (`credits`) and out of them (`debits`) for one movement type.
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireMovementSum {
    pub code: MovementType,
    pub count: u64,
    pub credits: WideAmount,
    pub debits: WideAmount,
}

/// A group within one period; `day` is any shop-local day of that period (days since 1970-01-01).
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WirePeriodSum {
    pub day: u32,
    pub code: MovementType,
    pub count: u64,
    pub credits: WideAmount,
    pub debits: WideAmount,
}

/// Room for 400 periods of 11 movement types in one request; longer windows come in pages.
pub const MAX_PERIOD_SUMS: usize = 5000;

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatsSumsInput {
    pub currency: CurrencyCode,
    pub period: Period,
    /// Per period (or any finer grouping) and movement type; groups with one label add up.
    pub sums: Vec<WirePeriodSum>,
    /// Per movement type over the whole window (a page may show only some of its periods).
    pub totals: Vec<WireMovementSum>,
}

fn tally_of(count: u64, credits: &WideAmount, debits: &WideAmount, c: Currency, path: &str) -> Result<Tally, ApiError> {
    Ok(Tally { count, credits: credits.minor(c, &field_path(path, "credits"))?, debits: debits.minor(c, &field_path(path, "debits"))? })
}

fn overflow(path: &str) -> impl FnOnce(SumsOverflow) -> ApiError + '_ {
    move |_| ApiError::at(ErrorCode::AmountTooLarge, path, "the sums overflow")
}

/// `wallet.statsSums`: the answer of `wallet.stats` from sums the database computed per period
/// and movement type, so the request stays small at any number of movements. Period labels come
/// from the core's calendar; sums stay exact (i128).
pub fn stats_sums(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: StatsSumsInput = parse_input(input)?;
    let c = i.currency.0;
    check_len(&i.sums, MAX_PERIOD_SUMS, "input.sums")?;
    check_len(&i.totals, MAX_PERIOD_SUMS, "input.totals")?;
    let mut s = Stats::default();
    for (n, row) in i.sums.iter().enumerate() {
        let path = format!("input.sums[{n}]");
        let day = Date::from_days(i64::from(row.day))
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, field_path(&path, "day"), "the day must lie in 1970-01-01 ..= 9999-12-31"))?;
        let t = tally_of(row.count, &row.credits, &row.debits, c, &path)?;
        s.add_period(i.period.label(day), row.code, t).map_err(overflow(&path))?;
    }
    for (n, row) in i.totals.iter().enumerate() {
        let path = format!("input.totals[{n}]");
        let t = tally_of(row.count, &row.credits, &row.debits, c, &path)?;
        s.add_total(row.code, t).map_err(overflow(&path))?;
    }
    to_result(&stats_out(&s, i.currency, i.period))
}

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

/// `wallet.balance`: `{wallet}` → `{currency, balance, reserved, available, incoming}`: `balance`
/// is what was posted (credits minus debits), `reserved` what open checkouts hold, `available`
/// what can be spent now (the amount every gate uses), `incoming` credits not yet posted.
pub fn balance(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
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

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BonusInput {
    key: Id,
    kind: BonusKind,
    amount: Amount,
    /// Why (shown in the customer's statement and the audit trail).
    reason: String,
    #[serde(default)]
    order_ref: Option<Id>,
    wallet: WireAccount,
    bonus_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// What `wallet.bonus` answers besides the movement.
#[derive(Write)]
struct BonusExtra {
    kind: BonusKind,
    reason: String,
}

/// `wallet.bonus`: shop bonus → wallet (bonus, cashback, adjustment_credit) or wallet → shop
/// bonus (adjustment_debit), id `{key}:bonus`.
pub fn bonus(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: BonusInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    shop_account(&i.bonus_account, w.currency, "input.bonusAccount")?;
    check_text(&i.reason, "input.reason", true)?;
    let amount = i.amount.minor(w.currency, "input.amount")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.bonus_account.clone()], &i.transfers, "input")?;
    let (code, debit) = i.kind.movement();
    let id = key_id(&i.key.0, "bonus")?;
    let extra = BonusExtra { kind: i.kind, reason: i.reason.clone() };
    if ledger.transfer(&id).is_none() {
        let r = bonus_reasons(i.kind, amount, w.wallet_available());
        if !r.is_empty() {
            return move_result(&rejected(r, amount, &w), &extra);
        }
    }
    let order_ref = i.order_ref.as_ref().map(|o| o.0.clone());
    let shop = &i.bonus_account.id.0;
    let t = if debit { plain(id.clone(), &w.id, shop, amount, code, order_ref) } else { plain(id.clone(), shop, &w.id, amount, code, order_ref) };
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    move_result(&booked(lo, balance, amount, &w, &id), &extra)
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RequestInput {
    key: Id,
    amount: Amount,
    settings: WireWalletSettings,
    wallet: WireAccount,
    withdrawals_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// `wallet.withdrawalRequest`: reserves `amount` wallet → shop withdrawals (pending, no timeout,
/// id `{key}:withdrawal`, code `withdrawal`, orderRef = key).
pub fn withdrawal_request(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: RequestInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    shop_account(&i.withdrawals_account, c, "input.withdrawalsAccount")?;
    let s = i.settings.validate(c, "input.settings")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.withdrawals_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key.0, "withdrawal")?;
    if ledger.transfer(&id).is_none() {
        let r = withdrawal_reasons(&s, amount, w.wallet_available());
        if !r.is_empty() {
            return to_result(&rejected(r, amount, &w));
        }
    }
    let mut t = plain(id.clone(), &w.id, &i.withdrawals_account.id.0, amount, MovementType::Withdrawal, Some(i.key.0.clone()));
    t.flags.pending = true;
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    to_result(&booked(lo, balance, amount, &w, &id))
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DecisionInput {
    key: Id,
    decision: Decision,
    /// The stored pending transfer of the request.
    request_transfer: WireTransfer,
    wallet: WireAccount,
    withdrawals_account: WireAccount,
    decided_by: Id,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// What `wallet.withdrawalDecision` answers besides the movement: the audit entry to write
/// (null when nothing was decided).
#[derive(Write)]
struct DecisionExtra {
    audit: Option<AuditOut>,
}

#[derive(Write)]
struct AuditOut {
    action: &'static str,
    actor: String,
    at: i64,
    reason: Option<String>,
    subject: String,
}

/// `wallet.withdrawalDecision`: approve posts the reservation (`{key}:approve`), reject voids it
/// (`{key}:reject`); answers an audit entry. A second decision is `request_already_decided`.
pub fn withdrawal_decision(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: DecisionInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    shop_account(&i.withdrawals_account, w.currency, "input.withdrawalsAccount")?;
    let req = i.request_transfer.to_transfer("input.requestTransfer")?;
    if !is_request(&req, &w.id, &i.withdrawals_account.id.0) {
        return Err(ApiError::at(
            ErrorCode::InvalidValue,
            "input.requestTransfer",
            "must be the pending withdrawal transfer from this wallet to the withdrawals account",
        ));
    }
    if let Some(r) = &i.reason {
        check_text(r, "input.reason", false)?;
    }
    let mut known = i.transfers.clone();
    if !known.iter().any(|t| t.id.0 == req.id) {
        known.push(i.request_transfer.clone());
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.withdrawals_account.clone()], &known, "input")?;
    let approve = i.decision == Decision::Approve;
    let id = key_id(&i.key.0, if approve { "approve" } else { "reject" })?;
    let audit = AuditOut {
        action: if approve { "withdrawal_approved" } else { "withdrawal_rejected" },
        actor: i.decided_by.0.clone(),
        at: now,
        reason: i.reason.clone(),
        subject: req.id.clone(),
    };
    if ledger.transfer(&id).is_none() {
        let r = decision_reasons(req.pending_status);
        if !r.is_empty() {
            return move_result(&rejected(r, req.amount, &w), &DecisionExtra { audit: None });
        }
    }
    let t = TransferInput {
        id: id.clone(),
        debit_account_id: req.debit_account_id.clone(),
        credit_account_id: req.credit_account_id.clone(),
        amount: 0,
        pending_id: Some(req.id.clone()),
        timeout_s: 0,
        flags: TransferFlags { post_pending: approve, void_pending: !approve, ..Default::default() },
        code: MovementType::Withdrawal,
        order_ref: req.order_ref.clone(),
    };
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    let m = booked(lo, balance, req.amount, &w, &id);
    let audit = if m.accepted { Some(audit) } else { None };
    move_result(&m, &DecisionExtra { audit })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    batch::shapes(api);
    cancel::shapes(api);
    gate::shapes(api);
    pay::shapes(api);
    refund::shapes(api);
    topup::shapes(api);
    api.op::<StatsInput, StatsOut>("wallet.stats");
    api.op::<StatsSumsInput, StatsOut>("wallet.statsSums");
    api.op::<BalanceInput, BalanceOut>("wallet.balance");
    api.op_merged::<BonusInput, common::MoveOut, BonusExtra>("wallet.bonus", "shopcredit::wallet::bonus::BonusOut");
    api.op_merged::<DecisionInput, common::MoveOut, DecisionExtra>("wallet.withdrawalDecision", "shopcredit::wallet::withdrawal::DecisionOut");
    api.op::<RequestInput, common::MoveOut>("wallet.withdrawalRequest");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_sums_are_formatted_exactly() {
        let eur = Currency::from_code("EUR").unwrap();
        let t = Tally { count: 1, credits: 10_000 * i128::from(crate::money::MAX_MINOR), debits: 5 };
        let o = out(&t, eur);
        assert_eq!((o.credits.as_str(), o.debits.as_str(), o.net.as_str()), ("99999999999999900.00", "0.05", "99999999999999899.95"));
        assert_eq!(out(&Tally::default(), Currency::from_code("JPY").unwrap()).net, "0");
    }
}
