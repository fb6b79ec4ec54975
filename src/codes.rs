//! Every stable code the core answers with, in one place.
//!
//! Two families:
//! - [`ErrorCode`]: the request itself is malformed (bad JSON, wrong type, unknown currency...).
//!   The answer is `{"ok":false,"error":{"code":...}}` and nothing may be written.
//! - [`Code`]: a business answer (a rejection, a ledger result, a financing no-op). These are
//!   values inside a successful response.
//!
//! Codes are phrased as the rule that was violated, snake_case, and are never renamed or removed:
//! PHP constants and TypeScript types are generated from these lists (`make codegen`) and a test
//! fails when the generated files are stale. Within [`Code`], the order of declaration is the
//! documented precedence: when several reasons apply, responses list them in this order, and the
//! first one is "the" reason.

use crate::prelude::*;

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[doc = $doc])* $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
            /// A scan of the table, not a `match` on the texts (that was ~4.7 KB of wasm for
            /// `Code`); codes are parsed only from stored records and provider answers.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|c| c.as_str() == s)
            }
            /// Sorts codes by their order of declaration (`v.sort()`, and `v.dedup()` when
            /// `dedup`) without an instance of the standard sort (lists of reasons are short).
            pub fn sort_list(v: &mut Vec<$name>, dedup: bool) {
                if v.len() < 2 {
                    return;
                }
                let old = core::mem::take(v);
                for c in $name::ALL {
                    let n = old.iter().filter(|x| *x == c).count();
                    v.extend(core::iter::repeat(*c).take(if dedup { n.min(1) } else { n }));
                }
            }
            /// One line of documentation per code, for generated files and the README.
            pub fn doc(self) -> &'static str {
                match self { $($name::$variant => concat!($($doc, " ",)* ""),)* }
            }
        }

        impl crate::api::ser::Write for $name {
            fn write(&self, out: &mut Vec<u8>) {
                crate::api::ser::string(out, self.as_str())
            }
        }

        impl crate::api::de::Read for $name {
            const EXPECTING: &'static str = "a string";
            fn read(r: &mut crate::api::de::Reader<'_>) -> Result<Self, crate::api::de::Error> {
                let s = r.str(Self::EXPECTING)?;
                $name::parse(&s).ok_or_else(|| crate::api::de::Error::new(ErrorCode::InvalidValue, format!("unknown code {}", crate::quoted::Quoted(&s))))
            }
            fn placeholder() -> Self {
                $name::ALL[0]
            }
        }

        #[cfg(feature = "schema")]
        impl crate::api::schema::In for $name {
            fn describe_in(_: &mut crate::api::schema::Schemas) -> crate::api::schema::Ty {
                crate::api::schema::Ty::Str(stringify!($name))
            }
        }

        #[cfg(feature = "schema")]
        impl crate::api::schema::Out for $name {
            fn describe_out(_: &mut crate::api::schema::Schemas) -> crate::api::schema::Ty {
                crate::api::schema::Ty::Str(stringify!($name))
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

code_enum! {
    /// Malformed input. The request changed nothing.
    ErrorCode {
        /// The request is not valid JSON (or nests deeper than 128 levels).
        InvalidJson = "invalid_json",
        /// The request is larger than 1 MiB.
        RequestTooLarge = "request_too_large",
        /// `v` is missing or not a protocol version this core speaks.
        UnsupportedVersion = "unsupported_version",
        /// `op` names no operation.
        UnknownOp = "unknown_op",
        /// A required field is absent.
        MissingField = "missing_field",
        /// A field this operation does not know was sent (typos are caught, not ignored).
        UnknownField = "unknown_field",
        /// A field has the wrong JSON type (amounts must be strings, counts integers...).
        InvalidType = "invalid_type",
        /// A field has the right type but a value outside what it accepts.
        InvalidValue = "invalid_value",
        /// Not an ISO 4217 code this core knows.
        UnknownCurrency = "unknown_currency",
        /// An amount is not a plain decimal string.
        InvalidAmount = "invalid_amount",
        /// An amount has more decimals than its currency allows.
        TooManyDecimals = "too_many_decimals",
        /// An amount that must not be negative is.
        NegativeAmount = "negative_amount",
        /// An amount is larger than 999,999,999,999,999 minor units.
        AmountTooLarge = "amount_too_large",
        /// Amounts of different currencies were mixed in one request.
        CurrencyMismatch = "currency_mismatch",
        /// A date is not `YYYY-MM-DD` between 1970 and 9999, or `now` is out of range.
        InvalidDate = "invalid_date",
        /// An id is empty, longer than 128 bytes, or has characters outside `[A-Za-z0-9:_.@/-]`.
        InvalidId = "invalid_id",
        /// An exchange rate is not a positive decimal string.
        InvalidRate = "invalid_rate",
        /// A list is longer than the operation accepts.
        TooManyItems = "too_many_items",
        /// The same id appears twice where ids must be unique (accounts, transfers in a batch).
        DuplicateId = "duplicate_id",
        /// The core failed in a way input should never cause; report it as a bug.
        InternalError = "internal_error",
    }
}

code_enum! {
    /// Business answers, in precedence order.
    Code {
        // --- general
        /// The operation was applied.
        Ok = "ok",
        /// The host could not run the core; nothing was granted (set by the bridge, never the core).
        RuntimeUnavailable = "runtime_unavailable",
        /// The shop turned this method off.
        MethodDisabled = "method_disabled",
        /// The customer is not logged in (guests have no account).
        CustomerNotLoggedIn = "customer_not_logged_in",
        /// The customer's group may not use this method.
        CustomerGroupNotAllowed = "customer_group_not_allowed",
        /// This method does not accept the cart's currency.
        CurrencyNotSupported = "currency_not_supported",
        /// This method is not offered in the billing country.
        CountryNotSupported = "country_not_supported",
        /// A top-up cannot be paid with the balance or on account.
        CartContainsTopUp = "cart_contains_top_up",
        /// The cart total is zero; nothing to pay.
        NothingToPay = "nothing_to_pay",
        // --- credit line
        /// The customer has no credit line.
        NoCreditLine = "no_credit_line",
        /// The authorized limit is zero.
        NoCreditLimit = "no_credit_limit",
        /// The account is on hold.
        AccountOnHold = "account_on_hold",
        /// The customer's risk level blocks orders on account.
        RiskLevelBlocked = "risk_level_blocked",
        /// At least one order on account is past its due date (blocking rule on).
        OrderOverdue = "order_overdue",
        /// At least one order on account is unpaid (blocking rule on).
        OrderUnpaid = "order_unpaid",
        /// The order would take exposure above the authorized limit.
        ExceedsCreditLimit = "exceeds_credit_limit",
        /// The risk level requires an admin to approve this order by hand.
        ManualApprovalRequired = "manual_approval_required",
        // --- wallet
        /// The customer has no store balance account.
        NoWallet = "no_wallet",
        /// The balance is zero.
        WalletEmpty = "wallet_empty",
        /// The balance does not cover the amount.
        WalletInsufficientFunds = "wallet_insufficient_funds",
        /// The shop does not allow paying part of an order with the balance.
        PartialPaymentNotAllowed = "partial_payment_not_allowed",
        /// The balance covers the whole cart: the full-balance method applies instead of a split.
        WalletCoversFullAmount = "wallet_covers_full_amount",
        /// The shop does not allow withdrawals.
        WithdrawalNotAllowed = "withdrawal_not_allowed",
        /// The shop does not allow top-ups.
        TopUpNotAllowed = "top_up_not_allowed",
        /// A refund would return more than was taken from this funding source.
        RefundExceedsPaid = "refund_exceeds_paid",
        // --- amounts and limits shared by several rules
        /// The amount is below the minimum for this operation.
        AmountBelowMinimum = "amount_below_minimum",
        /// The amount is above the maximum for this operation.
        AmountAboveMaximum = "amount_above_maximum",
        // --- requests (credit increase, withdrawal)
        /// The request was already approved or declined.
        RequestAlreadyDecided = "request_already_decided",
        /// An approval must give a new limit above the current one.
        NewLimitNotHigher = "new_limit_not_higher",
        // --- financing
        /// The financing solution does not cover this cart.
        FinancingNotEligible = "financing_not_eligible",
        /// This provider event was already applied.
        DuplicateEvent = "duplicate_event",
        /// The update is older than the last one applied.
        StaleUpdate = "stale_update",
        /// The update would move the subscription back in its life cycle.
        BackwardTransition = "backward_transition",
        /// The subscription is in a final status; nothing moves it anymore.
        SubscriptionFinal = "subscription_final",
        /// The life cycle has no such transition.
        TransitionNotAllowed = "transition_not_allowed",
        /// A partial cancellation was already applied (allowed once).
        PartialCancellationAlreadyApplied = "partial_cancellation_already_applied",
        /// The provider sent a status we do not know; ignored, admin alerted.
        UnknownStatus = "unknown_status",
        /// A mapping sends a non-final financing status to a paid order status.
        NonFinalStatusMappedToPaid = "non_final_status_mapped_to_paid",
        /// A financing status has no order-status mapping.
        StatusMappingMissing = "status_mapping_missing",
        /// A setting value is out of range or inconsistent with another.
        InvalidSetting = "invalid_setting",
        // --- ledger (TigerBeetle's vocabulary)
        /// A transfer with this id exists with the same fields: the replay is answered, not re-applied.
        Exists = "exists",
        ExistsWithDifferentAmount = "exists_with_different_amount",
        ExistsWithDifferentDebitAccountId = "exists_with_different_debit_account_id",
        ExistsWithDifferentCreditAccountId = "exists_with_different_credit_account_id",
        ExistsWithDifferentFlags = "exists_with_different_flags",
        ExistsWithDifferentPendingId = "exists_with_different_pending_id",
        ExistsWithDifferentTimeout = "exists_with_different_timeout",
        ExistsWithDifferentCode = "exists_with_different_code",
        /// Another transfer of the same linked chain failed; this one was not applied.
        LinkedEventFailed = "linked_event_failed",
        /// The last transfer of a batch has `linked` set: the chain never closes.
        LinkedEventChainOpen = "linked_event_chain_open",
        /// At most one of pending, post_pending and void_pending may be set.
        FlagsAreMutuallyExclusive = "flags_are_mutually_exclusive",
        AccountsMustBeDifferent = "accounts_must_be_different",
        DebitAccountNotFound = "debit_account_not_found",
        CreditAccountNotFound = "credit_account_not_found",
        /// Both accounts and the transfer must share one currency.
        AccountsMustHaveTheSameCurrency = "accounts_must_have_the_same_currency",
        AmountMustNotBeZero = "amount_must_not_be_zero",
        /// `timeout_s` is only for pending transfers.
        TimeoutReservedForPendingTransfer = "timeout_reserved_for_pending_transfer",
        /// `pending_id` is only for post_pending and void_pending.
        PendingIdMustBeAbsent = "pending_id_must_be_absent",
        PendingIdRequired = "pending_id_required",
        PendingTransferNotFound = "pending_transfer_not_found",
        PendingTransferNotPending = "pending_transfer_not_pending",
        PendingTransferAlreadyPosted = "pending_transfer_already_posted",
        PendingTransferAlreadyVoided = "pending_transfer_already_voided",
        PendingTransferExpired = "pending_transfer_expired",
        /// Post and void must name the same accounts as the pending transfer.
        PendingTransferHasDifferentAccounts = "pending_transfer_has_different_accounts",
        ExceedsPendingTransferAmount = "exceeds_pending_transfer_amount",
        /// A void must not name an amount other than the pending one.
        PendingTransferHasDifferentAmount = "pending_transfer_has_different_amount",
        /// The account is closed to new transfers.
        AccountClosed = "account_closed",
        /// A counter would exceed the largest amount the ledger holds.
        OverflowsBalance = "overflows_balance",
        // --- after the sale, at the financing provider (appended: earlier codes keep their numbers)
        /// Split payments need no delivery confirmation; nothing is sent.
        DeliveryConfirmationNotNeeded = "delivery_confirmation_not_needed",
        /// The delivery was already confirmed to the provider; nothing is sent again.
        DeliveryAlreadyConfirmed = "delivery_already_confirmed",
        /// The financing is not accepted (yet, or any more): the provider confirms deliveries and cancels accepted financing only.
        FinancingNotAccepted = "financing_not_accepted",
        /// The financing is already cancelled at the provider; nothing is sent again.
        FinancingAlreadyCancelled = "financing_already_cancelled",
        /// Long credit cannot be cancelled through the provider's API: the merchant asks the lender to cancel it.
        FinancingCancelByLenderOnly = "financing_cancel_by_lender_only",
        /// A split payment can be cancelled at the provider within 90 days of its acceptance only.
        FinancingCancelPeriodOver = "financing_cancel_period_over",
        /// The cancellation is more than the provider still finances.
        FinancingCancelAboveFinanced = "financing_cancel_above_financed",
        /// The provider allows one partial cancellation per financing, and it was already made.
        FinancingPartialCancelUsed = "financing_partial_cancel_used",
        /// The provider refused the request; its own reason is shown with it (set by the bridge).
        ProviderRefused = "provider_refused",
        /// The provider could not be reached; the request is sent again by the jobs (set by the bridge).
        ProviderUnavailable = "provider_unavailable",
        // --- order lifecycle (appended: earlier codes keep their numbers)
        /// The event was already taken into account (the order is already in that state); nothing was done again.
        AlreadyApplied = "already_applied",
        /// The bridge has no record of this order (it was never placed with our methods).
        OrderUnknown = "order_unknown",
        /// The order was already placed and holds money; a new placement is refused.
        OrderAlreadyPlaced = "order_already_placed",
        /// The order cannot take this payment (not on account, not accepted, or not financed).
        OrderNotPayable = "order_not_payable",
        /// The merchant does not allow this payment method for top-ups (methods that settle later are off by default).
        TopUpMethodNotAllowed = "top_up_method_not_allowed",
        /// The same key was used before with another event or input.
        ExistsWithDifferentEvent = "exists_with_different_event",
        /// The exposure has reached the limit exactly: nothing is left to order on account (the limit is not exceeded).
        CreditLimitReached = "credit_limit_reached",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        let mut seen = HashSet::new();
        for c in Code::ALL.iter().map(|c| c.as_str()).chain(ErrorCode::ALL.iter().map(|c| c.as_str())) {
            assert!(c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{c}");
            assert!(seen.insert(c) || c == "currency_mismatch" || c == "amount_too_large", "duplicate {c}");
        }
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(*c));
        }
        assert!(Code::AccountOnHold < Code::ExceedsCreditLimit, "declaration order is precedence");
    }
}
