//! The decision: one event in one state → book operations, host actions, the new state.
//! Dispatches to one module per kind of event; [`Out`] collects what they ask for.

use crate::prelude::*;

use super::effects::{BookOp, HostAction, NoteCode, TransferLeg};
use super::event::Event;
use super::model::{Mail, OrderState, StatusClass};
use crate::codes::Code;
use crate::sorted::SortedMap;
use crate::wallet::WalletSettings;

/// What a decision may read besides the state and the event.
#[derive(Debug, Clone)]
pub struct Context {
    /// Book-operation keys are `{key_base}:{seq}`.
    pub key_base: String,
    /// The shop's balance settings (top-up rules); required to place a top-up.
    pub wallet: Option<WalletSettings>,
    /// Host payment methods the merchant allows for top-ups.
    pub top_up_methods: Vec<String>,
    /// The host status at which the due date of an order on account starts.
    pub due_date_status: Option<String>,
    /// The host status the merchant chose as "shipped" (confirms a long credit's delivery to the
    /// provider); None: any fulfilled status.
    pub shipped_status: Option<String>,
    /// The customer's spendable balance now (read under the lock); needed to take money back.
    pub wallet_available: Option<i64>,
    /// The checkout reservation is still live (not expired or released by the job).
    pub reservation_live: bool,
}

/// The event makes no sense for this order (a wiring mistake of the caller, not a business answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: &'static str,
    pub message: &'static str,
}

pub fn invalid(path: &'static str, message: &'static str) -> Invalid {
    Invalid { path, message }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// False: refused, nothing to book or perform, the state is unchanged.
    pub accepted: bool,
    /// Something changed (false for an event that was already taken into account).
    pub applied: bool,
    pub reasons: Vec<Code>,
    /// None when the first placement was refused (there is no order).
    pub state: Option<OrderState>,
    pub book: Vec<BookOp>,
    pub actions: Vec<HostAction>,
}

/// The decision being built.
pub struct Out<'a> {
    pub s: OrderState,
    pub ctx: &'a Context,
    pub book: Vec<BookOp>,
    pub actions: Vec<HostAction>,
    pub reasons: Vec<Code>,
    pub applied: bool,
}

impl<'a> Out<'a> {
    pub fn new(s: OrderState, ctx: &'a Context) -> Out<'a> {
        Out { s, ctx, book: Vec::new(), actions: Vec::new(), reasons: Vec::new(), applied: true }
    }
    /// The next book-operation key.
    pub fn key(&mut self) -> String {
        self.s.seq += 1;
        format!("{}:{}", self.ctx.key_base, self.s.seq)
    }
    pub fn book(&mut self, op: BookOp) {
        self.book.push(op);
    }
    pub fn transfer(&mut self, legs: Vec<TransferLeg>) {
        let legs: Vec<TransferLeg> = legs.into_iter().filter(|l| l.amount > 0).collect();
        if !legs.is_empty() {
            let key = self.key();
            self.book(BookOp::Transfer { key, legs });
        }
    }
    pub fn note(&mut self, code: NoteCode, params: &[(&'static str, String)]) {
        debug_assert_eq!(
            params.iter().map(|(k, _)| *k).collect::<crate::sorted::SortedSet<_>>(),
            code.params().iter().copied().collect(),
            "{code:?} must carry exactly the params NoteCode::params() declares"
        );
        self.actions.push(HostAction::Note { code, params: params.iter().cloned().collect::<SortedMap<_, _>>() });
    }
    /// Sets the order's status class unless it already is.
    pub fn status(&mut self, class: StatusClass) {
        if self.s.status != Some(class) {
            self.s.status = Some(class);
            self.actions.push(HostAction::SetStatus { class });
        }
    }
    /// Sends a mail unless this order already got it.
    pub fn mail(&mut self, template: Mail) {
        if self.s.mails.insert(template) {
            self.actions.push(HostAction::Email { template });
        }
    }
    pub fn money(&self, minor: i64) -> String {
        crate::api::wire::amount_string(minor, self.s.currency)
    }
    /// Nothing to do: the event was already taken into account.
    pub fn nothing(&mut self) {
        self.applied = false;
        self.reasons = vec![Code::AlreadyApplied];
    }
}

/// A business refusal: nothing changes.
pub struct Refusal(pub Vec<Code>);

pub fn refuse(code: Code) -> Result<(), Refusal> {
    Err(Refusal(vec![code]))
}

/// Decides one event. `state` is None before the order is placed.
pub fn decide(state: Option<&OrderState>, event: &Event, ctx: &Context) -> Result<Decision, Invalid> {
    let Some(s) = state else {
        return match event {
            Event::Placed(p) => super::place::first(p, ctx),
            _ => Ok(refused(None, vec![Code::OrderUnknown])),
        };
    };
    if s.awaiting.is_some() && !matches!(event, Event::Booked(_)) {
        return Err(invalid("input.order.awaiting", "the order waits for a book operation's outcome (`booked`)"));
    }
    let mut out = Out::new(s.clone(), ctx);
    Ok(match dispatch(&mut out, event)? {
        Ok(()) => finish(out),
        Err(Refusal(reasons)) => refused(state, reasons),
    })
}

fn dispatch(out: &mut Out, event: &Event) -> Result<Result<(), Refusal>, Invalid> {
    Ok(match event {
        Event::Placed(p) => super::place::again(out, p)?,
        Event::Booked(b) => super::booked::handle(out, b)?,
        Event::StatusChanged { class, host_status } => super::status::changed(out, *class, host_status.as_deref())?,
        Event::Refund(r) => super::refund::handle(out, r)?,
        Event::PaymentRecorded(p) => super::receivable::payment(out, p),
        Event::PaymentCaptured { .. } => super::status::captured(out)?,
        Event::Financing(f) => super::financing::update(out, f),
        Event::CreditCheckRun { admin } => super::place::check_again(out, *admin),
        Event::ProviderAnswered(a) => super::after_sale::answered(out, a),
    })
}

pub fn finish(out: Out) -> Decision {
    let mut reasons = out.reasons;
    Code::sort_list(&mut reasons, true);
    Decision { accepted: true, applied: out.applied, reasons, state: Some(out.s), book: out.book, actions: out.actions }
}

pub fn refused(state: Option<&OrderState>, mut reasons: Vec<Code>) -> Decision {
    Code::sort_list(&mut reasons, true);
    Decision { accepted: false, applied: false, reasons, state: state.cloned(), book: vec![], actions: vec![] }
}
