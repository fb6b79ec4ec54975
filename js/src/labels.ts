// The widget's texts (English defaults; hosts pass their translations as `labels`).
export interface Labels {
  credit: string;
  balance: string;
  badgeAria: string; // {credit} {balance}
  panelTitle: string;
  remainingCredit: string;
  creditLimit: string;
  exposure: string;
  nextDueDate: string;
  availableBalance: string;
  reservedBalance: string;
  incomingBalance: string;
  openOrders: string;
  order: string;
  amount: string;
  paid: string;
  remaining: string;
  dueDate: string;
  overdue: string; // {order} {amount} {days}
  blocked: string;
  previewTitle: string;
  previewCovers: string; // {covers} {remaining}
  previewNote: string;
  previewSchedule: string; // {schedule}
  timelineTitle: string;
  timelineUpcoming: string;
  methods: Record<string, string>;
  statuses: Record<string, string>;
  reasons: Record<string, string>;
  none: string;
}

export const DEFAULT_LABELS: Labels = {
  credit: 'Credit',
  balance: 'Balance',
  badgeAria: 'Remaining credit {credit}, store balance {balance}',
  panelTitle: 'Credit line and store balance',
  remainingCredit: 'Remaining credit',
  creditLimit: 'Credit limit',
  exposure: 'Outstanding',
  nextDueDate: 'Next due date',
  availableBalance: 'Available balance',
  reservedBalance: 'Reserved for orders',
  incomingBalance: 'Incoming',
  openOrders: 'Open orders on account',
  order: 'Order',
  amount: 'Amount',
  paid: 'Paid',
  remaining: 'Left to pay',
  dueDate: 'Due',
  overdue: 'Order {order}: {amount} overdue by {days} days',
  blocked: 'New orders on account are on hold',
  previewTitle: 'What your credit and balance cover',
  previewCovers: 'covers {covers}, left to pay {remaining}',
  previewNote: 'Amounts are confirmed when you place the order.',
  previewSchedule: 'instalments {schedule}',
  timelineTitle: 'Financing',
  timelineUpcoming: 'Decision from the lender',
  methods: {
    credit_line: 'Pay on account',
    wallet_full: 'Store balance',
    wallet_partial: 'Store balance + another method',
    financing: 'Financing',
  },
  statuses: {
    NONE: 'Request created',
    INITIALIZED: 'Application started',
    REQUESTED: 'Application sent',
    PRE_ACCEPTED: 'Pre-approved, awaiting signature',
    ACCEPTED: 'Accepted by the lender',
    REJECTED: 'Declined by the lender',
    ABORTED: 'Abandoned',
    CANCELLED: 'Cancelled',
  },
  reasons: {
    exceeds_credit_limit: 'exceeds your remaining credit',
    order_overdue: 'an order is overdue',
    order_unpaid: 'an order is unpaid',
    account_on_hold: 'account on hold',
    wallet_insufficient_funds: 'balance too low for the whole order',
    wallet_empty: 'no balance',
    wallet_covers_full_amount: 'your balance covers the whole order',
    no_credit_line: 'no credit line',
    no_wallet: 'no store balance',
    financing_not_eligible: 'not available for this cart',
    manual_approval_required: 'needs the merchant\u2019s approval',
  },
  none: '—',
};

export function mergeLabels(custom?: Partial<Labels>): Labels {
  if (!custom) return DEFAULT_LABELS;
  return {
    ...DEFAULT_LABELS,
    ...custom,
    methods: { ...DEFAULT_LABELS.methods, ...(custom.methods ?? {}) },
    statuses: { ...DEFAULT_LABELS.statuses, ...(custom.statuses ?? {}) },
    reasons: { ...DEFAULT_LABELS.reasons, ...(custom.reasons ?? {}) },
  };
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
