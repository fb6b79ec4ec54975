//! The balance's checkout gate: may the store balance pay this cart, in full or in part?
//! (`wallet.availability` on the wire: `crate::api::ops::wallet::gate`.)

use crate::prelude::*;

use super::settings::{Customer, WalletSettings};
use crate::codes::Code;
use crate::decision::Availability;
use crate::ledger::Account;
use crate::Read;

/// Pay the whole cart with the balance, or part of it (another method pays the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Read)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Full,
    Partial,
}

/// Can the balance pay `total` (in full, or part of it with another method)?
///
/// Reasons, in precedence: `method_disabled`, `customer_not_logged_in`,
/// `customer_group_not_allowed` (logged-in customers only: a guest has no groups of its own),
/// `cart_contains_top_up`, `nothing_to_pay`, `no_wallet`, `wallet_empty`,
/// `wallet_insufficient_funds` (full only, when the balance is neither empty nor enough),
/// `partial_payment_not_allowed` (partial only), `wallet_covers_full_amount` (partial only, when
/// partial payments are allowed but the balance pays the whole cart: the full mode applies).
/// `covers` = min(spendable balance, total); `remaining` is what another method must pay.
pub fn availability(account: Option<&Account>, settings: &WalletSettings, customer: &Customer, total: i64, contains_top_up: bool, mode: Mode) -> Availability {
    let mut r = Vec::new();
    if !settings.enabled {
        r.push(Code::MethodDisabled);
    }
    if !customer.logged_in {
        r.push(Code::CustomerNotLoggedIn);
    } else if !settings.allowed_groups.is_empty() && !customer.group_ids.iter().any(|g| settings.allowed_groups.contains(g)) {
        r.push(Code::CustomerGroupNotAllowed);
    }
    if contains_top_up {
        r.push(Code::CartContainsTopUp);
    }
    if total <= 0 {
        r.push(Code::NothingToPay);
    }
    let available = match account {
        None => {
            r.push(Code::NoWallet);
            0
        }
        Some(a) => {
            let v = a.wallet_available().max(0);
            if v == 0 {
                r.push(Code::WalletEmpty);
            }
            v
        }
    };
    match mode {
        Mode::Full if available > 0 && available < total => r.push(Code::WalletInsufficientFunds),
        Mode::Partial if !settings.allow_partial => r.push(Code::PartialPaymentNotAllowed),
        // A split makes sense only when the balance does not cover the whole cart.
        Mode::Partial if total > 0 && available >= total => r.push(Code::WalletCoversFullAmount),
        _ => {}
    }
    Availability::from_reasons(r, available.min(total), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::AccountKind;
    use crate::money::Currency;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    pub fn settings() -> WalletSettings {
        WalletSettings { min_withdrawal: 1000, ..WalletSettings::all_on() }
    }
    fn wallet(balance: i64) -> Account {
        let mut a = Account::new("wallet:1:7:EUR", AccountKind::Wallet, eur());
        a.credits_posted = balance;
        a
    }
    fn customer() -> Customer {
        Customer { logged_in: true, group_ids: vec!["3".into()] }
    }

    #[test]
    fn full_needs_the_whole_total_partial_covers_what_there_is() {
        let w = wallet(3000);
        let full = availability(Some(&w), &settings(), &customer(), 5000, false, Mode::Full);
        assert_eq!(full.reasons, vec![Code::WalletInsufficientFunds]);
        let part = availability(Some(&w), &settings(), &customer(), 5000, false, Mode::Partial);
        assert!(part.available);
        assert_eq!((part.covers, part.remaining), (3000, 2000));
        let enough = availability(Some(&wallet(9000)), &settings(), &customer(), 5000, false, Mode::Full);
        assert_eq!((enough.available, enough.covers, enough.remaining), (true, 5000, 0));
        let split = availability(Some(&wallet(5000)), &settings(), &customer(), 5000, false, Mode::Partial);
        assert_eq!((split.reasons, split.covers, split.remaining), (vec![Code::WalletCoversFullAmount], 0, 5000));
        let mut s = settings();
        s.allow_partial = false;
        assert_eq!(availability(Some(&w), &s, &customer(), 5000, false, Mode::Partial).reasons, vec![Code::PartialPaymentNotAllowed]);
        assert!(availability(Some(&w), &s, &customer(), 3000, false, Mode::Full).available, "the partial setting does not touch full payments");
    }

    #[test]
    fn reservations_count_against_the_balance() {
        let mut w = wallet(10000);
        w.debits_pending = 9000;
        let a = availability(Some(&w), &settings(), &customer(), 2000, false, Mode::Full);
        assert_eq!(a.reasons, vec![Code::WalletInsufficientFunds]);
        w.debits_posted = 1000;
        assert_eq!(availability(Some(&w), &settings(), &customer(), 2000, false, Mode::Partial).reasons, vec![Code::WalletEmpty]);
    }

    #[test]
    fn gate_reasons_in_precedence() {
        let mut s = settings();
        s.enabled = false;
        s.allowed_groups = vec!["9".into()];
        let a = availability(Some(&wallet(0)), &s, &customer(), 100, true, Mode::Full);
        assert_eq!(a.reasons, vec![Code::MethodDisabled, Code::CustomerGroupNotAllowed, Code::CartContainsTopUp, Code::WalletEmpty]);
        let guest = Customer { logged_in: false, group_ids: vec![] };
        assert_eq!(availability(None, &settings(), &guest, 100, false, Mode::Full).reasons, vec![Code::CustomerNotLoggedIn, Code::NoWallet]);
        assert_eq!(availability(Some(&wallet(100)), &settings(), &customer(), 0, false, Mode::Full).reasons, vec![Code::NothingToPay]);
        let mut g = settings();
        g.allowed_groups = vec!["4".into(), "3".into()];
        assert!(availability(Some(&wallet(100)), &g, &customer(), 100, false, Mode::Full).available);
    }
}
