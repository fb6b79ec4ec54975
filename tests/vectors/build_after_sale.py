#!/usr/bin/env python3
"""Request side of tests/vectors/after_sale.json: `financing.afterSale` (the provider's rules for
delivery confirmation and cancellation) and `credit.statement` (statement of account).
Same contract as build_requests.py: existing expectations are kept, new cases get a null
response that `UPDATE_VECTORS=missing cargo test --test vectors` fills in for a human to read."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_requests import NOW, acct, req, write  # noqa: E402

DAY_MS = 86_400_000
ACCEPTED_MS = NOW * 1000 - 10 * DAY_MS


def sub(kind="split", status="ACCEPTED", financed="300.00", **kw):
    s = {"kind": kind, "status": status, "acceptedAtMs": ACCEPTED_MS, "financedAmount": financed, "currency": "EUR"}
    s.update(kw)
    return s


def after_sale_cases():
    c = []
    a = lambda name, request, subscription: c.append((name, req("financing.afterSale", {"request": request, "subscription": subscription})))
    cancel = lambda amount=None: {"type": "cancel", **({"amount": amount} if amount is not None else {})}
    deliver = {"type": "confirm_delivery"}
    a("full cancellation of an accepted split payment", cancel(), sub())
    a("partial cancellation lowers the financed amount", cancel("100.10"), sub())
    a("cancelling all that is left after a partial one is a full cancellation", cancel("199.90"), sub(financed="199.90", partialCancellationMade=True))
    a("a second partial cancellation is refused", cancel("50.00"), sub(financed="199.90", partialCancellationMade=True))
    a("more than financed is refused", cancel("300.01"), sub())
    a("after 90 days a split payment is not cancellable", cancel(), sub(acceptedAtMs=NOW * 1000 - 90 * DAY_MS - 1))
    a("on the 90th day it still is", cancel("10.00"), sub(acceptedAtMs=NOW * 1000 - 90 * DAY_MS))
    a("long credit is cancelled by the lender only", cancel(), sub(kind="credit", financed="1500.00"))
    a("a financing not accepted yet is not cancelled", cancel(), sub(status="PRE_ACCEPTED"))
    a("a cancelled financing is not cancelled again", cancel(), sub(status="CANCELLED", financed="0.00"))
    a("delivery of an accepted long credit is confirmed", deliver, sub(kind="credit", financed="1500.00"))
    a("a confirmed delivery is not sent again", deliver, sub(kind="credit", financed="1500.00", delivered=True))
    a("split payments need no delivery confirmation", deliver, sub())
    a("a long credit not accepted yet cannot be confirmed delivered", deliver, sub(kind="credit", status="PRE_ACCEPTED", financed="1500.00"))
    a("a delivery confirmation has no amount", {"type": "confirm_delivery", "amount": "1.00"}, sub(kind="credit"))
    a("unknown request type", {"type": "refund"}, sub())
    a("unknown status", cancel(), sub(status="DONE"))
    a("amount with too many decimals", cancel("1.001"), sub())
    c.append(("afterSale needs now", req("financing.afterSale", {"request": cancel(), "subscription": sub()}, now=None)))
    return c


CREDIT = "credit:1:42:EUR"


def tr(id, debit, amount, ts, code, flags=(), order="o-1", pending_id=None):
    d, cr = (CREDIT, "shop:1:sales:EUR") if debit else ("shop:1:cash:EUR", CREDIT)
    if code == "refund" or code == "cancellation_restore":
        d = "shop:1:sales:EUR"
    return {"id": id, "debitAccountId": d, "creditAccountId": cr, "amount": amount, "currency": "EUR",
            "pendingId": pending_id, "timeoutS": 0, "flags": list(flags), "code": code, "orderRef": order,
            "timestampS": ts, "pendingStatus": "pending" if "pending" in flags else "none"}


def rcv(order, amount, paid, due, state="open"):
    return {"orderRef": order, "currency": "EUR", "amount": amount, "paid": paid, "dueDate": due, "state": state}


def statement_cases():
    c = []
    day = 86400
    start = NOW - 40 * day
    account = acct(CREDIT, "credit_line", dp="50.00", dpo="420.00", cpo="150.00", limit="1000.00")
    transfers = [
        tr("k1:credit", True, "120.00", start + 1 * day, "order_on_account", order="o-1"),
        tr("k2:credit", True, "300.00", start + 5 * day, "order_on_account", order="o-2"),
        tr("k3:payment", False, "100.00", start + 20 * day, "payment_received", order="o-1"),
        tr("k4:wallet", True, "50.00", start + 21 * day, "order_on_account", flags=("pending",), order="o-4"),
        tr("k2:refund", False, "30.00", start + 25 * day, "refund", order="o-2"),
        tr("k5:payment", False, "20.00", NOW - 3600, "payment_received", order="o-1"),
    ]
    receivables = [rcv("o-1", "120.00", "120.00", "2026-11-01", "paid"), rcv("o-2", "270.00", "0.00", "2026-11-10"), rcv("o-3", "0.01", "0.00", None)]
    s = lambda name, inp, now=NOW: c.append((name, req("credit.statement", inp, now=now)))
    base = {"account": account, "transfers": transfers, "fromS": start, "toS": NOW + 1, "utcOffsetS": 3600, "receivables": receivables}
    s("statement of the last 40 days with payments, a credit note and an open reservation left out", base)
    s("a period that starts after the first orders works its opening balance back", {**base, "fromS": start + 10 * day, "toS": start + 24 * day})
    s("an empty period keeps the balance", {**base, "transfers": [], "fromS": NOW, "toS": NOW + 1})
    s("a transfer of another account is refused", {**base, "transfers": [{**transfers[0], "debitAccountId": "credit:1:43:EUR"}]})
    s("a period that ends before it starts is refused", {**base, "fromS": NOW, "toS": NOW - 1})
    s("the account must be a credit line", {**base, "account": acct("wallet:1:42:EUR", "wallet")})
    s("a receivable in another currency is refused", {**base, "receivables": [rcv("o-9", "1.00", "0.00", None) | {"currency": "USD"}]})
    s("statement needs now", base, now=None)
    return c


if __name__ == "__main__":
    write("after_sale", after_sale_cases() + statement_cases())
