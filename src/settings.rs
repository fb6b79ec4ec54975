//! Shop settings: one place that says what a valid setting is and what a working default is, so
//! both hosts' admin pages save only what the rules can use and install the same defaults.
//!
//! `settings.validate`: `{currency, wallet?, credit?, financing?: {mapping?, solutions?}}` →
//! `{valid, violations}`; a malformed part is an error with the path of the field at fault.
//! `settings.defaults`: `{currency}` → every setting, ready to store, amounts in that currency.

use crate::api::wire::{amount_string, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::credit_line::profile::WireSettings;
use crate::financing::ops::{evaluate_solutions, mapping_violations, parse_mapping, MappingEntry, SolutionConfig};
use crate::money::Currency;
use crate::wallet::settings::WireWalletSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FinancingSettings {
    #[serde(default)]
    mapping: Option<BTreeMap<String, MappingEntry>>,
    #[serde(default)]
    solutions: Option<Vec<SolutionConfig>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateInput {
    /// The shop's currency: wallet amounts are checked against its decimals.
    currency: CurrencyCode,
    #[serde(default)]
    wallet: Option<WireWalletSettings>,
    #[serde(default)]
    credit: Option<WireSettings>,
    #[serde(default)]
    financing: Option<FinancingSettings>,
}

/// Structure errors come back as errors (with the path); rule violations that a well-formed
/// setting can still have (a mapping that marks a non-final status paid) come back as values.
pub fn validate(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: ValidateInput = parse_input(input)?;
    if let Some(w) = &i.wallet {
        w.validate(i.currency.0, "input.wallet")?;
    }
    if let Some(c) = &i.credit {
        c.parse("input.credit")?;
    }
    let mut violations = Vec::new();
    if let Some(f) = &i.financing {
        if let Some(list) = &f.solutions {
            // The rules of a solution (amount range, instalments, countries) are checked the way
            // a cart would use them; the cart itself is irrelevant here.
            evaluate_solutions(list, i.currency.0, 0, "FR", "input.financing")?;
        }
        if let Some(m) = &f.mapping {
            let parsed = parse_mapping(m, "input.financing.mapping")?;
            for (status, code) in mapping_violations(&parsed) {
                violations.push(json!({"setting": "financing.mapping", "status": status.as_str(), "code": code}));
            }
        }
    }
    to_result(&json!({"valid": violations.is_empty(), "violations": violations}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsInput {
    currency: CurrencyCode,
}

/// `major` whole units of `c` as a decimal string.
fn major(units: i64, c: Currency) -> String {
    amount_string(units * 10_i64.pow(u32::from(c.exponent())), c)
}

/// Defaults a shop can run on the day it installs: balance on (partial payments, top-ups and
/// withdrawals allowed), credit lines on with 30-day terms and overdue blocking, financing off
/// until the merchant enters credentials, with the provider's 3x/4x/long-term solutions.
pub fn defaults(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: DefaultsInput = parse_input(input)?;
    let c = i.currency.0;
    let mapping = crate::api::to_value(&crate::financing::ops::default_entries())?;
    let solution = |code: &str, label: &str, kind: &str, instalments: Option<u32>, min: i64, max: i64| {
        json!({"solutionCode": code, "label": label, "kind": kind, "instalments": instalments,
               "minAmount": major(min, c), "maxAmount": major(max, c), "countries": ["FR"],
               "currency": c.code(), "enabled": true})
    };
    to_result(&json!({
        "wallet": {
            "enabled": true, "allowedGroups": [], "allowPartial": true, "allowTopUp": true,
            "allowWithdrawal": true, "minWithdrawal": major(10, c), "minTopUp": major(5, c),
            "maxTopUp": major(1000, c), "topUpVat": {"mode": "none"},
        },
        "credit": {
            "defaultPaymentTermsDays": 30, "blockWhenOverdue": true, "blockWhenUnpaid": false,
            "riskEffects": {"low": "none", "medium": "manual_approval", "high": "block"},
            "reminderOffsetsDays": [-3, 0, 7, 14], "utcOffsetS": 0,
        },
        "credit.enabled": true,
        "financing.enabled": false,
        "financing.mapping": mapping,
        "financing.solutions": [
            solution("SCFRSP-3XTS", "Pay in 3 instalments", "split", Some(3), 100, 3000),
            solution("SCFRSP-4XTS", "Pay in 4 instalments", "split", Some(4), 100, 3000),
            solution("SCFRLT-TXNO", "Long-term credit", "credit", None, 1000, 20000),
        ],
    }))
}
