//! Property tests for the ledger invariants over random batches: Σ debits = Σ credits (pending and
//! posted), a wallet never below zero, a credit line's exposure never above its limit, a pending
//! transfer resolves at most once, replays change nothing, and `ledger.reconcile` (and
//! `ledger.reconcileSums` over the transfers' grouped sums) recomputes the engine's counters from the
//! stored transfers.

use proptest::prelude::*;
use shopcredit::api::ops::ledger::{AccountOut, TransferOut};
use shopcredit::codes::Code;
use shopcredit::ledger::*;
use shopcredit::money::Currency;

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

const IDS: [&str; 7] = ["wallet:1", "wallet:2", "credit:1", "credit:2", "shop:sales", "shop:cash", "shop:topups"];

/// Every account starts empty; balances only ever come from transfers, so reconciliation from the
/// stored transfers must give back the counters exactly.
fn accounts() -> Vec<Account> {
    IDS.iter()
        .map(|id| {
            let kind = match &id[..4] {
                "wall" => AccountKind::Wallet,
                "cred" => AccountKind::CreditLine,
                _ => AccountKind::Shop,
            };
            let mut a = Account::new(id, kind, eur());
            a.limit = match *id {
                "credit:1" => 8_000,
                "credit:2" => 3_000,
                _ => 0,
            };
            a
        })
        .collect()
}

fn plain(id: &str, debit: &str, credit: &str, amount: i64, code: MovementType) -> TransferInput {
    TransferInput {
        id: id.into(),
        debit_account_id: debit.into(),
        credit_account_id: credit.into(),
        amount,
        pending_id: None,
        timeout_s: 0,
        flags: TransferFlags::default(),
        code,
        order_ref: None,
    }
}

#[derive(Debug, Clone)]
enum Op {
    Transfer {
        debit: usize,
        credit: usize,
        amount: i64,
        pending: bool,
        linked: bool,
        timeout: i64,
    },
    /// Posts (amount, 0 = in full) or voids a stored pending transfer, by index; `swap` names its
    /// accounts the wrong way round.
    Resolve {
        target: usize,
        post: bool,
        amount: i64,
        linked: bool,
        swap: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..7usize, 0..7usize, 0..4_000i64, any::<bool>(), prop::bool::weighted(0.25), prop_oneof![Just(0i64), 1..120i64])
            .prop_map(|(debit, credit, amount, pending, linked, timeout)| Op::Transfer {
                debit, credit, amount, pending, linked, timeout: if pending { timeout } else { 0 },
            }),
        3 => (0..64usize, any::<bool>(), prop_oneof![Just(0i64), 0..4_000i64], prop::bool::weighted(0.25), prop::bool::weighted(0.05))
            .prop_map(|(target, post, amount, linked, swap)| Op::Resolve { target, post, amount, linked, swap }),
    ]
}

#[derive(Debug, Clone)]
struct Batch {
    ops: Vec<Op>,
    /// Seconds since the previous batch.
    advance_s: i64,
    /// Run the host's expiry job before the batch.
    expire_first: bool,
}

fn batch() -> impl Strategy<Value = Batch> {
    (prop::collection::vec(op(), 1..9), 0..80i64, prop::bool::weighted(0.3)).prop_map(|(ops, advance_s, expire_first)| Batch { ops, advance_s, expire_first })
}

fn to_inputs(ops: &[Op], batch_no: usize, stored: &[Transfer]) -> Vec<TransferInput> {
    let pendings: Vec<&Transfer> = stored.iter().filter(|t| t.flags.pending).collect();
    ops.iter()
        .enumerate()
        .map(|(i, o)| {
            let id = format!("b{batch_no}t{i}");
            match o {
                Op::Transfer { debit, credit, amount, pending, linked, timeout } => TransferInput {
                    timeout_s: *timeout,
                    flags: TransferFlags { linked: *linked, pending: *pending, ..Default::default() },
                    ..plain(&id, IDS[*debit], IDS[*credit], *amount, MovementType::OrderPayment)
                },
                Op::Resolve { target, post, amount, linked, swap } => match pendings.get(target % pendings.len().max(1)) {
                    Some(p) => {
                        let (d, c) = if *swap { (&p.credit_account_id, &p.debit_account_id) } else { (&p.debit_account_id, &p.credit_account_id) };
                        TransferInput {
                            pending_id: Some(p.id.clone()),
                            flags: TransferFlags { linked: *linked, post_pending: *post, void_pending: !*post, ..Default::default() },
                            ..plain(&id, d, c, if *post { *amount } else { 0 }, p.code)
                        }
                    }
                    None => plain(&id, "shop:cash", "shop:sales", 1, MovementType::PaymentReceived),
                },
            }
        })
        .collect()
}

fn check_invariants(accounts: &[Account]) -> Result<(), TestCaseError> {
    let sum = |f: fn(&Account) -> i64| accounts.iter().map(f).sum::<i64>();
    prop_assert_eq!(sum(|a| a.debits_pending), sum(|a| a.credits_pending), "pending debits = pending credits");
    prop_assert_eq!(sum(|a| a.debits_posted), sum(|a| a.credits_posted), "posted debits = posted credits");
    for a in accounts {
        prop_assert!(a.debits_pending >= 0 && a.credits_pending >= 0 && a.debits_posted >= 0 && a.credits_posted >= 0, "{:?}", a);
        match a.kind {
            AccountKind::Wallet => prop_assert!(a.debits_pending + a.debits_posted <= a.credits_posted, "wallet below zero: {:?}", a),
            AccountKind::CreditLine => prop_assert!(a.exposure() <= a.limit, "exposure above limit: {:?}", a),
            AccountKind::Shop => {}
        }
    }
    Ok(())
}

/// A wire value as JSON (the core's own writer).
fn json<T: shopcredit::Write>(v: &T) -> serde_json::Value {
    serde_json::from_slice(&shopcredit::api::ser::to_vec(v)).unwrap()
}

/// Asks `ledger.reconcile` (through the JSON protocol) and requires it to agree with the engine.
fn check_reconcile(accounts: &[Account], stored: &[Transfer]) -> Result<(), TestCaseError> {
    let request = serde_json::json!({
        "v": 1,
        "op": "ledger.reconcile",
        "input": {
            "accounts": json(&accounts.iter().map(AccountOut::from).collect::<Vec<_>>()),
            "transfers": json(&stored.iter().map(TransferOut::from).collect::<Vec<_>>()),
        }
    });
    let response: serde_json::Value = serde_json::from_str(&shopcredit::handle_str(&request.to_string())).unwrap();
    prop_assert_eq!(response["ok"].as_bool(), Some(true), "{}", response);
    prop_assert_eq!(response["result"]["consistent"].as_bool(), Some(true), "reconcile disagrees: {}", response["result"]["drift"]);
    for a in accounts {
        check_reconcile_sums(a, stored)?;
    }
    Ok(())
}

/// Asks `ledger.reconcileSums` with the transfers grouped the way the database groups them (side,
/// flags, pending status) and requires it to agree with the engine too.
fn check_reconcile_sums(account: &Account, stored: &[Transfer]) -> Result<(), TestCaseError> {
    let mut groups: std::collections::BTreeMap<(&str, String, String), (u64, i128)> = Default::default();
    for t in stored {
        for (side, id) in [("debit", &t.debit_account_id), ("credit", &t.credit_account_id)] {
            if id == &account.id {
                let w = TransferOut::from(t);
                let key = (side, json(&w.flags).to_string(), json(&w.pending_status).to_string());
                let g = groups.entry(key).or_default();
                g.0 += 1;
                g.1 += i128::from(t.amount);
            }
        }
    }
    let sums: Vec<_> = groups
        .iter()
        .map(|((side, flags, status), (count, sum))| {
            serde_json::json!({"side": side, "currency": "EUR", "flags": serde_json::from_str::<serde_json::Value>(flags).unwrap(),
                "pendingStatus": serde_json::from_str::<serde_json::Value>(status).unwrap(), "count": count,
                "amount": shopcredit::ledger::sums::wide_string(*sum, eur())})
        })
        .collect();
    let request = serde_json::json!({"v": 1, "op": "ledger.reconcileSums", "input": {"account": json(&AccountOut::from(account)), "sums": sums}});
    let response: serde_json::Value = serde_json::from_str(&shopcredit::handle_str(&request.to_string())).unwrap();
    prop_assert_eq!(response["ok"].as_bool(), Some(true), "{}", response);
    prop_assert_eq!(response["result"]["consistent"].as_bool(), Some(true), "reconcileSums disagrees: {}", response["result"]["drift"]);
    Ok(())
}

/// Writes a command's changes back the way the host does; every pending update must find its
/// transfer still pending (a pending transfer resolves at most once).
fn apply(changes: &LedgerChanges, accounts: &mut [Account], stored: &mut Vec<Transfer>) -> Result<(), TestCaseError> {
    for a in &changes.accounts {
        let slot = accounts.iter_mut().find(|x| x.id == a.id).unwrap();
        *slot = a.clone();
    }
    for u in &changes.pending_updates {
        let t = stored.iter_mut().find(|t| t.id == u.id).unwrap();
        prop_assert_eq!(t.pending_status, PendingStatus::Pending, "{} resolved twice", u.id);
        prop_assert!(matches!(u.status, PendingStatus::Posted | PendingStatus::Voided | PendingStatus::Expired));
        t.pending_status = u.status;
    }
    stored.extend(changes.transfers.iter().cloned());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn invariants_hold_replays_change_nothing_and_reconcile_agrees(batches in prop::collection::vec(batch(), 1..8)) {
        let mut accounts = accounts();
        let mut stored: Vec<Transfer> = Vec::new();
        let mut now = 1_000i64;
        // Seed: fund the wallets through the ledger.
        let mut ledger = Ledger::new(accounts.clone(), vec![]).unwrap();
        let seed = [plain("seed:1", "shop:topups", "wallet:1", 5_000, MovementType::TopUp), plain("seed:2", "shop:topups", "wallet:2", 700, MovementType::TopUp)];
        prop_assert!(ledger.create_transfers(&seed, now).iter().all(|o| o.result == Code::Ok));
        apply(&ledger.into_changes(), &mut accounts, &mut stored)?;

        for (n, b) in batches.iter().enumerate() {
            now += b.advance_s;
            if b.expire_first {
                let mut job = Ledger::new(accounts.clone(), stored.clone()).unwrap();
                let updates = job.expire_pending(now);
                let changes = job.into_changes();
                prop_assert_eq!(&updates, &changes.pending_updates);
                prop_assert!(changes.transfers.is_empty());
                apply(&changes, &mut accounts, &mut stored)?;
                check_invariants(&accounts)?;
            }
            let inputs = to_inputs(&b.ops, n, &stored);
            let before_accounts = accounts.clone();
            let before_stored = stored.clone();
            let mut ledger = Ledger::new(accounts.clone(), stored.clone()).unwrap();
            let outcomes = ledger.create_transfers(&inputs, now);
            prop_assert_eq!(outcomes.len(), inputs.len());
            let changes = ledger.into_changes();
            let applied: Vec<_> = outcomes.iter().filter(|o| o.result == Code::Ok).map(|o| o.id.clone()).collect();
            prop_assert_eq!(applied, changes.transfers.iter().map(|t| t.id.clone()).collect::<Vec<_>>());
            for t in &changes.transfers {
                prop_assert_eq!(t.timestamp_s, now);
                prop_assert_eq!(t.pending_status, if t.flags.pending { PendingStatus::Pending } else { PendingStatus::None });
            }
            // A linked chain is all or nothing.
            let mut start = 0;
            for (i, t) in inputs.iter().enumerate() {
                if !t.flags.linked || i + 1 == inputs.len() {
                    let chain = &outcomes[start..=i];
                    let ok = chain.iter().filter(|o| o.result == Code::Ok).count();
                    prop_assert!(ok == 0 || ok == chain.len(), "partial chain: {:?}", chain);
                    start = i + 1;
                }
            }
            apply(&changes, &mut accounts, &mut stored)?;
            check_invariants(&accounts)?;
            check_reconcile(&accounts, &stored)?;

            // Replaying what was applied answers `exists` for each and changes nothing. (A transfer
            // that failed was not recorded: retrying it is a new attempt, as in TigerBeetle.)
            let applied_inputs: Vec<_> = inputs.iter().zip(&outcomes).filter(|(_, o)| o.result == Code::Ok).map(|(i, _)| i.clone()).collect();
            let mut again = Ledger::new(accounts.clone(), stored.clone()).unwrap();
            let replay = again.create_transfers(&applied_inputs, now);
            prop_assert!(replay.iter().all(|o| o.result == Code::Exists), "{:?}", replay);
            let replay_changes = again.into_changes();
            prop_assert!(replay_changes.transfers.is_empty() && replay_changes.accounts.is_empty() && replay_changes.pending_updates.is_empty(), "{:?}", replay_changes);
            // Replaying the whole batch: whatever was applied answers `exists`.
            let mut whole = Ledger::new(accounts.clone(), stored.clone()).unwrap();
            for (first, second) in outcomes.iter().zip(whole.create_transfers(&inputs, now)) {
                if first.result == Code::Ok {
                    prop_assert_eq!(second.result, Code::Exists, "{}", first.id);
                }
            }
            // The command on the snapshot it was given is deterministic.
            let mut twin = Ledger::new(before_accounts, before_stored).unwrap();
            prop_assert_eq!(twin.create_transfers(&inputs, now), outcomes);
            prop_assert_eq!(twin.into_changes(), changes);
        }
        // Expiring everything releases every pending amount that has a timeout.
        let mut ledger = Ledger::new(accounts.clone(), stored.clone()).unwrap();
        ledger.expire_pending(i64::MAX / 4);
        apply(&ledger.into_changes(), &mut accounts, &mut stored)?;
        check_invariants(&accounts)?;
        check_reconcile(&accounts, &stored)?;
        let still_pending: i64 = stored.iter().filter(|t| t.pending_status == PendingStatus::Pending).map(|t| t.amount).sum();
        prop_assert!(stored.iter().filter(|t| t.pending_status == PendingStatus::Pending).all(|t| t.timeout_s == 0));
        prop_assert_eq!(accounts.iter().map(|a| a.debits_pending).sum::<i64>(), still_pending);
    }
}

#[test]
fn linked_chain_is_all_or_nothing_and_names_the_real_reason() {
    let mut a = accounts();
    a[0].credits_posted = 5_000;
    a[6].debits_posted = 5_000;
    let mut ledger = Ledger::new(a, vec![]).unwrap();
    let t = |id: &str, d: &str, amount: i64, linked: bool| TransferInput {
        flags: TransferFlags { linked, pending: true, ..Default::default() },
        ..plain(id, d, "shop:sales", amount, MovementType::OrderPayment)
    };
    let out = ledger.create_transfers(&[t("a", "wallet:1", 3_000, true), t("b", "credit:1", 9_000, false)], 0);
    assert_eq!(out[0].result, Code::LinkedEventFailed);
    assert_eq!(out[1].result, Code::ExceedsCreditLimit);
    let changes = ledger.into_changes();
    assert!(changes.transfers.is_empty() && changes.accounts.is_empty());
}
