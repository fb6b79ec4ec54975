//! `eligibility.evaluate`'s rule: for one checkout, every ShopCredit method with its
//! availability, every reason why not, what it covers and what remains, and how to offer it.
//! It takes checked domain values (amounts in minor units) and cannot fail; the wire, its checks
//! and its errors are `crate::api::ops::eligibility`.

use crate::prelude::*;

use crate::codes::Code;
use crate::credit_line::gate::CreditAvailability;
use crate::decision::Availability;
use crate::ledger::Account;
use crate::wallet::rules::{availability as wallet_gate, Customer, Mode, WalletSettings};
use crate::Read;

#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    /// Unavailable methods are not offered at all.
    Hide,
    /// Unavailable methods the customer can make usable (log in, pay what is due, change the
    /// cart, top up) are shown greyed out with the reason; the others are hidden.
    ShowDisabled,
}

/// The checkout being judged.
pub struct Checkout<'a> {
    /// The cart's total in minor units.
    pub total: i64,
    pub contains_top_up: bool,
    pub customer: &'a Customer,
    pub display: Display,
}

/// The credit line: on for the shop or not, and its gate for the cart's total.
pub struct CreditLine {
    pub enabled: bool,
    pub gate: CreditAvailability,
}

/// The store balance: the customer's account (none yet: an empty balance) and the shop's settings.
pub struct Wallet {
    pub account: Option<Account>,
    pub settings: WalletSettings,
}

/// Financing: on for the shop or not, and each configured solution as judged for the cart alone.
pub struct Financing {
    pub enabled: bool,
    pub solutions: Vec<Judged>,
}

/// A financing solution's own verdict on the cart (its amount range, countries, currency).
pub struct Judged {
    pub available: bool,
    pub reasons: Vec<Code>,
}

/// How a method is offered (see [`offer`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Shown,
    Disabled,
    Hidden,
}

impl Offer {
    pub fn as_str(self) -> &'static str {
        match self {
            Offer::Shown => "shown",
            Offer::Disabled => "disabled",
            Offer::Hidden => "hidden",
        }
    }
}

/// The full balance pays the whole cart; the partial one pays what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletMode {
    Full,
    Partial,
}

/// One method for this checkout, in the order they are listed: credit line, the two balance
/// methods, then each financing solution.
pub enum Method {
    Credit {
        decision: Availability,
        needs_manual_approval: bool,
        remaining_credit: i64,
        offer: Offer,
    },
    Wallet {
        mode: WalletMode,
        decision: Availability,
        balance: i64,
        offer: Offer,
    },
    /// `solution` is the index of the solution in [`Financing::solutions`].
    Financing {
        solution: usize,
        decision: Availability,
        offer: Offer,
    },
}

/// How a method is offered. An available method is shown; an unavailable one is disabled
/// (listed, not selectable, with its reason) only when the shop shows unavailable methods and
/// every reason is one the customer can act on now (log in, pay an overdue order, change the
/// cart, top up the balance); otherwise it is hidden: a reason nobody can act on ("the shop
/// turned financing off", "no credit line") only adds an option that cannot be placed.
fn offer(available: bool, reasons: &[Code], d: Display, fix: Fixable) -> Offer {
    match (available, d) {
        (true, _) => Offer::Shown,
        (false, Display::Hide) => Offer::Hidden,
        (false, Display::ShowDisabled) if !reasons.is_empty() && reasons.iter().all(|r| fix.can_fix(*r)) => Offer::Disabled,
        (false, Display::ShowDisabled) => Offer::Hidden,
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

/// Every method for the checkout. The server calls this again, under lock, before it books
/// anything: what the browser shows is never trusted.
pub fn evaluate(c: &Checkout<'_>, credit_line: Option<&CreditLine>, wallet: Option<&Wallet>, financing: Option<Financing>) -> Vec<Method> {
    let mut methods = Vec::with_capacity(3 + financing.as_ref().map_or(0, |f| f.solutions.len()));
    if let Some(cl) = credit_line {
        methods.push(credit_method(c, cl));
    }
    if let Some(w) = wallet {
        wallet_methods(c, w, &mut methods);
    }
    if let Some(f) = financing {
        financing_methods(c, f, &mut methods);
    }
    methods
}

/// The credit line's gate, unless the shop turned it off, nobody is logged in or the cart holds
/// a top-up (then it covers nothing and says why).
fn credit_method(c: &Checkout<'_>, cl: &CreditLine) -> Method {
    let mut decision = cl.gate.decision.clone();
    let mut needs_manual_approval = cl.gate.needs_manual_approval;
    let extra = [(!cl.enabled, Code::MethodDisabled), (!c.customer.logged_in, Code::CustomerNotLoggedIn), (c.contains_top_up, Code::CartContainsTopUp)];
    if extra.iter().any(|(applies, _)| *applies) {
        decision.reasons.extend(extra.iter().filter(|(applies, _)| *applies).map(|(_, code)| *code));
        Code::sort_list(&mut decision.reasons, true);
        decision.available = false;
        decision.covers = 0;
        decision.remaining = c.total;
        needs_manual_approval = false;
    }
    let offer = offer(decision.available, &decision.reasons, c.display, NO_TOP_UP);
    Method::Credit { decision, needs_manual_approval, remaining_credit: cl.gate.credit_remaining.unwrap_or(0), offer }
}

/// The full-balance and the partial-balance methods.
fn wallet_methods(c: &Checkout<'_>, w: &Wallet, methods: &mut Vec<Method>) {
    let balance = w.account.as_ref().map(|a| a.wallet_available()).unwrap_or(0);
    let gate = |mode| wallet_gate(w.account.as_ref(), &w.settings, c.customer, c.total, c.contains_top_up, mode);
    let (full, partial) = (gate(Mode::Full), gate(Mode::Partial));
    // Topping up helps a full-balance payment only where no split is offered; the split
    // itself never asks for a top-up (the full-balance line says it once).
    let full_fix = Fixable { top_up: w.settings.allow_top_up && !partial.available };
    for (mode, decision, fix) in [(WalletMode::Full, full, full_fix), (WalletMode::Partial, partial, NO_TOP_UP)] {
        let offer = offer(decision.available, &decision.reasons, c.display, fix);
        methods.push(Method::Wallet { mode, decision, balance, offer });
    }
}

/// Each financing solution, unavailable when the shop turned financing off or the cart holds a
/// top-up; an available one covers the whole cart.
fn financing_methods(c: &Checkout<'_>, f: Financing, methods: &mut Vec<Method>) {
    for (solution, s) in f.solutions.into_iter().enumerate() {
        let mut reasons = s.reasons;
        let mut available = s.available;
        if !f.enabled || c.contains_top_up {
            if !f.enabled {
                reasons.push(Code::MethodDisabled);
            }
            if c.contains_top_up {
                reasons.push(Code::CartContainsTopUp);
            }
            Code::sort_list(&mut reasons, true);
            available = false;
        }
        let covers = if available { c.total } else { 0 };
        let offer = offer(available, &reasons, c.display, NO_TOP_UP);
        let decision = Availability { available, reasons, covers, remaining: c.total - covers };
        methods.push(Method::Financing { solution, decision, offer });
    }
}
