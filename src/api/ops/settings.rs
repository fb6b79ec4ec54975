//! Shop settings: one place that says what a valid setting is and what a working default is, so
//! both hosts' admin pages save only what the rules can use and install the same defaults.
//!
//! `settings.validate`: `{currency, wallet?, credit?, financing?: {mapping?, solutions?}}` →
//! `{valid, violations}`; a malformed part is an error with the path of the field at fault.
//! `settings.defaults`: `{currency}` → every setting, ready to store, amounts in that currency.

use crate::prelude::*;

use crate::api::ops::credit_line::WireSettings;
use crate::api::ops::financing::{evaluate_solutions, mapping_violations, parse_mapping, MappingEntry, SolutionConfig};
use crate::api::ops::wallet::settings::WireWalletSettings;
use crate::api::wire::{amount_string, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::money::Currency;
use crate::sorted::SortedMap;
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields)]
struct FinancingSettings {
    #[serde(default)]
    mapping: Option<SortedMap<String, MappingEntry>>,
    #[serde(default)]
    solutions: Option<Vec<SolutionConfig>>,
}

#[derive(Read)]
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

/// `settings.validate`'s answer (every struct's fields in wire order: sorted).
#[derive(Write)]
struct ValidateOut {
    valid: bool,
    violations: Vec<Violation>,
}

#[derive(Write)]
struct Violation {
    code: crate::codes::Code,
    setting: &'static str,
    status: &'static str,
}

/// `settings.defaults`'s answer: every setting, ready to store.
#[derive(Write)]
struct DefaultsOut {
    credit: CreditDefaults,
    #[serde(rename = "credit.enabled")]
    credit_enabled: bool,
    #[serde(rename = "financing.enabled")]
    financing_enabled: bool,
    #[serde(rename = "financing.mapping")]
    financing_mapping: SortedMap<&'static str, crate::api::ops::financing::DefaultEntry>,
    #[serde(rename = "financing.solutions")]
    financing_solutions: [SolutionDefault; 3],
    wallet: WalletDefaults,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CreditDefaults {
    block_when_overdue: bool,
    block_when_unpaid: bool,
    default_payment_terms_days: u32,
    reminder_offsets_days: [i32; 4],
    risk_effects: RiskDefaults,
    utc_offset_s: i32,
}

#[derive(Write)]
struct RiskDefaults {
    high: &'static str,
    low: &'static str,
    medium: &'static str,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct SolutionDefault {
    countries: [&'static str; 1],
    currency: CurrencyCode,
    enabled: bool,
    instalments: Option<u32>,
    kind: &'static str,
    label: &'static str,
    max_amount: String,
    min_amount: String,
    solution_code: &'static str,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct WalletDefaults {
    allow_partial: bool,
    allow_top_up: bool,
    allow_withdrawal: bool,
    allowed_groups: [&'static str; 0],
    enabled: bool,
    max_top_up: String,
    min_top_up: String,
    min_withdrawal: String,
    top_up_vat: VatDefault,
}

#[derive(Write)]
struct VatDefault {
    mode: &'static str,
}

/// Structure errors come back as errors (with the path); rule violations that a well-formed
/// setting can still have (a mapping that marks a non-final status paid) come back as values.
pub fn validate(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: ValidateInput = parse_input(input)?;
    if let Some(w) = &i.wallet {
        w.validate(i.currency.0, "input.wallet")?;
    }
    if let Some(c) = &i.credit {
        c.parse(&"input.credit")?;
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
                violations.push(Violation { code, setting: "financing.mapping", status: status.as_str() });
            }
        }
    }
    to_result(&ValidateOut { valid: violations.is_empty(), violations })
}

#[derive(Read)]
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
pub fn defaults(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: DefaultsInput = parse_input(input)?;
    let c = i.currency.0;
    let solution = |solution_code: &'static str, label: &'static str, kind: &'static str, instalments: Option<u32>, min: i64, max: i64| SolutionDefault {
        countries: ["FR"],
        currency: CurrencyCode(c),
        enabled: true,
        instalments,
        kind,
        label,
        max_amount: major(max, c),
        min_amount: major(min, c),
        solution_code,
    };
    to_result(&DefaultsOut {
        credit: CreditDefaults {
            block_when_overdue: true,
            block_when_unpaid: false,
            default_payment_terms_days: 30,
            reminder_offsets_days: [-3, 0, 7, 14],
            risk_effects: RiskDefaults { high: "block", low: "none", medium: "manual_approval" },
            utc_offset_s: 0,
        },
        credit_enabled: true,
        financing_enabled: false,
        financing_mapping: crate::api::ops::financing::default_entries(),
        financing_solutions: [
            solution("SCFRSP-3XTS", "Pay in 3 instalments", "split", Some(3), 100, 3000),
            solution("SCFRSP-4XTS", "Pay in 4 instalments", "split", Some(4), 100, 3000),
            solution("SCFRLT-TXNO", "Long-term credit", "credit", None, 1000, 20000),
        ],
        wallet: WalletDefaults {
            allow_partial: true,
            allow_top_up: true,
            allow_withdrawal: true,
            allowed_groups: [],
            enabled: true,
            max_top_up: major(1000, c),
            min_top_up: major(5, c),
            min_withdrawal: major(10, c),
            top_up_vat: VatDefault { mode: "none" },
        },
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<DefaultsInput, DefaultsOut>("settings.defaults");
    api.op::<ValidateInput, ValidateOut>("settings.validate");
}
