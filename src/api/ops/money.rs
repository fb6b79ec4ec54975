//! `money.*` operations: allocation of a total into parts and recorded currency conversion. The
//! rules are `Money::split` and `Money::convert`; this file holds the wire and the error words.

use crate::prelude::*;

use crate::api::wire::{amount_string, Amount, CurrencyCode, Rate};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::ErrorCode;
use crate::money::{Rounding, Split, SplitError};
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AllocateInput {
    currency: CurrencyCode,
    total: Amount,
    /// Either `parts` equal instalments, or `weights` (non-negative integers) for a proportional split.
    parts: Option<u32>,
    weights: Option<Vec<u64>>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct AllocateOutput {
    currency: CurrencyCode,
    parts: Vec<String>,
}

/// Splits a total into instalments or proportional parts; the parts always sum to the total.
pub fn allocate(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: AllocateInput = parse_input(input)?;
    let c = i.currency.0;
    let total = i.total.money(c, "input.total")?;
    let split = match (i.parts, i.weights) {
        (Some(n), None) => Split::Parts(n),
        (None, Some(w)) => Split::Weights(w),
        _ => return Err(ApiError::at(ErrorCode::InvalidValue, "input", "give exactly one of `parts` or `weights`")),
    };
    let parts = total.split(&split).map_err(|e| split_error(e, &split))?;
    to_result(&AllocateOutput { currency: i.currency, parts: parts.iter().map(|p| amount_string(p.minor(), c)).collect() })
}

/// The wire's words for a split the rules refused.
fn split_error(e: SplitError, split: &Split) -> ApiError {
    match e {
        SplitError::PartsOutOfRange => ApiError::at(ErrorCode::InvalidValue, "input.parts", "parts must be between 1 and 1000"),
        SplitError::TooManyWeights => {
            let n = if let Split::Weights(w) = split { w.len() } else { 0 };
            ApiError::at(ErrorCode::TooManyItems, "input.weights", format!("at most {} items, got {n}", Split::MAX_PARTS))
        }
        SplitError::WeightTooLarge => ApiError::at(ErrorCode::InvalidValue, "input.weights", "weights must be at most 10^12"),
        SplitError::AllWeightsZero => ApiError::at(ErrorCode::InvalidValue, "input.weights", "weights must not all be zero"),
    }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConvertInput {
    currency: CurrencyCode,
    amount: Amount,
    to: CurrencyCode,
    rate: Rate,
    rounding: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ConvertOutput {
    from: String,
    from_currency: CurrencyCode,
    rate: String,
    rounding: &'static str,
    to: String,
    to_currency: CurrencyCode,
}

/// Converts at an explicit rate with a named rounding, echoing both so the caller records them.
pub fn convert(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: ConvertInput = parse_input(input)?;
    let rounding = Rounding::from_name(&i.rounding).ok_or_else(|| {
        ApiError::at(ErrorCode::InvalidValue, "input.rounding", "rounding must be one of half_even, half_up, half_down, down, up, ceiling, floor")
    })?;
    let from = i.amount.money(i.currency.0, "input.amount")?;
    let conv = from.convert(i.to.0, i.rate.0, rounding).map_err(|e| ApiError::from_money(e, "input.amount"))?;
    to_result(&ConvertOutput {
        from: from.to_decimal_string(),
        from_currency: i.currency,
        to: conv.to.to_decimal_string(),
        to_currency: i.to,
        rate: crate::money::decimal_string(i.rate.0.normalize()),
        rounding: rounding.name(),
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<AllocateInput, AllocateOutput>("money.allocate");
    api.op::<ConvertInput, ConvertOutput>("money.convert");
}
