// The widget's money formatting: exact decimal strings through Intl.NumberFormat, never floats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
// The widget's TypeScript sources, bundled in memory by esbuild (the tool js/build.sh uses), so
// these tests run the sources and not whatever js/dist holds.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
async function loadWidget() {
  const out = await build({
    entryPoints: [join(root, 'js/src/index.ts')],
    bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2020', logLevel: 'silent',
  });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}

const w = await loadWidget();
const NNBSP = '\u202f', NBSP = '\u00a0';

test('formats decimal strings for the shop locale and currency', () => {
  const cases = [
    ['1234.5', 'EUR', 'fr-FR', `1${NNBSP}234,50${NBSP}€`],
    ['5000.00', 'EUR', 'fr-FR', `5${NNBSP}000,00${NBSP}€`],
    ['0.00', 'EUR', 'fr-FR', `0,00${NBSP}€`],
    ['-1234.56', 'EUR', 'de-DE', `-1.234,56${NBSP}€`],
    ['1234567.89', 'USD', 'en-US', '$1,234,567.89'],
    ['12345678.00', 'INR', 'en-IN', '₹1,23,45,678.00'],
    ['1500', 'JPY', 'ja-JP', '￥1,500'],
    ['7.250', 'KWD', 'en', `KWD${NBSP}7.250`],
  ];
  for (const [amount, currency, locale, expected] of cases) {
    assert.equal(w.formatMoney(amount, currency, locale), expected, `${amount} ${currency} ${locale}`);
  }
});

test('every digit is kept: amounts beyond 2^53 are exact (a float would round them)', () => {
  assert.equal(w.formatMoney('90071992547409931.23', 'EUR', 'en-GB'), '€90,071,992,547,409,931.23');
  assert.notEqual(String(Number('90071992547409931.23')), '90071992547409931.23');
  assert.equal(w.formatMoney('0.10', 'EUR', 'en-GB'), '€0.10');
});

test('agrees with Intl formatting the same decimal string, across locales and numbering systems', () => {
  for (const locale of ['fr-FR', 'de-DE', 'en-US', 'ar-EG', 'hi-IN', 'nl-BE', 'pl-PL', 'fa-IR']) {
    for (const amount of ['0.00', '0.05', '-0.50', '12.30', '999.99', '1000.00', '-98765432.10']) {
      // Intl.NumberFormat v3 reads a string as an exact decimal; used here only as the oracle.
      const oracle = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(amount);
      assert.equal(w.formatMoney(amount, 'EUR', locale), oracle, `${amount} ${locale}`);
    }
  }
});

test('pads to the currency digits, never rounds extra digits away', () => {
  assert.equal(w.formatMoney('12.5', 'EUR', 'en-GB'), '€12.50');
  assert.equal(w.formatMoney('12', 'EUR', 'en-GB'), '€12.00');
  assert.equal(w.formatMoney('1.005', 'EUR', 'en-GB'), '€1.005');
  assert.equal(w.formatMoney('-0.00', 'EUR', 'en-GB'), '€0.00', 'no negative zero');
  assert.equal(w.formatMoney('-0.50', 'EUR', 'en-GB'), '-€0.50');
  assert.equal(w.formatMoney('007.10', 'EUR', 'en-GB'), '€7.10');
});

test('refuses anything that is not a decimal string', () => {
  for (const bad of [12.5, 1000, null, undefined, '', ' 1.00', '1.00 ', '1,50', '1e3', '+1.00', '--1', '1.', '.5', '0x10', 'NaN', 'Infinity', '1'.repeat(41)]) {
    assert.throws(() => w.formatMoney(bad, 'EUR', 'fr-FR'), TypeError, String(bad));
  }
  assert.throws(() => w.formatMoney('1.00', 'EURO', 'fr-FR'), RangeError);
});

test('parseDecimal splits sign, integer and fraction exactly', () => {
  assert.deepEqual(w.parseDecimal('-0012.340'), { negative: true, integer: '12', fraction: '340' });
  assert.deepEqual(w.parseDecimal('0'), { negative: false, integer: '0', fraction: '' });
  assert.equal(w.parseDecimal(12), null);
});
