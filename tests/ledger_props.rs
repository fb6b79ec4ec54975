//! Property tests for the ledger invariants over random batches.

use proptest::prelude::*;
use shopcredit::ledger::*;
use shopcredit::money::Currency;

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

fn accounts() -> Vec<Account> {
    let mut w1 = Account::new("wallet:1", AccountKind::Wallet, eur());
    w1.credits_posted = 5_000;
    let w2 = Account::new("wallet:2", AccountKind::Wallet, eur());
    let mut c1 = Account::new("credit:1", AccountKind::CreditLine, eur());
    c1.limit = 8_000;
    let s = Account::new("shop:sales", AccountKind::Shop, eur());
    let cash = Account::new("shop:cash", AccountKind::Shop, eur());
    let mut wallet_seed = Account::new("shop:topups", AccountKind::Shop, eur());
    wallet_seed.debits_posted = 5_000;
    vec![w1, w2, c1, s, cash, wallet_seed]
}

const IDS: [&str; 6] = ["wallet:1", "wallet:2", "credit:1", "shop:sales", "shop:cash", "shop:topups"];

#[derive(Debug, Clone)]
enum Op {
    Transfer { debit: usize, credit: usize, amount: i64, pending: bool, linked: bool, timeout: i64 },
    Post { target: usize, amount: i64, linked: bool },
    Void { target: usize, linked: bool },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..6usize, 0..6usize, 0..4_000i64, any::<bool>(), prop::bool::weighted(0.2), prop_oneof![Just(0i64), 1..100i64])
            .prop_map(|(debit, credit, amount, pending, linked, timeout)| Op::Transfer { debit, credit, amount, pending, linked, timeout: if pending { timeout } else { 0 } }),
        2 => (0..40usize, 0..4_000i64, prop::bool::weighted(0.2)).prop_map(|(target, amount, linked)| Op::Post { target, amount, linked }),
        1 => (0..40usize, prop::bool::weighted(0.2)).prop_map(|(target, linked)| Op::Void { target, linked }),
    ]
}

fn to_inputs(ops: &[Op], batch_no: usize, pending_ids: &[(String, String, String)]) -> Vec<TransferInput> {
    ops.iter()
        .enumerate()
        .map(|(i, o)| {
            let id = format!("b{batch_no}t{i}");
            match o {
                Op::Transfer { debit, credit, amount, pending, linked, timeout } => TransferInput {
                    id,
                    debit_account_id: IDS[*debit].into(),
                    credit_account_id: IDS[*credit].into(),
                    amount: *amount,
                    pending_id: None,
                    timeout_s: *timeout,
                    flags: TransferFlags { linked: *linked, pending: *pending, ..Default::default() },
                    code: MovementType::OrderPayment,
                    order_ref: None,
                },
                Op::Post { target, linked, .. } | Op::Void { target, linked } if !pending_ids.is_empty() => {
                    let (pid, d, c) = &pending_ids[target % pending_ids.len()];
                    let (post, amount) = match o { Op::Post { amount, .. } => (true, *amount), _ => (false, 0) };
                    TransferInput {
                        id,
                        debit_account_id: d.clone(),
                        credit_account_id: c.clone(),
                        amount,
                        pending_id: Some(pid.clone()),
                        timeout_s: 0,
                        flags: TransferFlags { linked: *linked, post_pending: post, void_pending: !post, ..Default::default() },
                        code: MovementType::OrderPayment,
                        order_ref: None,
                    }
                }
                _ => TransferInput {
                    id,
                    debit_account_id: "shop:cash".into(),
                    credit_account_id: "shop:sales".into(),
                    amount: 1,
                    pending_id: None,
                    timeout_s: 0,
                    flags: TransferFlags::default(),
                    code: MovementType::PaymentReceived,
                    order_ref: None,
                },
            }
        })
        .collect()
}

fn check_invariants(accounts: &[Account]) -> Result<(), TestCaseError> {
    let sum = |f: fn(&Account) -> i64| accounts.iter().map(f).sum::<i64>();
    prop_assert_eq!(sum(|a| a.debits_pending), sum(|a| a.credits_pending));
    prop_assert_eq!(sum(|a| a.debits_posted), sum(|a| a.credits_posted));
    for a in accounts {
        prop_assert!(a.debits_pending >= 0 && a.credits_pending >= 0);
        match a.kind {
            AccountKind::Wallet => prop_assert!(a.debits_pending + a.debits_posted <= a.credits_posted, "wallet below zero: {:?}", a),
            AccountKind::CreditLine => prop_assert!(a.exposure() <= a.limit, "exposure above limit: {:?}", a),
            AccountKind::Shop => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn invariants_hold_replays_change_nothing_and_pending_resolves_once(
        batches in prop::collection::vec(prop::collection::vec(op(), 1..8), 1..8),
        expire_at in 0..200i64,
    ) {
        let mut accounts = accounts();
        let mut stored: Vec<Transfer> = Vec::new();
        for (n, ops) in batches.iter().enumerate() {
            let pending_ids: Vec<_> = stored.iter().filter(|t| t.flags.pending)
                .map(|t| (t.id.clone(), t.debit_account_id.clone(), t.credit_account_id.clone())).collect();
            let inputs = to_inputs(ops, n, &pending_ids);
            let now = (n as i64) * 20 + if n == batches.len() - 1 { expire_at } else { 0 };
            let mut ledger = Ledger::new(accounts.clone(), stored.clone()).unwrap();
            let outcomes = ledger.create_transfers(&inputs, now);
            prop_assert_eq!(outcomes.len(), inputs.len());
            let changes = ledger.into_changes();
            // Apply the changes as a host would.
            for a in &changes.accounts {
                let slot = accounts.iter_mut().find(|x| x.id == a.id).unwrap();
                *slot = a.clone();
            }
            for u in &changes.pending_updates {
                let t = stored.iter_mut().find(|t| t.id == u.id).unwrap();
                prop_assert_eq!(t.pending_status, PendingStatus::Pending, "a pending transfer resolves at most once");
                t.pending_status = u.status;
            }
            let applied: Vec<_> = outcomes.iter().filter(|o| o.result == shopcredit::codes::Code::Ok).map(|o| o.id.clone()).collect();
            prop_assert_eq!(applied, changes.transfers.iter().map(|t| t.id.clone()).collect::<Vec<_>>());
            stored.extend(changes.transfers.iter().cloned());
            check_invariants(&accounts)?;

            // Replaying what was applied changes nothing. (A transfer that failed was not
            // recorded, so retrying it is a new attempt that may now succeed, as in TigerBeetle.)
            let applied_inputs: Vec<_> = inputs.iter().zip(&outcomes)
                .filter(|(_, o)| o.result == shopcredit::codes::Code::Ok).map(|(i, _)| i.clone()).collect();
            let mut again = Ledger::new(accounts.clone(), stored.clone()).unwrap();
            let replay = again.create_transfers(&applied_inputs, now);
            let replay_changes = again.into_changes();
            prop_assert!(replay_changes.transfers.is_empty(), "replay created transfers: {:?}", replay);
            for second in &replay {
                prop_assert_eq!(second.result, shopcredit::codes::Code::Exists);
            }
            prop_assert!(replay_changes.accounts.is_empty() || replay_changes.pending_updates.iter().all(|u| u.status == PendingStatus::Expired));
        }
        // Expiring everything releases all pending amounts.
        let mut ledger = Ledger::new(accounts.clone(), stored.clone()).unwrap();
        ledger.expire_pending(i64::MAX / 4);
        let changes = ledger.into_changes();
        for a in &changes.accounts {
            let slot = accounts.iter_mut().find(|x| x.id == a.id).unwrap();
            *slot = a.clone();
        }
        check_invariants(&accounts)?;
    }
}

#[test]
fn linked_chain_is_all_or_nothing_and_names_the_real_reason() {
    let mut ledger = Ledger::new(accounts(), vec![]).unwrap();
    let t = |id: &str, d: &str, amount: i64, linked: bool| TransferInput {
        id: id.into(),
        debit_account_id: d.into(),
        credit_account_id: "shop:sales".into(),
        amount,
        pending_id: None,
        timeout_s: 0,
        flags: TransferFlags { linked, pending: true, ..Default::default() },
        code: MovementType::OrderPayment,
        order_ref: None,
    };
    let out = ledger.create_transfers(&[t("a", "wallet:1", 3_000, true), t("b", "credit:1", 9_000, false)], 0);
    use shopcredit::codes::Code;
    assert_eq!(out[0].result, Code::LinkedEventFailed);
    assert_eq!(out[1].result, Code::ExceedsCreditLimit);
    let changes = ledger.into_changes();
    assert!(changes.transfers.is_empty() && changes.accounts.is_empty());
}
