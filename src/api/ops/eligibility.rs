//! `eligibility.evaluate` on the wire: the checkout as the host sends it, checked field by field
//! into the rule's domain values (every refusal an error with the path of the field at fault,
//! in the order the fields are checked), and the rule's methods written back as decimal strings.
//! The rule is `crate::eligibility::evaluate`.

use crate::prelude::*;

use crate::api::ops::credit_line::WireCreditContext;
use crate::api::ops::financing::{check_country, evaluate_solutions, SolutionConfig, SolutionOut};
use crate::api::ops::ledger::WireAccount;
use crate::api::ops::wallet::settings::{WireCustomer, WireWalletSettings};
use crate::api::wire::{same_currency, Amount, AmountOut, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx, Out};
use crate::codes::Code;
use crate::credit_line::gate::availability as credit_gate;
use crate::eligibility::{self, Checkout, CreditLine, Display, Financing, Judged, Method, Wallet, WalletMode};
use crate::money::Currency;
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EligibilityCart {
    currency: CurrencyCode,
    total: Amount,
    #[serde(default)]
    contains_top_up: bool,
    billing_country: String,
}

/// The credit line as eligibility and checkout receive it: on for the shop or not, and the context.
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct CreditPart {
    pub(crate) enabled: bool,
    pub(crate) credit: WireCreditContext,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EligibilityWalletPart {
    #[serde(default)]
    account: Option<WireAccount>,
    settings: WireWalletSettings,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FinancingPart {
    enabled: bool,
    solutions: Vec<SolutionConfig>,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Input {
    customer: WireCustomer,
    cart: EligibilityCart,
    display: Display,
    #[serde(default)]
    credit_line: Option<CreditPart>,
    #[serde(default)]
    wallet: Option<EligibilityWalletPart>,
    #[serde(default)]
    financing: Option<FinancingPart>,
}

/// `eligibility.evaluate`'s answer (every struct's fields in wire order: sorted).
#[derive(Write)]
struct EvaluateOut<'a> {
    currency: CurrencyCode,
    methods: Vec<MethodOut<'a>>,
    total: AmountOut,
}

/// One method; the three kinds carry different fields.
#[derive(Write)]
#[serde(untagged)]
enum MethodOut<'a> {
    Credit(CreditMethod),
    Wallet(WalletMethod),
    Financing(FinancingMethod<'a>),
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CreditMethod {
    available: bool,
    covers: AmountOut,
    display: &'static str,
    method: &'static str,
    needs_manual_approval: bool,
    reasons: Vec<Code>,
    remaining_credit: AmountOut,
    remaining_to_pay: AmountOut,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct WalletMethod {
    available: bool,
    balance: AmountOut,
    covers: AmountOut,
    display: &'static str,
    method: &'static str,
    reasons: Vec<Code>,
    remaining_to_pay: AmountOut,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct FinancingMethod<'a> {
    available: bool,
    covers: AmountOut,
    display: &'static str,
    instalments: Option<u32>,
    kind: &'static str,
    label: Option<&'a str>,
    method: &'static str,
    reasons: Vec<Code>,
    remaining_to_pay: AmountOut,
    schedule: Option<Vec<AmountOut>>,
    solution_code: &'a str,
}

/// Evaluates every method for the cart. The server calls this again, under lock, before it
/// books anything: what the browser shows is never trusted.
pub fn evaluate(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: Input = parse_input(input)?;
    let c = i.cart.currency.0;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    check_country(&i.cart.billing_country, &"input.cart.billingCountry")?;
    let customer = i.customer.validate("input.customer")?;
    let credit_line = i.credit_line.as_ref().map(|cp| credit_line(cp, c, total, now)).transpose()?;
    let wallet = i.wallet.as_ref().map(|wp| wallet(wp, c)).transpose()?;
    let mut solutions: Vec<Option<SolutionOut>> = match &i.financing {
        Some(fp) => evaluate_solutions(&fp.solutions, c, total, &i.cart.billing_country, "input.financing")?.into_iter().map(Some).collect(),
        None => Vec::new(),
    };
    let financing = i.financing.as_ref().map(|fp| Financing {
        enabled: fp.enabled,
        solutions: solutions.iter().flatten().map(|s| Judged { available: s.available, reasons: s.reasons.clone() }).collect(),
    });
    let checkout = Checkout { total, contains_top_up: i.cart.contains_top_up, customer: &customer, display: i.display };
    let methods = eligibility::evaluate(&checkout, credit_line.as_ref(), wallet.as_ref(), financing);
    let methods = methods.into_iter().filter_map(|m| method_out(m, c, &mut solutions)).collect();
    to_result(&EvaluateOut { currency: CurrencyCode(c), methods, total: AmountOut { minor: total, currency: c } })
}

/// The credit line's gate for the cart. The account and the receivables must be in the cart's
/// currency (`currency_mismatch` at `input.cart.currency`).
fn credit_line(cp: &CreditPart, c: Currency, total: i64, now: i64) -> Result<CreditLine, ApiError> {
    let ctx = cp.credit.validate("input.creditLine.credit")?;
    let theirs = ctx.account.as_ref().map(|a| a.currency).or_else(|| ctx.receivables.first().map(|r| r.currency));
    if let Some(theirs) = theirs {
        same_currency(theirs, c, "input.cart.currency")?;
    }
    let today = ctx.today(now)?;
    Ok(CreditLine { enabled: cp.enabled, gate: credit_gate(&ctx, total, today) })
}

/// The balance account (in the cart's currency) and the balance settings for that currency.
fn wallet(wp: &EligibilityWalletPart, c: Currency) -> Result<Wallet, ApiError> {
    let account = match &wp.account {
        Some(a) => {
            let acc = a.to_account(&"input.wallet.account")?;
            same_currency(acc.currency, c, "input.cart.currency")?;
            Some(acc)
        }
        None => None,
    };
    Ok(Wallet { account, settings: wp.settings.validate(c, "input.wallet.settings")? })
}

/// A method on the wire; a financing method takes its solution's wire fields from `solutions`.
fn method_out<'a>(m: Method, c: Currency, solutions: &mut [Option<SolutionOut<'a>>]) -> Option<MethodOut<'a>> {
    let money = |minor: i64| AmountOut { minor, currency: c };
    Some(match m {
        Method::Credit { decision, needs_manual_approval, remaining_credit, offer } => MethodOut::Credit(CreditMethod {
            available: decision.available,
            covers: money(decision.covers),
            display: offer.as_str(),
            method: "credit_line",
            needs_manual_approval,
            reasons: decision.reasons,
            remaining_credit: money(remaining_credit),
            remaining_to_pay: money(decision.remaining),
        }),
        Method::Wallet { mode, decision, balance, offer } => MethodOut::Wallet(WalletMethod {
            available: decision.available,
            balance: money(balance),
            covers: money(decision.covers),
            display: offer.as_str(),
            method: if mode == WalletMode::Full { "wallet_full" } else { "wallet_partial" },
            reasons: decision.reasons,
            remaining_to_pay: money(decision.remaining),
        }),
        Method::Financing { solution, decision, offer } => {
            let s = solutions.get_mut(solution)?.take()?;
            MethodOut::Financing(FinancingMethod {
                available: decision.available,
                covers: money(decision.covers),
                display: offer.as_str(),
                instalments: s.instalments,
                kind: s.kind,
                label: s.label,
                method: "financing",
                reasons: decision.reasons,
                remaining_to_pay: money(decision.remaining),
                // A solution the checkout makes unavailable has no schedule.
                schedule: if decision.available { s.schedule } else { None },
                solution_code: s.solution_code,
            })
        }
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<Input, EvaluateOut<'static>>("eligibility.evaluate");
}
