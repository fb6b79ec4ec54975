//! `order.decide` through the JSON protocol, one story per test: what each event books and which
//! host actions follow. `WRITE_ORDER_VECTORS=1 cargo test --test order_scenarios -- --test-threads=1`
//! writes every request of these stories to `tests/vectors/order.json` (responses null; then
//! `UPDATE_VECTORS=missing cargo test --test vectors` fills them in for review), so every runtime
//! replays the same decisions byte for byte.

use serde_json::{json, Value};
use std::sync::Mutex;

static RECORDED: Mutex<Vec<Value>> = Mutex::new(Vec::new());

const NOW: i64 = 1_795_390_200;

fn wallet_settings() -> Value {
    json!({"enabled": true, "allowTopUp": true, "allowPartial": true, "minTopUp": "5.00", "maxTopUp": "500.00", "topUpVat": {"mode": "included", "rate": "20"}})
}

/// One order's story: the bridge's part (rounds, book outcomes) done by hand.
struct Story {
    name: &'static str,
    order: Value,
    balance: String,
    wallet: Value,
    actions: Vec<Value>,
    book: Vec<Value>,
    step: usize,
    /// The merchant's "shipped" status (setting `shippedStatus`), for the stories that set it.
    shipped: Option<&'static str>,
}

impl Story {
    fn new(name: &'static str, balance: &str) -> Story {
        Story { name, order: Value::Null, balance: balance.into(), wallet: wallet_settings(), actions: vec![], book: vec![], step: 0, shipped: None }
    }

    fn call(&mut self, label: &str, event: Value) -> Value {
        let mut settings = json!({"wallet": self.wallet, "topUpMethods": ["stripe"], "dueDateStatus": "wc-completed"});
        if let Some(shipped) = self.shipped {
            settings["shippedStatus"] = json!(shipped);
        }
        let request = json!({"v": 1, "op": "order.decide", "now": NOW, "input": {
            "keyBase": "o:1:wc-77", "order": self.order, "event": event,
            "settings": settings,
            "facts": {"walletAvailable": self.balance, "reservationLive": true},
        }});
        self.step += 1;
        RECORDED.lock().unwrap().push(json!({"name": format!("{}: {:02} {label}", self.name, self.step), "request": request, "response": null}));
        let response: Value = serde_json::from_slice(&shopcredit::handle_json(&serde_json::to_vec(&request).unwrap())).unwrap();
        assert_eq!(response["ok"], true, "{label}: {response}");
        response["result"].clone()
    }

    /// Delivers an event; `outcomes` answers the operations that report, in order.
    fn deliver(&mut self, label: &str, event: Value, outcomes: &[Value]) -> Value {
        // A refusal in a later round rolls the whole event back (the bridge's transaction).
        let before = self.order.clone();
        let mut r = self.call(label, event);
        let mut outcomes = outcomes.iter();
        self.actions.clear();
        self.book.clear();
        loop {
            if r["accepted"] == true {
                self.order = r["order"].clone();
            }
            self.actions.extend(r["actions"].as_array().unwrap().iter().cloned());
            self.book.extend(r["book"].as_array().unwrap().iter().cloned());
            let reports = r["book"].as_array().unwrap().iter().any(|b| b["reports"] == true);
            if r["accepted"] != true {
                self.order = before;
                self.actions.clear();
                self.book.clear();
                return r;
            }
            if !reports {
                return r;
            }
            let outcome = outcomes.next().expect("an outcome for the reporting operation").clone();
            r = self.call(&format!("{label} (booked)"), outcome);
        }
    }

    fn types(&self) -> Vec<String> {
        self.actions
            .iter()
            .map(|a| match a["type"].as_str().unwrap() {
                "set_status" => format!("status:{}", a["class"].as_str().unwrap()),
                "note" => format!("note:{}", a["code"].as_str().unwrap()),
                "email" => format!("email:{}", a["template"].as_str().unwrap()),
                "refund_external" => format!("refund_external:{}", a["amount"].as_str().unwrap()),
                "record_payment" => format!("record_payment:{}", a["amount"].as_str().unwrap()),
                "stock" => format!("stock:{}", a["change"].as_str().unwrap()),
                t => t.to_string(),
            })
            .collect()
    }

    fn ops(&self) -> Vec<String> {
        self.book
            .iter()
            .map(|b| match b["op"].as_str().unwrap() {
                "transfer" => {
                    let legs: Vec<String> = b["legs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| format!("{}>{}:{}", l["from"].as_str().unwrap(), l["to"].as_str().unwrap(), l["amount"].as_str().unwrap()))
                        .collect();
                    format!("transfer {}", legs.join(" "))
                }
                "provider_cancel" => format!("provider_cancel {} {}", b["key"].as_str().unwrap(), b["amount"].as_str().unwrap_or("all")),
                "provider_confirm_delivery" => {
                    format!("provider_confirm_delivery {}", b["key"].as_str().unwrap())
                }
                op => op.to_string(),
            })
            .collect()
    }

    fn leg(&self, source: &str) -> (String, String, String) {
        let l = &self.order[source];
        (l["paid"].as_str().unwrap().into(), l["refunded"].as_str().unwrap().into(), l["restored"].as_str().unwrap().into())
    }
}

fn placed(method: &str, total: &str) -> Value {
    json!({"type": "placed", "kind": "goods", "method": method, "currency": "EUR", "total": total, "paymentMethod": "shopcredit"})
}
fn status(class: &str, host: &str) -> Value {
    json!({"type": "status_changed", "class": class, "hostStatus": host})
}
fn reserved(ok: bool) -> Value {
    json!({"type": "booked", "op": "reserve", "accepted": ok, "reasons": if ok { json!([]) } else { json!(["wallet_insufficient_funds"]) }})
}
fn checked(outcome: &str) -> Value {
    json!({"type": "booked", "op": "credit_check", "outcome": outcome, "reasons": if outcome == "passed" { json!([]) } else { json!(["exceeds_credit_limit"]) }})
}
fn refund(id: &str, amount: &str) -> Value {
    json!({"type": "refund", "refundId": id, "amount": amount})
}

#[test]
fn balance_order_paid_refunded_then_cancelled_gives_back_the_payment_once() {
    let mut s = Story::new("balance 40.00: refund 15.00, cancel", "50.00");
    s.deliver("placed", placed("wallet_full", "40.00"), &[reserved(true)]);
    assert_eq!(s.ops(), ["reserve", "settle"]);
    assert_eq!(s.types(), ["note:paid_from_balance", "status:paid", "email:new_order", "email:order_processing"]);
    s.balance = "10.00".into();
    s.deliver("refund from the host's refund screen", refund("r-1", "15.00"), &[]);
    assert_eq!(s.ops(), ["transfer sales>wallet:15.00"]);
    s.deliver("cancelled by hand", status("cancelled", "wc-cancelled"), &[]);
    assert_eq!(s.ops(), ["transfer sales>wallet:25.00"]);
    assert_eq!(s.leg("wallet"), ("40.00".into(), "15.00".into(), "25.00".into()));
    let again = s.deliver("cancelled again (duplicate hook)", status("cancelled", "wc-cancelled"), &[]);
    assert_eq!((again["applied"].clone(), again["reasons"].clone()), (json!(false), json!(["already_applied"])));
    assert!(s.ops().is_empty() && s.actions.is_empty());
}

#[test]
fn cancel_then_refund_and_cancel_then_paid_again() {
    let mut s = Story::new("balance 40.00: cancel, refund, paid again", "50.00");
    s.deliver("placed", placed("wallet_full", "40.00"), &[reserved(true)]);
    s.deliver("cancelled", status("cancelled", "ps-6"), &[]);
    assert_eq!(s.ops(), ["transfer sales>wallet:40.00"]);
    let r = s.deliver("refund after the cancellation", refund("slip-1", "25.00"), &[]);
    assert_eq!((r["accepted"].clone(), r["reasons"].clone()), (json!(false), json!(["refund_exceeds_paid"])));
    s.balance = "50.00".into();
    s.deliver("set back to payment accepted", status("paid", "ps-2"), &[]);
    assert_eq!(s.ops(), ["transfer wallet>sales:40.00"]);
    assert_eq!(s.types(), ["note:reopen_collected"]);
    s.balance = "30.00".into();
    s.deliver("cancelled again", status("cancelled", "ps-6"), &[]);
    s.balance = "5.00".into();
    s.deliver("paid again without the balance to cover it", status("paid", "ps-2"), &[]);
    assert!(s.ops().is_empty());
    assert_eq!(s.types(), ["status:cancelled", "note:reopen_refused"]);
    assert_eq!(s.leg("wallet"), ("80.00".into(), "0.00".into(), "80.00".into()));
}

#[test]
fn partial_balance_refund_split_by_source_then_cancel() {
    let mut s = Story::new("balance 30.00 + wire 10.00: refund 15.00, cancel", "30.00");
    let mut p = placed("wallet_partial", "40.00");
    p["walletPart"] = json!("30.00");
    p["paymentMethod"] = json!("ps_wirepayment");
    s.deliver("placed", p, &[reserved(true)]);
    assert_eq!(s.types(), ["note:balance_reserved"]);
    s.deliver("awaiting the wire", status("pending_payment", "ps-10"), &[]);
    assert!(s.ops().is_empty());
    s.deliver("payment accepted", status("paid", "ps-2"), &[]);
    assert_eq!(s.ops(), ["settle"]);
    s.deliver("credit slip 15.00", refund("slip-4", "15.00"), &[]);
    assert_eq!(s.ops(), ["transfer sales>wallet:11.25"]);
    assert_eq!(s.types(), ["refund_external:3.75", "note:refund_booked"]);
    s.deliver("cancelled", status("cancelled", "ps-6"), &[]);
    assert_eq!(s.ops(), ["transfer sales>wallet:18.75"]);
    assert_eq!(s.types(), ["note:balance_restored", "note:external_to_return"]);
}

#[test]
fn refund_screen_via_the_card_gateway_books_the_rest_to_the_balance() {
    let mut s = Story::new("balance 30.00 + card 70.00: refund 40.00 via the card gateway", "30.00");
    let mut p = placed("wallet_partial", "100.00");
    p["walletPart"] = json!("30.00");
    s.deliver("placed", p, &[reserved(true)]);
    s.deliver("paid by card", json!({"type": "payment_captured", "reference": "ch_1"}), &[]);
    let r = s.deliver("refund 40.00 pro rata", refund("wc-refund-9", "40.00"), &[]);
    assert_eq!(r["accepted"], true);
    assert_eq!(s.ops(), ["transfer sales>wallet:12.00"]);
    assert_eq!(s.types(), ["refund_external:28.00", "note:refund_booked"]);
    let mut g = refund("wc-refund-10", "60.00");
    g["viaGateway"] = json!(true);
    s.deliver("refund 60.00 already sent to the card (42.00 was left there)", g, &[]);
    assert_eq!(s.ops(), ["transfer sales>wallet:18.00"]);
    assert_eq!(s.leg("external"), ("70.00".into(), "70.00".into(), "0.00".into()));
}

#[test]
fn order_on_account_passes_in_the_same_request_and_sends_the_usual_mails() {
    let mut s = Story::new("on account 300.00: passes, due date, payments, cancel", "0.00");
    s.deliver("placed", placed("credit_line", "300.00"), &[reserved(true), checked("passed")]);
    assert_eq!(s.ops(), ["reserve", "credit_check"]);
    assert_eq!(s.types(), ["note:credit_check_passed", "status:on_account", "email:new_order", "email:order_processing"]);
    s.deliver("processing (echo of our own status)", status("on_account", "wc-processing"), &[]);
    s.deliver(
        "completed: the admin's due-date status",
        status("fulfilled", "wc-completed"),
        &[json!({"type": "booked", "op": "due_date", "dueDate": "2026-12-22"})],
    );
    assert_eq!(s.types(), ["note:due_date_set"]);
    let p = json!({"type": "payment_recorded", "amount": "100.00", "method": "bank_transfer", "reference": "VIR-1", "origin": "shopcredit"});
    s.deliver("payment recorded in our back office", p, &[]);
    assert_eq!(s.types(), ["record_payment:100.00", "note:payment_received"]);
    s.deliver("refund 50.00 to the line", refund("r-2", "50.00"), &[]);
    assert_eq!(s.ops(), ["transfer sales>credit_line:50.00", "credit_note"]);
    s.deliver("cancelled", status("cancelled", "wc-cancelled"), &[]);
    assert_eq!(s.ops(), ["cancel_on_account"]);
    assert_eq!(s.types(), ["note:credit_restored", "note:paid_to_return"]);
    assert_eq!(s.actions[1]["params"]["amount"], "100.00");
    s.deliver("paid again", status("paid", "wc-processing"), &[]);
    assert_eq!(s.types(), ["status:cancelled", "note:reopen_refused"]);
}

#[test]
fn on_account_paid_in_full_after_shipping_stays_shipped() {
    let mut s = Story::new("on account: paid in full once shipped", "0.00");
    s.deliver("placed", placed("credit_line", "80.00"), &[reserved(true), checked("passed")]);
    s.deliver(
        "shipped: the admin's due-date status",
        status("fulfilled", "wc-completed"),
        &[json!({"type": "booked", "op": "due_date", "dueDate": "2026-12-22"})],
    );
    let p = json!({"type": "payment_recorded", "amount": "80.00", "method": "Cheque", "reference": "CHQ-1", "origin": "host"});
    s.deliver("paid in full in the host's payment screen", p, &[]);
    assert_eq!(s.types(), ["note:payment_received"], "no status back to paid");
    let a = json!({"type": "payment_recorded", "amount": "80.00", "method": "Cheque", "reference": "CHQ-1", "origin": "host"});
    let r = s.call("a further payment", a);
    assert_eq!(r["reasons"], json!(["amount_above_maximum"]));
}

#[test]
fn credit_check_failing_or_waiting_for_review() {
    let mut s = Story::new("on account: check fails", "0.00");
    let mut p = placed("credit_line", "3900.00");
    p["stockHeld"] = json!(true);
    s.deliver("placed", p, &[reserved(true), checked("failed")]);
    assert_eq!(
        s.types(),
        ["note:credit_check_failed", "status:credit_check_failed", "email:credit_check_failed_customer", "email:credit_check_failed_admin", "stock:restore"]
    );
    let mut r = Story::new("on account: manual review, approved", "0.00");
    r.deliver("placed", placed("credit_line", "900.00"), &[reserved(true), checked("manual_review")]);
    assert_eq!(
        r.types(),
        ["note:credit_check_manual_review", "status:pending_credit_check", "email:credit_check_pending", "email:credit_check_manual_review_admin"]
    );
    r.deliver("approved by the admin", json!({"type": "credit_check_run", "adminDecision": "approve"}), &[checked("passed")]);
    assert_eq!(r.types(), ["note:credit_check_passed", "status:on_account", "email:new_order", "email:order_processing"]);
}

#[test]
fn top_up_credited_on_capture_only_and_taken_back_when_cancelled() {
    let mut s = Story::new("top-up 120.00 VAT included: COD refused, card captured, cancelled after spending", "0.00");
    let mut cod = json!({"type": "placed", "kind": "top_up", "method": "external", "currency": "EUR", "total": "120.00", "paymentMethod": "cod"});
    let r = s.deliver("placed with cash on delivery", cod.clone(), &[]);
    assert_eq!((r["accepted"].clone(), r["reasons"].clone()), (json!(false), json!(["top_up_method_not_allowed"])));
    cod["paymentMethod"] = json!("stripe");
    s.deliver("placed with the card", cod, &[]);
    assert_eq!(s.order["topUp"]["credit"], "100.00");
    s.deliver("processing before the money arrived", status("paid", "wc-processing"), &[]);
    assert!(s.ops().is_empty());
    assert_eq!(s.types(), ["note:top_up_awaiting_capture"]);
    s.deliver("payment captured", json!({"type": "payment_captured"}), &[]);
    assert_eq!(s.ops(), ["transfer top_ups>wallet:100.00"]);
    assert_eq!(s.types(), ["note:top_up_credited", "email:balance_credited"]);
    s.deliver("captured again", json!({"type": "payment_captured"}), &[]);
    assert!(s.ops().is_empty());
    s.balance = "60.00".into();
    s.deliver("cancelled after 40.00 were spent", status("cancelled", "wc-cancelled"), &[]);
    assert_eq!(s.ops(), ["transfer wallet>top_ups:60.00"]);
    assert_eq!(s.types(), ["note:top_up_reversed", "note:top_up_reversal_short", "email:top_up_reversal_short_admin"]);
}

#[test]
fn top_up_refunded_in_part_takes_back_the_matching_credit() {
    let mut s = Story::new("top-up 120.00 VAT included: refunded 60.00", "0.00");
    s.deliver(
        "placed",
        json!({"type": "placed", "kind": "top_up", "method": "external", "currency": "EUR", "total": "120.00", "paymentMethod": "stripe"}),
        &[],
    );
    s.deliver("captured", json!({"type": "payment_captured"}), &[]);
    s.balance = "100.00".into();
    let mut r = refund("wc-refund-3", "60.00");
    r["viaGateway"] = json!(true);
    s.deliver("refunded 60.00 through the card gateway", r, &[]);
    assert_eq!(s.ops(), ["transfer wallet>top_ups:50.00"]);
    assert_eq!(s.types(), ["note:top_up_reversed", "note:refund_booked"]);
    let over = s.deliver("a refund above what is left", refund("wc-refund-4", "60.01"), &[]);
    assert_eq!(over["reasons"], json!(["refund_exceeds_paid"]));
}

#[test]
fn top_up_priced_and_credited_in_the_customers_currency() {
    let mut s = Story::new("top-up JPY 10000 VAT included", "0");
    s.wallet = json!({"enabled": true, "allowTopUp": true, "minTopUp": "500", "maxTopUp": "50000", "topUpVat": {"mode": "included", "rate": "20"}});
    s.deliver("placed", json!({"type": "placed", "kind": "top_up", "method": "external", "currency": "JPY", "total": "10000", "paymentMethod": "stripe"}), &[]);
    assert_eq!((s.order["topUp"]["credit"].clone(), s.order["topUp"]["vat"].clone()), (json!("8333"), json!("1667")));
    s.deliver("captured", json!({"type": "payment_captured"}), &[]);
    assert_eq!(s.ops(), ["transfer top_ups>wallet:8333"]);
    let r = s.deliver(
        "a second top-up above the maximum is refused before payment",
        json!({"type": "placed", "kind": "top_up", "method": "external", "currency": "JPY", "total": "60000", "paymentMethod": "stripe"}),
        &[],
    );
    assert_eq!(r["reasons"], json!(["order_already_placed"]));
    let mut t = Story::new("top-up JPY 60000 above the maximum", "0");
    t.wallet = s.wallet.clone();
    let r = t.deliver(
        "placed",
        json!({"type": "placed", "kind": "top_up", "method": "external", "currency": "JPY", "total": "60000", "paymentMethod": "stripe"}),
        &[],
    );
    assert_eq!((r["accepted"].clone(), r["reasons"].clone(), r["order"].clone()), (json!(false), json!(["amount_above_maximum"]), Value::Null));
}

#[test]
fn financing_accepted_once_then_cancelled() {
    let mut s = Story::new("financing 300.00: accepted twice, cancelled", "0.00");
    s.deliver("placed", placed("financing", "300.00"), &[]);
    assert_eq!(s.types(), ["status:awaiting_financing", "note:financing_started"]);
    s.deliver("PRE_ACCEPTED", json!({"type": "financing", "applied": true, "hint": "awaiting_financing"}), &[]);
    assert!(s.actions.is_empty());
    s.deliver("ACCEPTED", json!({"type": "financing", "applied": true, "hint": "paid"}), &[]);
    assert_eq!(s.types(), ["record_payment:300.00", "note:financing_accepted", "status:paid", "email:new_order", "email:order_processing"]);
    let dup = s.deliver("ACCEPTED again (a duplicate delivery)", json!({"type": "financing", "applied": false, "reason": "duplicate_event"}), &[]);
    assert_eq!((dup["applied"].clone(), dup["reasons"].clone()), (json!(false), json!(["duplicate_event"])));
    s.deliver("CANCELLED", json!({"type": "financing", "applied": true, "hint": "cancelled"}), &[]);
    assert_eq!(s.types(), ["note:financing_cancelled", "status:cancelled"]);
}

/// A financed order accepted by the provider (placed, then ACCEPTED).
fn financed(name: &'static str, total: &str) -> Story {
    let mut s = Story::new(name, "0.00");
    s.deliver("placed", placed("financing", total), &[]);
    s.deliver("ACCEPTED", json!({"type": "financing", "applied": true, "hint": "paid"}), &[]);
    s
}

fn answered(request: &str, answer: &str, extra: Value) -> Value {
    let mut e = json!({"type": "provider_answered", "request": request, "answer": answer});
    for (k, v) in extra.as_object().unwrap() {
        e[k] = v.clone();
    }
    e
}

#[test]
fn long_credit_shipped_confirms_the_delivery_once() {
    let mut s = financed("financing 300.00 long credit: shipped", "300.00");
    s.shipped = Some("wc-shipped");
    s.deliver("processing", status("paid", "wc-processing"), &[]);
    assert!(s.book.is_empty());
    s.deliver("the merchant's shipped status", status("fulfilled", "wc-shipped"), &[]);
    assert_eq!(s.ops(), ["provider_confirm_delivery o:1:wc-77:1"]);
    assert_eq!(s.order["delivery"], "requested");
    s.deliver("completed", status("fulfilled", "wc-completed"), &[]);
    s.deliver("shipped again (set by hand)", status("fulfilled", "wc-shipped"), &[]);
    assert!(s.book.is_empty(), "asked once");
    s.deliver("the provider confirmed", answered("confirm_delivery", "done", json!({})), &[]);
    assert_eq!(s.types(), ["note:financing_delivery_confirmed"]);
    assert_eq!(s.order["delivery"], "confirmed");
    let again = s.deliver(
        "a second request answered 409 already delivered",
        answered("confirm_delivery", "none", json!({"reason": "delivery_already_confirmed"})),
        &[],
    );
    assert_eq!((again["applied"].clone(), again["reasons"].clone()), (json!(false), json!(["delivery_already_confirmed"])));
    assert!(s.actions.is_empty());
}

#[test]
fn split_payment_refunds_cancel_once_in_part_then_the_rest() {
    let mut s = financed("financing 300.00 split: refunds, cancel", "300.00");
    s.deliver("shipped (no setting: a fulfilled status)", status("fulfilled", "wc-completed"), &[]);
    assert_eq!(s.ops(), ["provider_confirm_delivery o:1:wc-77:1"]);
    s.deliver(
        "a split payment needs no delivery confirmation",
        answered("confirm_delivery", "none", json!({"reason": "delivery_confirmation_not_needed"})),
        &[],
    );
    assert!(s.actions.is_empty());
    assert_eq!(s.order["delivery"], "not_needed");
    s.deliver("refund 100.00", refund("r-1", "100.00"), &[]);
    assert_eq!(s.ops(), ["provider_cancel o:1:wc-77:2 100.00"]);
    assert!(!s.types().iter().any(|t| t.starts_with("refund_external")), "the provider gives it back, not the payment method");
    s.deliver("cancelled in part", answered("cancel", "done", json!({"amount": "100.00", "full": false, "financedAfter": "200.00"})), &[]);
    assert_eq!(s.types(), ["note:financing_cancelled_in_part"]);
    assert_eq!(s.order["partiallyCancelled"], true);
    s.deliver("the provider's partial-cancellation webhook", json!({"type": "financing", "applied": true, "hint": "partially_cancelled"}), &[]);
    assert!(s.actions.is_empty(), "one note for one cancellation");
    s.deliver("refund 50.00 more", refund("r-2", "50.00"), &[]);
    assert_eq!(s.ops(), ["provider_cancel o:1:wc-77:3 50.00"]);
    s.deliver(
        "a second partial cancellation is refused",
        answered("cancel", "refused", json!({"amount": "50.00", "reason": "financing_partial_cancel_used"})),
        &[],
    );
    assert_eq!(s.types(), ["note:financing_cancel_refused"]);
    assert_eq!(s.actions[0]["params"]["reason"], "financing_partial_cancel_used");
    assert_eq!(s.leg("external"), ("300.00".into(), "150.00".into(), "0.00".into()));
    s.deliver("cancelled", status("cancelled", "wc-cancelled"), &[]);
    assert_eq!(s.ops(), ["provider_cancel o:1:wc-77:4 all"]);
    s.deliver("the rest cancelled", answered("cancel", "done", json!({"amount": "200.00", "full": true, "financedAfter": "0.00"})), &[]);
    assert_eq!(s.types(), ["note:financing_cancelled"]);
    assert_eq!(s.order["financing"], "cancelled");
    assert_eq!(s.leg("external"), ("300.00".into(), "150.00".into(), "150.00".into()));
    s.deliver("the provider's CANCELLED webhook", json!({"type": "financing", "applied": true, "hint": "cancelled"}), &[]);
    assert!(s.actions.is_empty(), "already cancelled");
}

#[test]
fn long_credit_and_late_cancellations_tell_the_merchant_what_to_do() {
    let mut s = financed("financing 900.00 long credit: cancelled", "900.00");
    s.deliver("cancelled", status("cancelled", "wc-cancelled"), &[]);
    assert_eq!(s.ops(), ["provider_cancel o:1:wc-77:1 all"]);
    s.deliver("long credit is cancelled by the lender", answered("cancel", "refused", json!({"reason": "financing_cancel_by_lender_only"})), &[]);
    assert_eq!(s.types(), ["note:financing_cancel_ask_lender"]);
    assert_eq!(s.actions[0]["params"]["amount"], "900.00");
    assert_eq!(s.order["financing"], "accepted");

    let mut s = financed("financing 120.00 split: refund after 90 days", "120.00");
    s.deliver("refund 20.00", refund("r-1", "20.00"), &[]);
    s.deliver(
        "the provider refuses: period over",
        answered(
            "cancel",
            "refused",
            json!({"amount": "20.00", "reason": "provider_refused", "providerCode": "CANCELLATION_PERIOD_EXPIRED", "providerMessage": "a split payment can only be cancelled within 90 days"}),
        ),
        &[],
    );
    assert_eq!(s.types(), ["note:financing_cancel_refused"]);
    assert_eq!(s.actions[0]["params"]["reason"], "provider_refused");
    assert_eq!(s.actions[0]["params"]["providerMessage"], "a split payment can only be cancelled within 90 days");
}

#[test]
fn provider_answers_are_checked() {
    let mut s = Story::new("provider answers malformed", "0.00");
    let mut err = |label: &str, event: Value| -> (String, String) {
        let request = json!({"v": 1, "op": "order.decide", "now": NOW, "input": {"keyBase": "k", "order": null, "event": event}});
        s.step += 1;
        RECORDED.lock().unwrap().push(json!({"name": format!("{}: {:02} {label}", s.name, s.step), "request": request, "response": null}));
        let r: Value = serde_json::from_slice(&shopcredit::handle_json(&serde_json::to_vec(&request).unwrap())).unwrap();
        (r["error"]["code"].as_str().unwrap_or("none").into(), r["error"]["path"].as_str().unwrap_or("").into())
    };
    assert_eq!(err("no answer", json!({"type": "provider_answered", "request": "cancel"})), ("missing_field".into(), "input.event.answer".into()));
    assert_eq!(
        err("a control character in the provider's message", answered("cancel", "refused", json!({"providerMessage": "a\nb"}))),
        ("invalid_value".into(), "input.event.providerMessage".into())
    );
    assert_eq!(
        err("a field of another event", answered("cancel", "done", json!({"refundId": "r-1"}))),
        ("unknown_field".into(), "input.event.refundId".into())
    );
}

#[test]
fn refused_reservation_places_nothing() {
    let mut s = Story::new("balance 40.00 with 10.00 in the balance", "10.00");
    let r = s.deliver("placed", placed("wallet_full", "40.00"), &[reserved(false)]);
    assert_eq!((r["accepted"].clone(), r["reasons"].clone()), (json!(false), json!(["wallet_insufficient_funds"])));
    let unknown = s.call("a status for an order never placed", status("paid", "wc-processing"));
    assert_eq!(unknown["reasons"], json!(["order_unknown"]));
}

#[test]
fn malformed_events_are_coded_errors() {
    let mut s = Story::new("malformed", "0.00");
    let err = |s: &mut Story, label: &str, input: Value| -> (String, String) {
        let request = json!({"v": 1, "op": "order.decide", "now": NOW, "input": input});
        s.step += 1;
        RECORDED.lock().unwrap().push(json!({"name": format!("{}: {:02} {label}", s.name, s.step), "request": request, "response": null}));
        let r: Value = serde_json::from_slice(&shopcredit::handle_json(&serde_json::to_vec(&request).unwrap())).unwrap();
        (r["error"]["code"].as_str().unwrap_or("none").into(), r["error"]["path"].as_str().unwrap_or("").into())
    };
    let e = err(&mut s, "unknown event type", json!({"keyBase": "k", "order": null, "event": {"type": "shipped"}}));
    assert_eq!(e.0, "invalid_value");
    let e = err(
        &mut s,
        "amount with too many decimals",
        json!({"keyBase": "k", "order": null, "event": {"type": "placed", "kind": "goods", "method": "wallet_full", "currency": "EUR", "total": "10.005"}}),
    );
    assert_eq!(e, ("too_many_decimals".into(), "input.event.total".into()));
    let e = err(
        &mut s,
        "a goods order with the host's gateway",
        json!({"keyBase": "k", "order": null, "event": {"type": "placed", "kind": "goods", "method": "external", "currency": "EUR", "total": "10.00"}}),
    );
    assert_eq!(e, ("invalid_value".into(), "input.event.method".into()));
    let e = err(
        &mut s,
        "key base too long",
        json!({"keyBase": "k".repeat(81), "order": null, "event": {"type": "placed", "kind": "goods", "method": "wallet_full", "currency": "EUR", "total": "10.00"}}),
    );
    assert_eq!(e, ("invalid_id".into(), "input.keyBase".into()));
    let e = err(
        &mut s,
        "an amount as a JSON number",
        json!({"keyBase": "k", "order": null, "event": {"type": "placed", "kind": "goods", "method": "wallet_full", "currency": "EUR", "total": 10}}),
    );
    assert_eq!(e.0, "invalid_type");
    let e = err(
        &mut s,
        "a top-up without the balance settings",
        json!({"keyBase": "k", "order": null, "event": {"type": "placed", "kind": "top_up", "method": "external", "currency": "EUR", "total": "10.00", "paymentMethod": "stripe"}}),
    );
    assert_eq!(e, ("invalid_value".into(), "input.settings.wallet".into()));
}

#[test]
fn zz_write_vectors_when_asked() {
    if std::env::var("WRITE_ORDER_VECTORS").ok().as_deref() != Some("1") {
        return;
    }
    let mut cases = RECORDED.lock().unwrap().clone();
    cases.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/order.json");
    std::fs::write(path, serde_json::to_string_pretty(&cases).unwrap() + "\n").unwrap();
}
