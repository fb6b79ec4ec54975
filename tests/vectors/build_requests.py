#!/usr/bin/env python3
"""Writes the request side of the golden vectors (tests/vectors/<area>.json).

Existing expectations are kept: a case whose name already has a response keeps it, new cases get
`"response": null`; then `UPDATE_VECTORS=missing cargo test --test vectors` fills those in, and a
human reads them before committing (a vector is a claim that the answer is right).
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = 1795390200  # 2026-11-22T23:30:00Z
EUR = "EUR"


def acct(id, kind, cur=EUR, dp="0.00", dpo="0.00", cp="0.00", cpo="0.00", limit=None, closed=False):
    a = {"id": id, "kind": kind, "currency": cur, "debitsPending": dp, "debitsPosted": dpo,
         "creditsPending": cp, "creditsPosted": cpo}
    if limit is not None:
        a["limit"] = limit
    if closed:
        a["closed"] = True
    return a


def wallet(balance="50.00", **kw):
    return acct("wallet:1:42:EUR", "wallet", cpo=balance, **kw)


def credit(limit="1000.00", exposure="0.00", pending="0.00", paid="0.00"):
    return acct("credit:1:42:EUR", "credit_line", dp=pending, dpo=exposure, cpo=paid, limit=limit)


SALES = acct("shop:1:sales:EUR", "shop")
CASH = acct("shop:1:cash:EUR", "shop")
TOPUPS = acct("shop:1:topups:EUR", "shop")
BONUS = acct("shop:1:bonus:EUR", "shop")
WITHDRAWALS = acct("shop:1:withdrawals:EUR", "shop")


def req(op, inp, now=NOW):
    r = {"v": 1, "op": op, "input": inp}
    if now is not None:
        r["now"] = now
    return r


def transfer(id, debit, credit_, amount, flags=(), code="order_payment", status="none", pending_id=None, timeout=0, ts=NOW - 3600, order="o-1"):
    return {"id": id, "debitAccountId": debit, "creditAccountId": credit_, "amount": amount, "currency": EUR,
            "pendingId": pending_id, "timeoutS": timeout, "flags": list(flags), "code": code,
            "orderRef": order, "timestampS": ts, "pendingStatus": status}


def item(id, debit, credit_, amount, flags=(), code="order_payment", pending_id=None, timeout=0):
    t = {"id": id, "debitAccountId": debit, "creditAccountId": credit_, "amount": amount, "code": code}
    if flags:
        t["flags"] = list(flags)
    if pending_id:
        t["pendingId"] = pending_id
    if timeout:
        t["timeoutS"] = timeout
    return t


def ledger_cases():
    W, C, S = "wallet:1:42:EUR", "credit:1:42:EUR", "shop:1:sales:EUR"
    accs = [wallet("50.00"), credit("100.00"), SALES, CASH, TOPUPS]
    res = {"w-pend": transfer("r1", W, S, "20.00", ["pending"], status="pending", timeout=600, ts=NOW - 60),
           "w-pend-old": transfer("r2", W, S, "10.00", ["pending"], status="pending", timeout=60, ts=NOW - 600),
           "posted": transfer("p1", W, S, "5.00"),
           "done": transfer("r3", W, S, "5.00", ["pending"], status="posted"),
           "voided": transfer("r4", W, S, "5.00", ["pending"], status="voided"),
           "expired": transfer("r5", W, S, "5.00", ["pending"], status="expired")}
    # Consistent with `known`: r1 + r2 pending (30.00), p1 + r3 posted (10.00).
    accs_p = [wallet("50.00", dp="30.00", dpo="10.00"), credit("100.00"), acct("shop:1:sales:EUR", "shop", cp="30.00", cpo="10.00"), CASH, TOPUPS]
    known = list(res.values())
    c = []
    def ct(name, batch, accounts=accs, transfers=(), now=NOW):
        c.append((name, req("ledger.createTransfers", {"accounts": accounts, "transfers": list(transfers), "batch": batch}, now)))
    ct("wallet payment posted at once", [item("t1", W, S, "20.00")])
    ct("wallet payment of the whole balance", [item("t1", W, S, "50.00")])
    ct("wallet never below zero: wallet_insufficient_funds", [item("t1", W, S, "50.01")])
    ct("wallet reservation (pending) with a timeout", [item("t1", W, S, "30.00", ["pending"], timeout=900)])
    ct("pending debits count against the balance", [item("t1", W, S, "30.00", ["pending"]), item("t2", W, S, "30.00")])
    ct("credit line purchase within the limit", [item("t1", C, S, "100.00", code="order_on_account")])
    ct("credit line exposure never above the limit: exceeds_credit_limit", [item("t1", C, S, "100.01", code="order_on_account")])
    ct("payment received releases credit", [item("t1", "shop:1:cash:EUR", C, "40.00", code="payment_received")],
       accounts=[wallet(), credit("100.00", exposure="100.00"), SALES, CASH, TOPUPS])
    ct("top-up credits the wallet", [item("t1", "shop:1:topups:EUR", W, "25.00", code="top_up")])
    ct("pending credits are not spendable", [item("t1", "shop:1:topups:EUR", W, "25.00", ["pending"], code="top_up"), item("t2", W, S, "60.00")])
    ct("linked chain all applied", [item("t1", W, S, "10.00", ["linked", "pending"]), item("t2", C, S, "10.00", ["pending"], code="order_on_account")])
    ct("linked chain fails as a whole and names the real reason", [item("t1", W, S, "10.00", ["linked", "pending"]), item("t2", C, S, "500.00", ["pending"], code="order_on_account")])
    ct("linked chain failing first: the rest linked_event_failed", [item("t1", W, S, "80.00", ["linked"]), item("t2", C, S, "1.00", code="order_on_account")])
    ct("last transfer linked: linked_event_chain_open", [item("t1", W, S, "1.00"), item("t2", W, S, "1.00", ["linked"])])
    ct("flags_are_mutually_exclusive", [item("t1", W, S, "1.00", ["pending", "post_pending"], pending_id="r1")])
    ct("accounts_must_be_different", [item("t1", W, W, "1.00")])
    ct("pending_id_must_be_absent on a plain transfer", [item("t1", W, S, "1.00", pending_id="r1")])
    ct("pending_id_required to post", [item("t1", W, S, "1.00", ["post_pending"])])
    ct("timeout_reserved_for_pending_transfer", [item("t1", W, S, "1.00", timeout=60)])
    ct("amount_must_not_be_zero", [item("t1", W, S, "0.00")])
    ct("debit_account_not_found", [item("t1", "wallet:nobody", S, "1.00")])
    ct("credit_account_not_found", [item("t1", W, "shop:nowhere", "1.00")])
    ct("accounts_must_have_the_same_currency", [item("t1", W, "shop:1:sales:USD", "1.00")],
       accounts=[wallet(), SALES, acct("shop:1:sales:USD", "shop", cur="USD")])
    ct("account_closed", [item("t1", W, "shop:closed", "1.00")], accounts=[wallet(), acct("shop:closed", "shop", closed=True)])
    ct("replay of an applied transfer answers exists", [item("p1", W, S, "5.00")], accounts=accs_p, transfers=known)
    ct("exists_with_different_amount", [item("p1", W, S, "6.00")], accounts=accs_p, transfers=known)
    ct("exists_with_different_debit_account_id", [item("p1", C, S, "5.00", code="order_payment")], accounts=accs_p, transfers=known)
    ct("exists_with_different_credit_account_id", [item("p1", W, "shop:1:cash:EUR", "5.00")], accounts=accs_p, transfers=known)
    ct("exists_with_different_flags", [item("p1", W, S, "5.00", ["pending"])], accounts=accs_p, transfers=known)
    ct("exists_with_different_code", [item("p1", W, S, "5.00", code="refund")], accounts=accs_p, transfers=known)
    ct("exists_with_different_timeout", [item("r1", W, S, "20.00", ["pending"], timeout=601)], accounts=accs_p, transfers=known)
    ct("exists_with_different_pending_id", [dict(item("x1", W, S, "0.00", ["post_pending"], pending_id="r1"))], accounts=accs_p,
       transfers=known + [transfer("x1", W, S, "20.00", ["post_pending"], pending_id="r3")])
    ct("post a reservation in full (amount 0 = full)", [item("x1", W, S, "0.00", ["post_pending"], pending_id="r1")], accounts=accs_p, transfers=known)
    ct("post part of a reservation releases the rest", [item("x1", W, S, "12.50", ["post_pending"], pending_id="r1")], accounts=accs_p, transfers=known)
    ct("exceeds_pending_transfer_amount", [item("x1", W, S, "20.01", ["post_pending"], pending_id="r1")], accounts=accs_p, transfers=known)
    ct("void a reservation", [item("x1", W, S, "0.00", ["void_pending"], pending_id="r1")], accounts=accs_p, transfers=known)
    ct("pending_transfer_has_different_amount on void", [item("x1", W, S, "3.00", ["void_pending"], pending_id="r1")], accounts=accs_p, transfers=known)
    ct("pending_transfer_not_found", [item("x1", W, S, "0.00", ["post_pending"], pending_id="nope")], accounts=accs_p, transfers=known)
    ct("pending_transfer_not_pending (a posted transfer)", [item("x1", W, S, "0.00", ["post_pending"], pending_id="p1")], accounts=accs_p, transfers=known)
    ct("pending_transfer_already_posted", [item("x1", W, S, "0.00", ["void_pending"], pending_id="r3")], accounts=accs_p, transfers=known)
    ct("pending_transfer_already_voided", [item("x1", W, S, "0.00", ["post_pending"], pending_id="r4")], accounts=accs_p, transfers=known)
    ct("pending_transfer_expired (status)", [item("x1", W, S, "0.00", ["post_pending"], pending_id="r5")], accounts=accs_p, transfers=known)
    ct("pending_transfer_expired (timeout passed: released first)", [item("x1", W, S, "0.00", ["post_pending"], pending_id="r2")], accounts=accs_p, transfers=known)
    ct("pending_transfer_has_different_accounts", [item("x1", W, "shop:1:cash:EUR", "0.00", ["post_pending"], pending_id="r1")], accounts=accs_p, transfers=known)
    ct("overflows_balance", [item("t1", "shop:1:topups:EUR", W, "9999999999999.99", code="top_up")],
       accounts=[wallet("9999999999999.99"), TOPUPS])
    ct("malformed: duplicate account ids", [item("t1", W, S, "1.00")], accounts=[wallet(), wallet(), SALES])
    ct("malformed: amount with too many decimals", [item("t1", W, S, "1.001")])
    ct("malformed: amount as a JSON number", [dict(item("t1", W, S, "1.00"), amount=1.5)])
    ct("malformed: unknown flag", [item("t1", W, S, "1.00", ["urgent"])])
    ct("malformed: unknown movement code", [item("t1", W, S, "1.00", code="gift")])
    ct("malformed: invalid id", [item("t 1", W, S, "1.00")])
    ct("malformed: amount too large", [item("t1", W, S, "10000000000000.00")])
    ct("malformed: more than 1000 transfers in a batch", [item(f"t{n}", W, S, "0.01") for n in range(1001)])
    ct("malformed: negative balance in a snapshot", [item("t1", W, S, "1.00")], accounts=[acct(W, "wallet", cpo="-1.00"), SALES])
    c.append(("createTransfers needs now", req("ledger.createTransfers", {"accounts": accs, "batch": [item("t1", W, S, "1.00")]}, now=None)))
    c.append(("expire pending reservations whose timeout passed", req("ledger.expirePending", {"accounts": accs_p, "transfers": [res["w-pend"], res["w-pend-old"]]})))
    c.append(("nothing to expire yet", req("ledger.expirePending", {"accounts": accs_p, "transfers": [res["w-pend"]]}, now=NOW - 30)))
    c.append(("reconcile: consistent", req("ledger.reconcile", {"accounts": [wallet("55.00", dp="20.00", dpo="10.00"), acct(S, "shop", cp="20.00", cpo="10.00"), acct("shop:1:topups:EUR", "shop", dpo="55.00")],
        "transfers": [transfer("top", "shop:1:topups:EUR", W, "55.00", code="top_up"), transfer("p1", W, S, "5.00"), res["w-pend"], res["done"], transfer("r3:post", W, S, "5.00", ["post_pending"], pending_id="r3")]}, now=None)))
    c.append(("reconcile: drift reported", req("ledger.reconcile", {"accounts": [wallet("80.00"), acct("shop:1:topups:EUR", "shop", dpo="55.00")],
        "transfers": [transfer("top", "shop:1:topups:EUR", W, "55.00", code="top_up")]}, now=None)))
    return c


def credit_ctx(limit="1000.00", exposure="0.00", pending="0.00", on_hold=False, risk="low", receivables=(), effects=None,
               block_overdue=True, block_unpaid=False, account=True, terms=None):
    p = {"onHold": on_hold, "riskLevel": risk}
    if terms is not None:
        p["paymentTermsDays"] = terms
    ctx = {"profile": p, "settings": {"defaultPaymentTermsDays": 30, "blockWhenOverdue": block_overdue, "blockWhenUnpaid": block_unpaid,
           "riskEffects": effects or {"low": "none", "medium": "none", "high": "manual_approval"}, "reminderOffsetsDays": [-3, 0, 7, 14], "utcOffsetS": 3600},
           "receivables": list(receivables)}
    if account:
        ctx["account"] = credit(limit, exposure, pending)
    return ctx


def recv(order="o-9", amount="100.00", paid="0.00", due=None, state="open", level=None):
    r = {"orderRef": order, "currency": EUR, "amount": amount, "paid": paid, "state": state}
    if due:
        r["dueDate"] = due
    if level is not None:
        r["lastReminderLevel"] = level
    return r


def credit_cases():
    c = []
    cart = lambda t: {"currency": EUR, "total": t}
    av = lambda name, ctx, total="200.00": c.append((name, req("credit.availability", {"credit": ctx, "cart": cart(total)})))
    av("credit available within the limit", credit_ctx())
    av("credit covers exactly the remaining credit", credit_ctx(exposure="800.00"))
    av("exceeds_credit_limit by one cent", credit_ctx(exposure="800.01"))
    av("no_credit_line", credit_ctx(account=False))
    av("no_credit_limit (limit 0 means zero)", credit_ctx(limit="0.00"))
    av("account_on_hold", credit_ctx(on_hold=True))
    av("risk_level_blocked", credit_ctx(risk="high", effects={"low": "none", "medium": "none", "high": "block"}))
    av("high risk needs manual approval but stays available", credit_ctx(risk="high"))
    av("order_overdue blocks", credit_ctx(receivables=[recv(due="2026-11-01")]))
    av("not overdue on the due date itself", credit_ctx(receivables=[recv(due="2026-11-23")]))
    av("order_unpaid blocks when the rule is on", credit_ctx(block_unpaid=True, receivables=[recv()]))
    av("every reason in precedence order", credit_ctx(on_hold=True, risk="high", effects={"low": "none", "medium": "none", "high": "block"}, block_unpaid=True, exposure="990.00", receivables=[recv(due="2026-10-01")]))
    av("limit lowered below exposure blocks new orders", credit_ctx(limit="500.00", exposure="700.00"), total="1.00")
    av("reservations count in the exposure", credit_ctx(pending="900.00"))
    av("nothing_to_pay for an empty cart", credit_ctx(), total="0.00")
    c.append(("credit availability with a foreign-currency cart is an error", req("credit.availability", {"credit": credit_ctx(), "cart": {"currency": "USD", "total": "1.00"}})))
    c.append(("credit settings: terms above 365 days rejected", req("credit.availability", {"credit": dict(credit_ctx(), settings=dict(credit_ctx()["settings"], defaultPaymentTermsDays=400)), "cart": cart("1.00")})))
    c.append(("credit settings: unsorted reminder offsets rejected", req("credit.availability", {"credit": dict(credit_ctx(), settings=dict(credit_ctx()["settings"], reminderOffsetsDays=[7, 0])), "cart": cart("1.00")})))
    c.append(("credit profile: unknown risk level", req("credit.availability", {"credit": dict(credit_ctx(), profile={"riskLevel": "extreme"}), "cart": cart("1.00")})))
    c.append(("credit availability needs now", req("credit.availability", {"credit": credit_ctx(), "cart": cart("1.00")}, now=None)))
    st = lambda name, ctx: c.append((name, req("credit.status", {"credit": ctx})))
    st("status with receivables, overdue and next due date", credit_ctx(exposure="350.00", receivables=[recv("o-1", "100.00", "40.00", "2026-11-10"), recv("o-2", "200.00", "0.00", "2026-12-05"), recv("o-3", "50.00", "50.00", "2026-11-01", "paid"), recv("o-4", "60.00", "0.00")]))
    st("status of a clean account", credit_ctx())
    st("status with a per-customer payment delay", credit_ctx(terms=60))
    c.append(("status needs the account", req("credit.status", {"credit": credit_ctx(account=False)})))
    order = {"orderRef": "o-100", "currency": EUR, "amount": "250.00"}
    ck = lambda name, stage, ctx, **kw: c.append((name, req("credit.check", dict({"key": "chk-o-100", "stage": stage, "order": order, "naturalStatus": "processing", "credit": ctx, "salesAccount": kw.pop("salesAccount", SALES)}, **kw))))
    ck("placed: the order waits in pending credit check", "placed", credit_ctx())
    ck("run: passes and books the order on account", "run", credit_ctx())
    ck("run: fails on the limit, with both notifications", "run", credit_ctx(exposure="900.00"))
    ck("run: fails on hold and overdue together", "run", credit_ctx(on_hold=True, receivables=[recv(due="2026-10-01")]))
    ck("run: high risk goes to manual review", "run", credit_ctx(risk="high"))
    ck("run: posts the checkout reservation", "run", credit_ctx(pending="250.00"), salesAccount=acct("shop:1:sales:EUR", "shop", cp="250.00"),
       reservation=transfer("co-100:credit", "credit:1:42:EUR", "shop:1:sales:EUR", "250.00", ["pending"], code="order_on_account", status="pending", order="o-100"))
    ck("run: fails and voids the checkout reservation", "run", credit_ctx(exposure="800.00", pending="250.00"), salesAccount=acct("shop:1:sales:EUR", "shop", cp="250.00", cpo="800.00"),
       reservation=transfer("co-100:credit", "credit:1:42:EUR", "shop:1:sales:EUR", "250.00", ["pending"], code="order_on_account", status="pending", order="o-100"))
    ck("run replayed: exists, nothing booked twice", "run", credit_ctx(exposure="250.00"),
       transfers=[transfer("chk-o-100:credit", "credit:1:42:EUR", "shop:1:sales:EUR", "250.00", code="order_on_account", order="o-100")])
    c.append(("check: empty natural status rejected", req("credit.check", {"key": "k", "stage": "run", "order": order, "naturalStatus": "", "credit": credit_ctx(), "salesAccount": SALES})))
    c.append(("check: unknown stage", req("credit.check", {"key": "k", "stage": "later", "order": order, "naturalStatus": "x", "credit": credit_ctx(), "salesAccount": SALES})))
    dd = lambda name, r, **kw: c.append((name, req("credit.dueDate", dict({"receivable": r, "credit": credit_ctx()}, **kw))))
    dd("due date = status date + default terms", recv(), statusDate="2026-11-22")
    dd("due date from now in the shop's time zone", recv())
    dd("an existing due date is kept", recv(due="2026-12-01"), statusDate="2026-11-22")
    dd("recompute replaces the due date", recv(due="2026-12-01"), statusDate="2026-11-22", recompute=True)
    c.append(("due date uses the customer's own terms", req("credit.dueDate", {"receivable": recv(), "credit": credit_ctx(terms=45), "statusDate": "2026-12-20"})))
    c.append(("due date: invalid status date", req("credit.dueDate", {"receivable": recv(), "credit": credit_ctx(), "statusDate": "2026-02-30"})))
    pay = lambda name, r, **kw: c.append((name, req("credit.recordPayment", dict({"key": "pay-1", "receivable": r, "account": credit("1000.00", "100.00"), "cashAccount": CASH}, **kw))))
    pay("partial payment received", recv(), amount="40.00")
    pay("payment completing the receivable marks it paid", recv(paid="60.00"), amount="40.00")
    pay("mark paid settles the whole remainder", recv(paid="25.00"), markPaid=True)
    pay("payment above what is due is refused", recv(), amount="100.01")
    pay("zero payment is nothing to pay", recv(), amount="0.00")
    pay("payment replay answers exists", recv(paid="40.00"), amount="40.00",
        transfers=[transfer("pay-1:payment", "shop:1:cash:EUR", "credit:1:42:EUR", "40.00", code="payment_received", order="o-9")])
    pay("amount and markPaid together are an error", recv(), amount="1.00", markPaid=True)
    pay("paid above amount in the receivable is an error", recv(paid="120.00"), amount="1.00")
    rem = lambda name, rs: c.append((name, req("credit.reminders", {"credit": credit_ctx(receivables=rs)})))
    rem("reminders: before, on and after the due date", [recv("o-1", due="2026-11-25"), recv("o-2", due="2026-11-23"), recv("o-3", due="2026-11-10"), recv("o-4", due="2026-12-31")])
    rem("reminders: a level already sent is not sent again", [recv("o-3", due="2026-11-10", level=3), recv("o-5", due="2026-11-01", level=3)])
    rem("reminders: paid receivables get none", [recv("o-6", paid="100.00", due="2026-10-01", state="paid")])
    inc = {"requestId": "cir-1", "currency": EUR, "currentLimit": "1000.00", "requestedLimit": "2500.00", "message": "Seasonal stock"}
    c.append(("credit increase requested", req("credit.increaseRequest", inc)))
    c.append(("credit increase must ask for more", req("credit.increaseRequest", dict(inc, requestedLimit="900.00"))))
    c.append(("credit increase message too long", req("credit.increaseRequest", dict(inc, message="x" * 1001))))
    stored = {"requestId": "cir-1", "currency": EUR, "currentLimit": "1000.00", "requestedLimit": "2500.00", "message": "Seasonal stock", "state": "requested", "requestedAt": NOW - 86400}
    dec = lambda name, r, **kw: c.append((name, req("credit.increaseDecision", dict({"request": r, "decidedBy": "admin-1"}, **kw))))
    dec("credit increase approved with the requested limit", stored, decision="approve")
    dec("credit increase approved with another limit", stored, decision="approve", newLimit="2000.00")
    dec("credit increase approval must raise the limit", stored, decision="approve", newLimit="1000.00")
    dec("credit increase declined with a reason", stored, decision="decline", reason="Payment history too short")
    dec("deciding twice: request_already_decided", dict(stored, state="approved", decidedAt=NOW - 10, decidedBy="admin-2", newLimit="2500.00"), decision="decline")
    sl = lambda name, a, limit: c.append((name, req("credit.setLimit", {"account": a, "limit": limit, "setBy": "admin-1"})))
    sl("set a higher limit", credit("1000.00", "300.00"), "5000.00")
    sl("lower the limit below exposure: allowed, blocks new orders", credit("1000.00", "700.00"), "500.00")
    sl("limit zero means zero", credit("1000.00"), "0.00")
    c.append(("set limit on a wallet is an error", req("credit.setLimit", {"account": wallet(), "limit": "1.00", "setBy": "admin-1"})))
    return c


WS = {"enabled": True, "allowedGroups": [], "allowPartial": True, "allowTopUp": True, "allowWithdrawal": True, "minWithdrawal": "10.00", "minTopUp": "5.00", "maxTopUp": "500.00"}
CUST = {"customerId": "42", "groupIds": ["3"], "loggedIn": True}


def wallet_cases():
    c = []
    W, S = "wallet:1:42:EUR", "shop:1:sales:EUR"
    av = lambda name, w, total="80.00", s=WS, cust=CUST, top=False: c.append((name, req("wallet.availability", dict({"settings": s, "customer": cust, "cart": {"currency": EUR, "total": total, "containsTopUp": top}}, **({"wallet": w} if w else {})), now=None)))
    av("balance covers the whole cart", wallet("100.00"))
    av("balance covers part: partial available, full not", wallet("30.00"))
    av("wallet_empty", wallet("0.00"))
    av("no_wallet", None)
    av("method_disabled", wallet(), s=dict(WS, enabled=False))
    av("customer_not_logged_in", wallet(), cust={"groupIds": [], "loggedIn": False})
    av("customer_group_not_allowed", wallet(), s=dict(WS, allowedGroups=["9"]))
    av("cart_contains_top_up", wallet(), top=True)
    av("partial_payment_not_allowed", wallet("30.00"), s=dict(WS, allowPartial=False))
    av("reservations reduce the balance", wallet("100.00", dp="90.00"))
    c.append(("wallet availability with mismatched currencies is an error", req("wallet.availability", {"wallet": wallet(), "settings": WS, "customer": CUST, "cart": {"currency": "GBP", "total": "1.00"}}, now=None)))
    c.append(("wallet settings: bad VAT mode", req("wallet.availability", {"wallet": wallet(), "settings": dict(WS, topUpVat={"mode": "excluded"}), "customer": CUST, "cart": {"currency": EUR, "total": "1.00"}}, now=None)))
    base = {"key": "co-7", "orderRef": "o-7", "wallet": wallet("50.00"), "salesAccount": SALES, "settings": WS, "customer": CUST}
    pay = lambda name, **kw: c.append((name, req("wallet.pay", dict(base, **kw))))
    pay("pay in full, posted", mode="full", amount="45.00", cart={"currency": EUR, "total": "45.00"})
    pay("pay in full, reserved with a timeout", mode="full", amount="45.00", cart={"currency": EUR, "total": "45.00"}, reserve=True, timeoutS=1800)
    pay("pay part with the balance", mode="partial", amount="50.00", cart={"currency": EUR, "total": "80.00"}, reserve=True)
    pay("full payment refused when the balance is short", mode="full", amount="80.00", cart={"currency": EUR, "total": "80.00"})
    pay("partial above the balance refused", mode="partial", amount="60.00", cart={"currency": EUR, "total": "80.00"})
    pay("full must equal the cart total", mode="full", amount="40.00", cart={"currency": EUR, "total": "45.00"})
    pay("partial must be below the total", mode="partial", amount="45.00", cart={"currency": EUR, "total": "45.00"})
    pay("pay replay answers exists", mode="full", amount="45.00", cart={"currency": EUR, "total": "45.00"}, wallet=wallet("50.00", dpo="45.00"),
        transfers=[transfer("co-7:wallet", W, S, "45.00", order="o-7")])
    pay("pay refused for a guest", mode="full", amount="45.00", cart={"currency": EUR, "total": "45.00"}, customer={"groupIds": [], "loggedIn": False})
    pay("pay with a key too long for its suffix", mode="full", amount="45.00", cart={"currency": EUR, "total": "45.00"}, key="k" * 125)
    tb = {"key": "top-9", "orderRef": "o-9", "settings": WS, "wallet": wallet("0.00"), "topUpsAccount": TOPUPS}
    tu = lambda name, **kw: c.append((name, req("wallet.topUp", dict(tb, **kw))))
    tu("top-up credits what was collected", paid="100.00")
    tu("top-up net of VAT included in the price", paid="120.00", settings=dict(WS, topUpVat={"mode": "included", "rate": "20"}))
    tu("top-up VAT 5.5 percent rounds half even", paid="10.00", settings=dict(WS, topUpVat={"mode": "included", "rate": "5.5"}))
    tu("top_up_not_allowed", paid="100.00", settings=dict(WS, allowTopUp=False))
    tu("top-up below the minimum", paid="4.99")
    tu("top-up above the maximum", paid="500.01")
    tu("top-up replay answers exists", paid="100.00", wallet=wallet("100.00"), transfers=[transfer("top-9:topup", "shop:1:topups:EUR", W, "100.00", code="top_up", order="o-9")])
    rb = {"key": "rf-7", "orderRef": "o-7", "currency": EUR, "salesAccount": acct(S, "shop", cpo="100.00"), "wallet": wallet("0.00", dpo="30.00"), "creditLine": credit("1000.00", "50.00")}
    rf = lambda name, **kw: c.append((name, req("wallet.refund", dict(rb, **kw))))
    three = [{"source": "wallet", "paid": "30.00"}, {"source": "credit_line", "paid": "50.00"}, {"source": "external", "paid": "20.00"}]
    rf("partial refund split in proportion to each source", refundAmount="10.00", sources=three)
    rf("full refund returns each source what it paid", refundAmount="100.00", sources=three)
    rf("refund capped per source moves the rest to others", refundAmount="40.00", sources=[{"source": "wallet", "paid": "30.00", "refunded": "29.00"}, {"source": "external", "paid": "70.00"}])
    rf("refund_exceeds_paid", refundAmount="100.01", sources=three)
    rf("refund all to the balance (admin's choice)", refundAmount="60.00", mode="to_balance", sources=three)
    rf("odd cent goes to the largest remainder", refundAmount="0.01", sources=[{"source": "wallet", "paid": "30.00"}, {"source": "external", "paid": "30.00"}])
    rf("refund to the wallet needs the wallet account", refundAmount="10.00", sources=three, wallet=None)
    rf("a source listed twice is an error", refundAmount="1.00", sources=[{"source": "wallet", "paid": "1.00"}, {"source": "wallet", "paid": "1.00"}])
    rf("refund replay answers exists", refundAmount="10.00", sources=[{"source": "wallet", "paid": "30.00"}], wallet=wallet("10.00", dpo="30.00"),
       transfers=[transfer("rf-7:wallet", S, W, "10.00", code="refund", order="o-7")])
    cb = {"key": "cx-7", "wallet": wallet("50.00", dp="20.00"), "salesAccount": acct(S, "shop", cp="20.00")}
    cx = lambda name, **kw: c.append((name, req("wallet.cancel", dict(cb, **kw))))
    cx("cancel voids the reservation", payment=transfer("co-7:wallet", W, S, "20.00", ["pending"], status="pending", order="o-7"))
    cx("cancel restores a posted payment", payment=transfer("co-7:wallet", W, S, "20.00", order="o-7"), wallet=wallet("50.00", dpo="20.00"), salesAccount=acct(S, "shop", cpo="20.00"))
    cx("cancel of an expired reservation gives nothing back", wallet=wallet("50.00"), salesAccount=SALES, payment=transfer("co-7:wallet", W, S, "20.00", ["pending"], status="expired", order="o-7"))
    cx("cancel replay answers exists", payment=transfer("co-7:wallet", W, S, "20.00", order="o-7"), wallet=wallet("70.00", dpo="20.00"), salesAccount=acct(S, "shop", dpo="20.00", cpo="20.00"),
       transfers=[transfer("cx-7:restore", S, W, "20.00", code="cancellation_restore", order="o-7")])
    cx("cancel of another wallet's payment is an error", payment=transfer("co-7:wallet", "wallet:other", S, "20.00", order="o-7"))
    wb = {"key": "wd-1", "settings": WS, "wallet": wallet("50.00"), "withdrawalsAccount": WITHDRAWALS}
    wd = lambda name, **kw: c.append((name, req("wallet.withdrawalRequest", dict(wb, **kw))))
    wd("withdrawal request reserves the amount", amount="20.00")
    wd("withdrawal below the minimum", amount="9.99")
    wd("withdrawal_not_allowed", amount="20.00", settings=dict(WS, allowWithdrawal=False))
    wd("withdrawal above the balance", amount="50.01")
    req_t = transfer("wd-1:withdrawal", W, "shop:1:withdrawals:EUR", "20.00", ["pending"], code="withdrawal", status="pending", order="wd-1")
    db = {"key": "wd-1", "request": req_t, "wallet": wallet("50.00", dp="20.00"), "withdrawalsAccount": acct("shop:1:withdrawals:EUR", "shop", cp="20.00"), "decidedBy": "admin-1"}
    dd = lambda name, **kw: c.append((name, req("wallet.withdrawalDecision", dict(db, **kw))))
    dd("withdrawal approved posts the reservation", decision="approve")
    dd("withdrawal rejected voids it", decision="reject", reason="IBAN missing")
    dd("withdrawal decided twice", decision="reject", request=dict(req_t, pendingStatus="posted"))
    bb = {"key": "b-1", "wallet": wallet("10.00"), "bonusAccount": BONUS}
    bo = lambda name, **kw: c.append((name, req("wallet.bonus", dict(bb, **kw))))
    bo("bonus credited", kind="bonus", amount="5.00")
    bo("cashback credited for an order", kind="cashback", amount="1.50", orderRef="o-7")
    bo("adjustment debit never below zero", kind="adjustment_debit", amount="10.01")
    bo("unknown bonus kind", kind="gift", amount="1.00")
    items = [{"customerId": "41", "wallet": acct("wallet:1:41:EUR", "wallet", cpo="3.00")}, {"customerId": "42", "wallet": wallet("10.00")}]
    ma = lambda name, **kw: c.append((name, req("wallet.massAdjust", dict({"batchKey": "mass-2026-11", "currency": EUR, "amount": "5.00", "items": items, "shopAccount": BONUS}, **kw))))
    ma("mass credit for a customer group", direction="credit")
    ma("mass debit skips wallets that would go below zero", direction="debit")
    ma("mass credit resumed after an interruption", direction="credit", transfers=[transfer("mass-2026-11:41", "shop:1:bonus:EUR", "wallet:1:41:EUR", "5.00", code="adjustment_credit", order=None)],
       items=[{"customerId": "41", "wallet": acct("wallet:1:41:EUR", "wallet", cpo="8.00")}, {"customerId": "42", "wallet": wallet("10.00")}])
    txs = [transfer("t1", "shop:1:topups:EUR", W, "100.00", code="top_up", ts=NOW - 40 * 86400), transfer("t2", W, S, "30.00", ts=NOW - 86400),
           transfer("t3", S, W, "10.00", code="refund", ts=NOW - 3600), transfer("t4", W, S, "5.00", ["pending"], status="pending", ts=NOW), transfer("t5", "shop:1:bonus:EUR", W, "2.00", code="bonus", ts=NOW)]
    c.append(("statistics by month and movement type", req("wallet.stats", {"currency": EUR, "period": "month", "walletIds": [W], "transfers": txs}, now=None)))
    c.append(("statistics by day in the shop's time zone", req("wallet.stats", {"currency": EUR, "period": "day", "utcOffsetS": 3600, "walletIds": [W], "transfers": txs}, now=None)))
    c.append(("statistics reject another currency", req("wallet.stats", {"currency": "USD", "period": "day", "walletIds": [W], "transfers": txs}, now=None)))
    return c


MAPPING = {"INITIALIZED": {"orderStatus": "awaiting_financing", "isPaid": False}, "REQUESTED": {"orderStatus": "awaiting_financing", "isPaid": False},
           "PRE_ACCEPTED": {"orderStatus": "awaiting_financing", "isPaid": False}, "ACCEPTED": {"orderStatus": "paid", "isPaid": True},
           "REJECTED": {"orderStatus": "payment_error", "isPaid": False}, "ABORTED": {"orderStatus": "cancelled", "isPaid": False}, "CANCELLED": {"orderStatus": "cancelled", "isPaid": False}}


def financing_cases():
    c = []
    sub = {"subscriptionId": "sub-1", "orderRef": "o-50", "solutionCode": "SCFRSP-4XPS"}
    def ap(name, s, ev, mapping=MAPPING):
        c.append((name, req("financing.apply", {"subscription": s, "event": ev, "mapping": mapping}, now=None)))
    ev = lambda status, ts, src="webhook", eid=None, **kw: dict({"source": src, "status": status, "lastUpdateTimestamp": ts, **({"eventId": eid} if eid else {})}, **kw)
    init = dict(sub, status="INITIALIZED", subStatus="SUBSCRIPTION IN PROGRESS", lastUpdateMs=1795390000000, lastEventIds=["ev-1"])
    acc = dict(sub, status="ACCEPTED", subStatus="SUBSCRIPTION APPROVED BY PRODUCER", lastUpdateMs=1795390500000, lastEventIds=["ev-1", "ev-2"])
    ap("first status INITIALIZED from the customer's return", sub, ev("INITIALIZED", "2026-11-22T23:26:40.000Z", "return", subStatus="SUBSCRIPTION IN PROGRESS"))
    ap("INITIALIZED to ACCEPTED by webhook: paid", init, ev("ACCEPTED", "2026-11-22T23:35:00.000Z", eid="ev-2", subStatus="SUBSCRIPTION APPROVED BY PRODUCER"))
    ap("duplicate webhook (same event id) is ignored", acc, ev("ACCEPTED", "2026-11-22T23:35:00.000Z", eid="ev-2"))
    ap("INITIALIZED to PRE_ACCEPTED by polling (derived event id)", init, ev("PRE_ACCEPTED", "2026-11-22T23:30:00.000Z", "poll", subStatus="CONTRACT SIGNED BY CUSTOMER"))
    ap("the same poll result twice is a duplicate", dict(init, status="PRE_ACCEPTED", subStatus="CONTRACT SIGNED BY CUSTOMER", lastUpdateMs=1795390200000,
        lastEventIds=["ev-1", "poll:sub-1:PRE_ACCEPTED:2026-11-22T23:30:00.000Z:CONTRACTSIGNEDBYCUSTOMER"]), ev("PRE_ACCEPTED", "2026-11-22T23:30:00.000Z", "poll", subStatus="CONTRACT SIGNED BY CUSTOMER"))
    ap("stale update (older timestamp) is ignored", acc, ev("PRE_ACCEPTED", "2026-11-22T23:28:00.000Z", eid="ev-0"))
    ap("backward transition ACCEPTED to PRE_ACCEPTED is ignored", acc, ev("PRE_ACCEPTED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("transition_not_allowed ACCEPTED to REJECTED", acc, ev("REJECTED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("ACCEPTED to CANCELLED: full cancellation", acc, ev("CANCELLED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("partial cancellation ACCEPTED to ACCEPTED, once", acc, ev("ACCEPTED", "2026-11-22T23:40:00.000Z", eid="ev-3", partialCancellation=True))
    ap("a second partial cancellation is refused", dict(acc, partialCancellationApplied=True), ev("ACCEPTED", "2026-11-22T23:45:00.000Z", eid="ev-4", partialCancellation=True))
    ap("sub-status progress within ACCEPTED is applied", dict(acc, subStatus="WAITING FOR THE DELIVERY CONFIRMATION"), ev("ACCEPTED", "2026-11-22T23:40:00.000Z", eid="ev-3", subStatus="AWAITING PAYMENT TO MERCHANT"))
    ap("final status: nothing moves a REJECTED subscription", dict(sub, status="REJECTED", lastUpdateMs=1795390500000), ev("ACCEPTED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("final status replayed is a duplicate", dict(sub, status="ABORTED", lastUpdateMs=1795390500000), ev("ABORTED", "2026-11-22T23:40:00.000Z", eid="ev-9"))
    ap("unknown status: ignored with an alert", init, ev("ON_HOLD_BY_BANK", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("INITIALIZED to REJECTED: payment error", init, ev("REJECTED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("INITIALIZED to ABORTED: cancelled", init, ev("ABORTED", "2026-11-22T23:40:00.000Z", eid="ev-3", subStatus="ABORTED BY CUSTOMER"))
    ap("PRE-ACCEPTED spelling with a dash is understood", init, ev("PRE-ACCEPTED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("PRE_ACCEPTED to CANCELLED by the buyer", dict(init, status="PRE_ACCEPTED"), ev("CANCELLED", "2026-11-22T23:40:00.000Z", eid="ev-3"))
    ap("offset timestamps are compared in UTC", init, ev("ACCEPTED", "2026-11-23T00:35:00.000+01:00", eid="ev-2"))
    ap("bad timestamp is an error", init, ev("ACCEPTED", "22/11/2026 23:35", eid="ev-2"))
    ap("an invalid mapping is refused before anything", init, ev("ACCEPTED", "2026-11-22T23:35:00.000Z", eid="ev-2"), mapping=dict(MAPPING, INITIALIZED={"orderStatus": "paid", "isPaid": True}))
    ap("missing status in the event", init, {"source": "webhook", "lastUpdateTimestamp": "2026-11-22T23:35:00.000Z"})
    ap("unknown event source", init, ev("ACCEPTED", "2026-11-22T23:35:00.000Z", "fax", eid="ev-2"))
    vm = lambda name, m: c.append((name, req("financing.validateMapping", {"mapping": m}, now=None)))
    vm("default-like mapping is valid", MAPPING)
    vm("non-final status mapped to paid is refused", dict(MAPPING, PRE_ACCEPTED={"orderStatus": "paid", "isPaid": True}))
    vm("every status must be mapped", {k: v for k, v in MAPPING.items() if k != "ABORTED"})
    vm("unknown status in a mapping is an error", dict(MAPPING, ON_HOLD={"orderStatus": "x", "isPaid": False}))
    c.append(("default mapping", req("financing.defaultMapping", {}, now=None)))
    wh = lambda name, p: c.append((name, req("financing.webhook", p, now=None)))
    data = lambda code, status=None, **kw: dict({"eventTypeCode": code.rsplit("_", 1)[0] if code.startswith("SC_SUBSCRIPTION") else "SC_CANCEL_REQUEST", "eventCode": code, "merchantGlobalOrderId": "o-50", "financedAmount": 500.0}, **({"consolidatedStatus": status} if status else {}), **kw)
    wh("webhook SC_SUBSCRIPTION_PRE_ACCEPTED", {"timestamp": "2023-06-27T13:20:30.456Z", "id": "44f5060e-a89c-11ed-afa1-0242ac120002", "eventTypeCode": "SC_SUBSCRIPTION", "eventCode": "SC_SUBSCRIPTION_PRE_ACCEPTED", "data": data("SC_SUBSCRIPTION_PRE_ACCEPTED", "PRE_ACCEPTED")})
    wh("webhook SC_SUBSCRIPTION_ACCEPTED", {"timestamp": "2023-11-02T01:30:00.00Z", "id": "bf6f6023-93a2-4266-9a2c-3579d803c09c", "eventTypeCode": "SC_SUBSCRIPTION", "eventCode": "SC_SUBSCRIPTION_ACCEPTED", "data": data("SC_SUBSCRIPTION_ACCEPTED", "ACCEPTED")})
    wh("webhook partial cancellation accepted", {"timestamp": "2023-11-02T01:30:00.00Z", "id": "ev-pc", "eventTypeCode": "SC_CANCEL_REQUEST", "eventCode": "SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED", "data": data("SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED")})
    wh("webhook full cancellation accepted", {"timestamp": "2023-11-02T01:30:00.00Z", "id": "ev-fc", "eventTypeCode": "SC_CANCEL_REQUEST", "eventCode": "SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED", "data": data("SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED")})
    wh("webhook cancellation rejected is not tracked", {"timestamp": "2023-11-02T01:30:00.00Z", "id": "ev-cr", "eventTypeCode": "SC_CANCEL_REQUEST", "eventCode": "SC_CANCEL_REQUEST_CANCELLATION_REJECTED", "data": data("SC_CANCEL_REQUEST_CANCELLATION_REJECTED")})
    wh("HELLO_WORLD test event is ignored", {"timestamp": "2024-12-13T15:20:26.391Z", "id": "03e14f55-845c-470e-bfec-eef18c76b111", "eventTypeCode": "HELLO_WORLD", "data": {"eventTypeCode": "HELLO_WORLD", "helloWorldMessage": "Hello World !"}})
    wh("webhook without an id is an error", {"timestamp": "2023-11-02T01:30:00.00Z", "eventCode": "SC_SUBSCRIPTION_ACCEPTED", "data": data("SC_SUBSCRIPTION_ACCEPTED")})
    wh("webhook without the order reference is an error", {"timestamp": "2023-11-02T01:30:00.00Z", "id": "e1", "eventCode": "SC_SUBSCRIPTION_ACCEPTED", "data": {"consolidatedStatus": "ACCEPTED"}})
    wh("webhook with an SQL-looking order reference is refused", {"timestamp": "2023-11-02T01:30:00.00Z", "id": "e1", "eventCode": "SC_SUBSCRIPTION_ACCEPTED", "data": {"merchantGlobalOrderId": "1'; DROP TABLE orders;--"}})
    wh("webhook with a bad timestamp is an error", {"timestamp": "yesterday", "id": "e1", "eventCode": "SC_SUBSCRIPTION_ACCEPTED", "data": data("SC_SUBSCRIPTION_ACCEPTED")})
    wh("webhook payload must be an object", ["not", "an", "object"])
    sol = [{"solutionCode": "SCFRSP-3XTS", "label": "3x sans frais", "kind": "split", "instalments": 3, "minAmount": "50.00", "maxAmount": "3000.00", "countries": ["FR", "BE"], "currency": EUR},
           {"solutionCode": "SCFRSP-4XTS", "label": "4x", "kind": "split", "instalments": 4, "minAmount": "100.00", "maxAmount": "3000.00", "countries": ["FR"], "currency": EUR},
           {"solutionCode": "SCFRLT-TXPS", "label": "Crédit long", "kind": "credit", "minAmount": "1000.00", "maxAmount": "10000.00", "countries": ["FR"], "currency": EUR}]
    so = lambda name, total, country="FR", cur=EUR, s=sol: c.append((name, req("financing.solutions", {"solutions": s, "cart": {"currency": cur, "total": total, "billingCountry": country}}, now=None)))
    so("solutions for 100.00 EUR in France, 3x schedule takes the odd cent first", "100.00")
    so("solutions for 1500.00 EUR: all three", "1500.00")
    so("amount_below_minimum and amount_above_maximum", "20000.00")
    so("country_not_supported in Germany", "500.00", "DE")
    so("currency_not_supported: the provider finances EUR only", "500.00", "FR", "USD")
    so("disabled solution", "500.00", s=[dict(sol[0], enabled=False)])
    so("billing country must be ISO alpha-2", "500.00", "France")
    so("split solution needs instalments", "500.00", s=[dict(sol[0], instalments=1)])
    return c


def eligibility_cases():
    c = []
    sol = [{"solutionCode": "SCFRSP-3XTS", "label": "3x", "kind": "split", "instalments": 3, "minAmount": "50.00", "maxAmount": "3000.00", "countries": ["FR"], "currency": EUR}]
    base = {"customer": CUST, "cart": {"currency": EUR, "total": "120.00", "billingCountry": "FR"}, "display": "show_disabled",
            "creditLine": {"enabled": True, "credit": credit_ctx()}, "wallet": {"account": wallet("50.00"), "settings": WS},
            "financing": {"enabled": True, "solutions": sol}}
    el = lambda name, **kw: c.append((name, req("eligibility.evaluate", dict(copy.deepcopy(base), **kw))))
    el("every method for a B2B customer with some balance")
    el("hide unavailable methods", display="hide")
    el("guest: nothing but financing", customer={"groupIds": [], "loggedIn": False}, creditLine={"enabled": True, "credit": credit_ctx(account=False)}, wallet={"settings": WS})
    el("top-up cart: only other payment methods", cart={"currency": EUR, "total": "120.00", "billingCountry": "FR", "containsTopUp": True})
    el("balance covers the cart: full, not partial", wallet={"account": wallet("500.00"), "settings": WS})
    el("credit line disabled by the shop", creditLine={"enabled": False, "credit": credit_ctx()})
    el("overdue customer blocked from paying on account", creditLine={"enabled": True, "credit": credit_ctx(receivables=[recv(due="2026-10-01")])})
    el("financing disabled", financing={"enabled": False, "solutions": sol})
    el("only a wallet configured", creditLine=None, financing=None)
    el("bad billing country", cart={"currency": EUR, "total": "120.00", "billingCountry": "fr"})
    el("display must be hide or show_disabled", display="grey")
    el("mixed currencies between cart and wallet", wallet={"account": acct("wallet:1:42:USD", "wallet", cur="USD", cpo="5.00"), "settings": WS})
    return [(n, {k: v for k, v in r.items()} if True else r) for n, r in [(n, strip_none(r)) for n, r in c]]


def strip_none(r):
    r = copy.deepcopy(r)
    for k in ("creditLine", "financing"):
        if r["input"].get(k, 1) is None:
            del r["input"][k]
    return r


def checkout_cases():
    c = []
    W, C, S = "wallet:1:42:EUR", "credit:1:42:EUR", "shop:1:sales:EUR"
    base = {"key": "co-200", "orderRef": "o-200", "cart": {"currency": EUR, "total": "300.00"}, "customer": CUST, "timeoutS": 3600,
            "wallet": {"account": wallet("50.00"), "settings": WS}, "creditLine": {"enabled": True, "credit": credit_ctx()}, "salesAccount": SALES}
    rs = lambda name, **kw: c.append((name, req("checkout.reserve", dict(copy.deepcopy(base), **kw))))
    rs("balance plus credit line reserved together", legs={"wallet": "50.00", "creditLine": "250.00"})
    rs("balance plus another method: the rest is left to pay", legs={"wallet": "50.00"})
    rs("credit line only", legs={"creditLine": "300.00"})
    rs("linked legs fail together on the credit limit", legs={"wallet": "50.00", "creditLine": "250.00"}, creditLine={"enabled": True, "credit": credit_ctx(exposure="800.00")})
    rs("wallet leg above the balance refused", legs={"wallet": "60.00", "creditLine": "240.00"})
    rs("legs above the total are an error", legs={"wallet": "50.00", "creditLine": "251.00"})
    rs("no leg is an error", legs={})
    rs("reserve replay answers exists", legs={"wallet": "50.00", "creditLine": "250.00"},
       wallet={"account": wallet("50.00", dp="50.00"), "settings": WS}, creditLine={"enabled": True, "credit": credit_ctx(pending="250.00")}, salesAccount=acct(S, "shop", cp="300.00"),
       transfers=[transfer("co-200:wallet", W, S, "50.00", ["pending", "linked"], status="pending", timeout=3600, ts=NOW - 60, order="o-200"),
                  transfer("co-200:credit", C, S, "250.00", ["pending"], code="order_on_account", status="pending", timeout=3600, ts=NOW - 60, order="o-200")])
    res = [transfer("co-200:wallet", W, S, "50.00", ["pending", "linked"], status="pending", timeout=3600, ts=NOW - 60, order="o-200"),
           transfer("co-200:credit", C, S, "250.00", ["pending"], code="order_on_account", status="pending", timeout=3600, ts=NOW - 60, order="o-200")]
    accs = [wallet("50.00", dp="50.00"), credit(pending="250.00"), acct(S, "shop", cp="300.00")]
    se = lambda name, now=NOW, **kw: c.append((name, req("checkout.settle", dict({"reservations": res, "accounts": accs}, **kw), now=now)))
    se("order paid: both reservations posted", outcome="paid")
    se("order cancelled: both reservations voided", outcome="cancelled")
    se("settle replay answers exists", outcome="paid", accounts=[wallet("50.00", dpo="50.00"), credit(exposure="250.00"), acct(S, "shop", cpo="300.00")],
       reservations=[dict(r, pendingStatus="posted") for r in res],
       transfers=[transfer("co-200:wallet:post", W, S, "50.00", ["post_pending", "linked"], pending_id="co-200:wallet", order="o-200"),
                  transfer("co-200:credit:post", C, S, "250.00", ["post_pending"], code="order_on_account", pending_id="co-200:credit", order="o-200")])
    se("cancel after paid: reservations already posted", outcome="cancelled", reservations=[dict(r, pendingStatus="posted") for r in res])
    se("settle after expiry: reservations expired", outcome="paid", now=NOW + 7200)
    se("settling a posted transfer is an error", outcome="paid", reservations=[transfer("p1", W, S, "5.00")])
    return c


def envelope_cases():
    c = []
    c.append(("request must be an object", req("money.allocate", {})))
    c[-1] = ("request must be an object", ["v", 1])
    c.append(("version 2 is not supported", {"v": 2, "op": "money.allocate", "input": {}}))
    c.append(("op must be a string", {"v": 1, "op": 7, "input": {}}))
    c.append(("unknown top-level field", {"v": 1, "op": "money.allocate", "input": {}, "debug": True}))
    c.append(("now must be an integer", {"v": 1, "op": "wallet.pay", "now": 1.5, "input": {}}))
    c.append(("now out of range", {"v": 1, "op": "wallet.pay", "now": 253402300800, "input": {}}))
    c.append(("input must be an object", {"v": 1, "op": "money.allocate", "input": "x"}))
    return c


def write(area, cases):
    path = os.path.join(HERE, f"{area}.json")
    old = {}
    if os.path.exists(path):
        for case in json.load(open(path)):
            old[case["name"]] = case
    out = []
    names = set()
    for name, request in cases:
        assert name not in names, name
        names.add(name)
        prev = old.get(name)
        keep = prev is not None and prev.get("request") == request
        out.append({"name": name, "request": request, "response": prev["response"] if keep else None})
    # Cases added by hand (or by another script) are kept after the generated ones.
    out.extend(case for name, case in old.items() if name not in names)
    with open(path, "w") as f:
        f.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"{area}: {len(out)} cases")


if __name__ == "__main__":
    write("ledger", ledger_cases())
    # credit.json and wallet.json are maintained by their areas' engineers (richer cases); the
    # builders above are the first drafts they grew from.
    write("financing", financing_cases())
    write("eligibility", eligibility_cases())
    write("checkout", checkout_cases())
    write("envelope", envelope_cases())
