// Money on the page: amounts arrive as exact decimal strings ("1234.50") and are formatted with
// Intl.NumberFormat without ever becoming a float. The integer part goes through Intl as a
// BigInt (exact, with the locale's grouping, digits and currency placement); the fraction digits
// are appended as given, through the locale's decimal separator and digits. No arithmetic here:
// every figure shown comes from the core.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export interface Decimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

/** Parses a decimal string exactly; null when it is not one ("1e3", "12,5", " 1", numbers...). */
export function parseDecimal(value: unknown): Decimal | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = DECIMAL.exec(value);
  if (!m) return null;
  return { negative: m[1] === '-', integer: m[2].replace(/^0+(?=\d)/, ''), fraction: m[3] ?? '' };
}

interface Formatter {
  integer: Intl.NumberFormat;
  decimalSeparator: string;
  digits: string[];
  minFraction: number;
}

const cache = new Map<string, Formatter>();

function formatter(locale: string, currency: string): Formatter {
  const key = `${locale}|${currency}`;
  let f = cache.get(key);
  if (!f) {
    const base = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const opts = base.resolvedOptions();
    const integer = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    const plain = new Intl.NumberFormat(opts.locale, { numberingSystem: opts.numberingSystem, useGrouping: false, minimumFractionDigits: 1 });
    const decimalSeparator = plain.formatToParts(0n).find((p) => p.type === 'decimal')?.value ?? '.';
    const digits = Array.from({ length: 10 }, (_, d) => plain.formatToParts(BigInt(d)).find((p) => p.type === 'integer')?.value ?? String(d));
    f = { integer, decimalSeparator, digits, minFraction: opts.minimumFractionDigits ?? 2 };
    cache.set(key, f);
  }
  return f;
}

/**
 * "1234.5" EUR fr-FR → "1 234,50 €". The fraction is padded to the currency's digits and never
 * rounded (an amount with more digits keeps them: what the core said is what is shown).
 * Throws a TypeError for anything that is not a decimal string, a RangeError for an unknown
 * currency or locale (Intl's own errors).
 */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  const d = parseDecimal(amount);
  if (!d) throw new TypeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const f = formatter(locale ?? 'en', currency);
  const fraction = d.fraction.padEnd(f.minFraction, '0');
  const isZero = /^0*$/.test(d.integer + fraction);
  const negative = d.negative && !isZero;
  // -0.50: BigInt has no negative zero, so format -1 and put the zero back.
  const zeroInteger = negative && /^0+$/.test(d.integer);
  const parts = f.integer.formatToParts(zeroInteger ? -1n : BigInt((negative ? '-' : '') + d.integer));
  let lastInteger = -1;
  parts.forEach((p, i) => {
    if (p.type === 'integer') lastInteger = i;
  });
  let out = '';
  parts.forEach((p, i) => {
    out += zeroInteger && p.type === 'integer' ? f.digits[0] : p.value;
    if (i === lastInteger && fraction !== '') {
      out += f.decimalSeparator + fraction.replace(/\d/g, (c) => f.digits[Number(c)]);
    }
  });
  return out;
}
