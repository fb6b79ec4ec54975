//! `eligibility.evaluate`: for one checkout, every ShopCredit method with its availability,
//! every reason why not, what it covers and what remains, and how to display it.

use crate::api::ops::financing::{check_country, evaluate_solutions, SolutionConfig};
use crate::api::ops::ledger::WireAccount;
use crate::api::wire::{amount_string, Amount, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::Code;
use crate::credit_line::wire::WireCreditContext;
use crate::wallet::ops::{WireCustomer, WireWalletSettings};
use crate::wallet::rules::{availability as wallet_gate, Mode};
use crate::{Read, Write};

#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    /// Unavailable methods are not offered at all.
    Hide,
    /// Unavailable methods the customer can make usable (log in, pay what is due, change the
    /// cart, top up) are shown greyed out with the reason; the others are hidden.
    ShowDisabled,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Cart {
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
struct WalletPart {
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
#[derive(Write)]
struct EvaluateOut {
    currency: CurrencyCode,
    methods: Vec<MethodOut>,
    total: String,
}

/// One method; the three kinds carry different fields.
#[derive(Write)]
#[serde(untagged)]
enum MethodOut {
    Credit(CreditMethod),
    Wallet(WalletMethod),
    Financing(FinancingMethod),
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CreditMethod {
    available: bool,
    covers: String,
    display: &'static str,
    method: &'static str,
    needs_manual_approval: bool,
    reasons: Vec<Code>,
    remaining_credit: String,
    remaining_to_pay: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct WalletMethod {
    available: bool,
    balance: String,
    covers: String,
    display: &'static str,
    method: &'static str,
    reasons: Vec<Code>,
    remaining_to_pay: String,
}

#[derive(Write)]
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
    remaining_to_pay: String,
    schedule: Option<Vec<String>>,
    solution_code: String,
}

/// How a method is offered. An available method is `shown`; an unavailable one is `disabled`
/// (listed, not selectable, with its reason) only when the shop shows unavailable methods and
/// every reason is one the customer can act on now (log in, pay an overdue order, change the
/// cart, top up the balance); otherwise it is `hidden`: a reason nobody can act on ("the shop
/// turned financing off", "no credit line") only adds an option that cannot be placed.
fn shown(available: bool, reasons: &[Code], d: Display, fix: Fixable) -> &'static str {
    match (available, d) {
        (true, _) => "shown",
        (false, Display::Hide) => "hidden",
        (false, Display::ShowDisabled) if !reasons.is_empty() && reasons.iter().all(|r| fix.can_fix(*r)) => "disabled",
        (false, Display::ShowDisabled) => "hidden",
    }
}

/// What the customer can do about a reason in this checkout.
#[derive(Clone, Copy)]
struct Fixable {
    /// The balance can be topped up, and no split with another method is offered instead.
    top_up: bool,
}

impl Fixable {
    fn can_fix(self, r: Code) -> bool {
        match r {
            // Log in; pay the order that is due; make the cart fit the limit or the range.
            Code::CustomerNotLoggedIn | Code::OrderOverdue | Code::OrderUnpaid | Code::ExceedsCreditLimit => true,
            Code::AmountBelowMinimum | Code::AmountAboveMaximum => true,
            Code::WalletEmpty | Code::WalletInsufficientFunds => self.top_up,
            _ => false,
        }
    }
}

const NO_TOP_UP: Fixable = Fixable { top_up: false };

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
            Code::sort_list(&mut out.reasons, true);
            out.available = false;
            out.covers = amount_string(0, c);
            out.remaining_to_pay = amount_string(total, c);
            out.needs_manual_approval = false;
        }
        methods.push(MethodOut::Credit(CreditMethod {
            available: out.available,
            covers: out.covers,
            display: shown(out.available, &out.reasons, i.display, NO_TOP_UP),
            method: "credit_line",
            needs_manual_approval: out.needs_manual_approval,
            reasons: out.reasons,
            remaining_to_pay: out.remaining_to_pay,
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
        let full = wallet_gate(account.as_ref(), &s, &customer, total, i.cart.contains_top_up, Mode::Full);
        let partial = wallet_gate(account.as_ref(), &s, &customer, total, i.cart.contains_top_up, Mode::Partial);
        // Topping up helps a full-balance payment only where no split is offered; the split
        // itself never asks for a top-up (the full-balance line says it once).
        let full_fix = Fixable { top_up: s.allow_top_up && !partial.available };
        for (name, a, fix) in [("wallet_full", full, full_fix), ("wallet_partial", partial, NO_TOP_UP)] {
            methods.push(MethodOut::Wallet(WalletMethod {
                available: a.available,
                balance: amount_string(balance, c),
                covers: amount_string(a.covers, c),
                display: shown(a.available, &a.reasons, i.display, fix),
                method: name,
                reasons: a.reasons,
                remaining_to_pay: amount_string(a.remaining, c),
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
                Code::sort_list(&mut reasons, true);
                available = false;
                schedule = None;
            }
            methods.push(MethodOut::Financing(FinancingMethod {
                available,
                covers: amount_string(if available { total } else { 0 }, c),
                display: shown(available, &reasons, i.display, NO_TOP_UP),
                instalments: s.instalments,
                kind: s.kind,
                label: s.label,
                method: "financing",
                reasons,
                remaining_to_pay: amount_string(if available { 0 } else { total }, c),
                schedule,
                solution_code: s.solution_code,
            }));
        }
    }
    to_result(&EvaluateOut { currency: CurrencyCode(c), methods, total: amount_string(total, c) })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<Input, EvaluateOut>("eligibility.evaluate");
}
