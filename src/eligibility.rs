//! `eligibility.evaluate`: for one checkout, every ShopCredit method with its availability,
//! every reason why not, what it covers and what remains, and how to display it.

use crate::api::wire::{amount_string, Amount, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::Code;
use crate::credit_line::wire::WireCreditContext;
use crate::financing::ops::{check_country, evaluate_solutions, SolutionConfig};
use crate::ledger::wire::WireAccount;
use crate::wallet::ops::{WireCustomer, WireWalletSettings};
use crate::wallet::rules::{availability as wallet_gate, Mode};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    /// Unavailable methods are not offered at all.
    Hide,
    /// Unavailable methods are shown greyed out with the reason.
    ShowDisabled,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Cart {
    currency: CurrencyCode,
    total: Amount,
    #[serde(default)]
    contains_top_up: bool,
    billing_country: String,
}

/// The credit line as eligibility and checkout receive it: on for the shop or not, and the context.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct CreditPart {
    pub(crate) enabled: bool,
    pub(crate) credit: WireCreditContext,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WalletPart {
    #[serde(default)]
    account: Option<WireAccount>,
    settings: WireWalletSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FinancingPart {
    enabled: bool,
    solutions: Vec<SolutionConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Input {
    customer: WireCustomer,
    cart: Cart,
    display: Display,
    #[serde(default)]
    credit_line: Option<CreditPart>,
    #[serde(default)]
    wallet: Option<WalletPart>,
    #[serde(default)]
    financing: Option<FinancingPart>,
}

/// `eligibility.evaluate`'s answer (every struct's fields in wire order: sorted).
#[derive(Serialize)]
struct EvaluateOut {
    currency: CurrencyCode,
    methods: Vec<MethodOut>,
    total: String,
}

/// One method; the three kinds carry different fields.
#[derive(Serialize)]
#[serde(untagged)]
enum MethodOut {
    Credit(CreditMethod),
    Wallet(WalletMethod),
    Financing(FinancingMethod),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreditMethod {
    available: bool,
    covers: String,
    display: &'static str,
    method: &'static str,
    needs_manual_approval: bool,
    reasons: Vec<Code>,
    remaining: String,
    remaining_credit: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WalletMethod {
    available: bool,
    balance: String,
    covers: String,
    display: &'static str,
    method: &'static str,
    reasons: Vec<Code>,
    remaining: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FinancingMethod {
    available: bool,
    covers: String,
    display: &'static str,
    instalments: Option<u32>,
    kind: &'static str,
    label: Option<String>,
    method: &'static str,
    reasons: Vec<Code>,
    remaining: String,
    schedule: Option<Vec<String>>,
    solution_code: String,
}

fn shown(available: bool, d: Display) -> &'static str {
    match (available, d) {
        (true, _) => "shown",
        (false, Display::Hide) => "hidden",
        (false, Display::ShowDisabled) => "disabled",
    }
}

/// Evaluates every method for the cart. The server calls this again, under lock, before it
/// books anything: what the browser shows is never trusted.
pub fn evaluate(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: Input = parse_input(input)?;
    let c = i.cart.currency.0;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    check_country(&i.cart.billing_country, "input.cart.billingCountry")?;
    let customer = i.customer.validate("input.customer")?;
    let mut methods = Vec::new();

    if let Some(cp) = &i.credit_line {
        let ctxc = cp.credit.validate("input.creditLine.credit")?;
        let mut out = crate::credit_line::ops::availability_for(&ctxc, c, total, now)?;
        let mut extra = Vec::new();
        if !cp.enabled {
            extra.push(Code::MethodDisabled);
        }
        if !customer.logged_in {
            extra.push(Code::CustomerNotLoggedIn);
        }
        if i.cart.contains_top_up {
            extra.push(Code::CartContainsTopUp);
        }
        if !extra.is_empty() {
            out.reasons.extend(extra);
            out.reasons.sort();
            out.reasons.dedup();
            out.available = false;
            out.covers = amount_string(0, c);
            out.remaining = amount_string(total, c);
            out.needs_manual_approval = false;
        }
        methods.push(MethodOut::Credit(CreditMethod {
            available: out.available,
            covers: out.covers,
            display: shown(out.available, i.display),
            method: "credit_line",
            needs_manual_approval: out.needs_manual_approval,
            reasons: out.reasons,
            remaining: out.remaining,
            remaining_credit: out.remaining_credit,
        }));
    }

    if let Some(wp) = &i.wallet {
        let account = match &wp.account {
            Some(a) => {
                let acc = a.to_account("input.wallet.account")?;
                crate::api::wire::same_currency(acc.currency, c, "input.cart.currency")?;
                Some(acc)
            }
            None => None,
        };
        let s = wp.settings.validate(c, "input.wallet.settings")?;
        let balance = account.as_ref().map(|a| a.wallet_available()).unwrap_or(0);
        for (name, mode) in [("wallet_full", Mode::Full), ("wallet_partial", Mode::Partial)] {
            let a = wallet_gate(account.as_ref(), &s, &customer, total, i.cart.contains_top_up, mode);
            methods.push(MethodOut::Wallet(WalletMethod {
                available: a.available,
                balance: amount_string(balance, c),
                covers: amount_string(a.covers, c),
                display: shown(a.available, i.display),
                method: name,
                reasons: a.reasons,
                remaining: amount_string(a.remaining, c),
            }));
        }
    }

    if let Some(fp) = &i.financing {
        for s in evaluate_solutions(&fp.solutions, c, total, &i.cart.billing_country, "input.financing")? {
            let mut reasons = s.reasons;
            let mut available = s.available;
            let mut schedule = s.schedule;
            if !fp.enabled || i.cart.contains_top_up {
                if !fp.enabled {
                    reasons.push(Code::MethodDisabled);
                }
                if i.cart.contains_top_up {
                    reasons.push(Code::CartContainsTopUp);
                }
                reasons.sort();
                reasons.dedup();
                available = false;
                schedule = None;
            }
            methods.push(MethodOut::Financing(FinancingMethod {
                available,
                covers: amount_string(if available { total } else { 0 }, c),
                display: shown(available, i.display),
                instalments: s.instalments,
                kind: s.kind,
                label: s.label,
                method: "financing",
                reasons,
                remaining: amount_string(if available { 0 } else { total }, c),
                schedule,
                solution_code: s.solution_code,
            }));
        }
    }
    to_result(&EvaluateOut { currency: CurrencyCode(c), methods, total: amount_string(total, c) })
}
