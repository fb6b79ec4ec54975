//! Credit-line inputs on the wire and their validation.

use super::rules::*;
use crate::api::wire::{amount_string, check_len, Amount, CurrencyCode, Id, WireDate};
use crate::api::ApiError;
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::ledger::wire::WireAccount;
use crate::ledger::{Account, AccountKind};
use crate::money::Currency;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireRiskEffects {
    pub low: RiskEffect,
    pub medium: RiskEffect,
    pub high: RiskEffect,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCreditSettings {
    pub default_payment_terms_days: u16,
    #[serde(default)]
    pub block_when_overdue: bool,
    #[serde(default)]
    pub block_when_unpaid: bool,
    pub risk_effects: WireRiskEffects,
    #[serde(default)]
    pub reminder_offsets_days: Vec<i32>,
    #[serde(default)]
    pub utc_offset_s: i32,
}

impl WireCreditSettings {
    pub fn validate(&self, path: &str) -> Result<CreditSettings, ApiError> {
        let bad = |field: &str, msg: &str| ApiError::at(ErrorCode::InvalidValue, format!("{path}.{field}"), msg.to_string());
        if self.default_payment_terms_days > 365 {
            return Err(bad("defaultPaymentTermsDays", "payment terms must be 0 to 365 days"));
        }
        check_len(&self.reminder_offsets_days, 10, &format!("{path}.reminderOffsetsDays"))?;
        if self.reminder_offsets_days.iter().any(|d| !(-60..=365).contains(d)) || self.reminder_offsets_days.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("reminderOffsetsDays", "reminder offsets must be sorted, unique, between -60 and 365 days"));
        }
        if !(-14 * 3600..=14 * 3600).contains(&self.utc_offset_s) {
            return Err(bad("utcOffsetS", "the UTC offset must be within ±14 hours"));
        }
        Ok(CreditSettings {
            default_terms_days: self.default_payment_terms_days,
            block_when_overdue: self.block_when_overdue,
            block_when_unpaid: self.block_when_unpaid,
            risk_effects: [self.risk_effects.low, self.risk_effects.medium, self.risk_effects.high],
            reminder_offsets_days: self.reminder_offsets_days.clone(),
            utc_offset_s: self.utc_offset_s,
        })
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireProfile {
    #[serde(default)]
    pub on_hold: bool,
    pub risk_level: RiskLevel,
    #[serde(default)]
    pub payment_terms_days: Option<u16>,
}

impl WireProfile {
    pub fn validate(&self, path: &str) -> Result<CreditProfile, ApiError> {
        if self.payment_terms_days.is_some_and(|d| d > 365) {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.paymentTermsDays"), "payment terms must be 0 to 365 days"));
        }
        Ok(CreditProfile { on_hold: self.on_hold, risk_level: self.risk_level, terms_days: self.payment_terms_days })
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireReceivable {
    pub order_ref: Id,
    pub currency: CurrencyCode,
    pub amount: Amount,
    pub paid: Amount,
    #[serde(default)]
    pub due_date: Option<WireDate>,
    pub state: ReceivableState,
    #[serde(default)]
    pub last_reminder_level: Option<u32>,
}

impl WireReceivable {
    pub fn validate(&self, currency: Currency, path: &str) -> Result<Receivable, ApiError> {
        crate::api::wire::same_currency(currency, self.currency.0, &format!("{path}.currency"))?;
        let amount = self.amount.minor(currency, &format!("{path}.amount"))?;
        let paid = self.paid.minor(currency, &format!("{path}.paid"))?;
        if paid > amount {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.paid"), "paid cannot exceed the amount"));
        }
        Ok(Receivable {
            order_ref: self.order_ref.0.clone(),
            amount,
            paid,
            due_date: self.due_date.map(|d| d.0),
            state: self.state,
            last_reminder_level: self.last_reminder_level,
        })
    }
}

/// A receivable as answered (amounts formatted in the account currency).
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ReceivableOut {
    pub order_ref: String,
    pub currency: CurrencyCode,
    pub amount: String,
    pub paid: String,
    pub outstanding: String,
    pub due_date: Option<String>,
    pub state: ReceivableState,
    pub last_reminder_level: Option<u32>,
}

impl ReceivableOut {
    pub fn from(r: &Receivable, c: Currency) -> ReceivableOut {
        ReceivableOut {
            order_ref: r.order_ref.clone(),
            currency: CurrencyCode(c),
            amount: amount_string(r.amount, c),
            paid: amount_string(r.paid, c),
            outstanding: amount_string(r.outstanding(), c),
            due_date: r.due_date.map(|d| d.to_string()),
            state: r.state,
            last_reminder_level: r.last_reminder_level,
        }
    }
}

/// Everything the credit rules read about one customer.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCreditContext {
    #[serde(default)]
    pub account: Option<WireAccount>,
    pub profile: WireProfile,
    pub settings: WireCreditSettings,
    #[serde(default)]
    pub receivables: Vec<WireReceivable>,
}

pub struct CreditContext {
    pub account: Option<Account>,
    pub profile: CreditProfile,
    pub settings: CreditSettings,
    pub receivables: Vec<Receivable>,
}

impl WireCreditContext {
    pub fn validate(&self, path: &str) -> Result<CreditContext, ApiError> {
        let account = match &self.account {
            Some(a) => {
                let acc = a.to_account(&format!("{path}.account"))?;
                if acc.kind != AccountKind::CreditLine {
                    return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.account.kind"), "the account must be a credit_line"));
                }
                Some(acc)
            }
            None => None,
        };
        check_len(&self.receivables, 1000, &format!("{path}.receivables"))?;
        let currency = account.as_ref().map(|a| a.currency);
        let receivables = self
            .receivables
            .iter()
            .enumerate()
            .map(|(i, r)| r.validate(currency.unwrap_or(r.currency.0), &format!("{path}.receivables[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CreditContext {
            account,
            profile: self.profile.validate(&format!("{path}.profile"))?,
            settings: self.settings.validate(&format!("{path}.settings"))?,
            receivables,
        })
    }
}

impl CreditContext {
    pub fn today(&self, now_s: i64) -> Result<Date, ApiError> {
        Date::from_unix_s(now_s, self.settings.utc_offset_s).ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, "now", "now is out of range"))
    }
}
