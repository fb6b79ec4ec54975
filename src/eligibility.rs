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
use serde::Deserialize;
use serde_json::{json, Value};

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
        methods.push(json!({
            "method": "credit_line", "available": out.available, "reasons": out.reasons,
            "covers": out.covers, "remaining": out.remaining, "display": shown(out.available, i.display),
            "needsManualApproval": out.needs_manual_approval, "remainingCredit": out.remaining_credit,
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
            methods.push(json!({
                "method": name, "available": a.available, "reasons": a.reasons,
                "covers": amount_string(a.covers, c), "remaining": amount_string(a.remaining, c),
                "display": shown(a.available, i.display), "balance": amount_string(balance, c),
            }));
        }
    }

    if let Some(fp) = &i.financing {
        for mut s in evaluate_solutions(&fp.solutions, c, total, &i.cart.billing_country, "input.financing")? {
            if !fp.enabled || i.cart.contains_top_up {
                let mut reasons: Vec<Code> = serde_json::from_value(s["reasons"].take()).unwrap_or_default();
                if !fp.enabled {
                    reasons.push(Code::MethodDisabled);
                }
                if i.cart.contains_top_up {
                    reasons.push(Code::CartContainsTopUp);
                }
                reasons.sort();
                reasons.dedup();
                s["reasons"] = json!(reasons);
                s["available"] = json!(false);
                s["schedule"] = Value::Null;
            }
            let available = s["available"].as_bool().unwrap_or(false);
            methods.push(json!({
                "method": "financing", "solutionCode": s["solutionCode"], "label": s["label"], "kind": s["kind"],
                "available": available, "reasons": s["reasons"],
                "covers": amount_string(if available { total } else { 0 }, c),
                "remaining": amount_string(if available { 0 } else { total }, c),
                "display": shown(available, i.display), "instalments": s["instalments"], "schedule": s["schedule"],
            }));
        }
    }
    to_result(&json!({ "currency": c.code(), "total": amount_string(total, c), "methods": methods }))
}
