// Server pages and the widget show money the same way: the bridge's LocalizedAmount::format (PHP,
// what hosts and the demo print) against the widget's formatMoney (Intl.NumberFormat), and every
// amount the widget prints reads back through LocalizedAmount::parse to the same decimal string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = await build({
  entryPoints: [join(root, 'js/src/money.ts')],
  bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2020', logLevel: 'silent',
});
const { formatMoney } = await import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));

// fr-CH is left out: CLDR writes Swiss-French currency amounts with a decimal point (1 234.50 €,
// which LocalizedAmount follows) but plain numbers with a comma, and the widget takes the plain
// number's separator (it prints 1 234,50 €).
const LOCALES = ['fr-FR', 'fr-BE', 'fr-CA', 'de-DE', 'de-AT', 'en-US', 'en-GB', 'es-ES', 'it-IT', 'nl-NL', 'pt-PT', 'pt-BR'];
const HOME = [['en-US', 'USD'], ['en-US', 'GBP'], ['en-US', 'CHF'], ['en-GB', 'GBP'], ['en-GB', 'USD'], ['de-DE', 'USD'], ['de-DE', 'GBP'], ['pt-BR', 'BRL']];
const AMOUNTS = ['0.00', '0.05', '-0.50', '7.1', '12.50', '-26.00', '999.99', '1234.50', '-1234.50', '12345.67', '1234567.89', '9999999999999.99'];
const cases = [...LOCALES.map((l) => [l, 'EUR']), ...HOME].flatMap(([locale, currency]) => AMOUNTS.map((amount) => ({ locale, currency, amount })));

// One PHP process answers every case: [formatted, parsed back from the widget's text].
function php(list) {
  const script = `require ${JSON.stringify(join(root, 'php-bridge/src/autoload.php'))};
    use ShopCredit\\Money\\LocalizedAmount;
    $out = [];
    foreach (json_decode(stream_get_contents(STDIN), true) as $c) {
      $out[] = [LocalizedAmount::format($c['amount'], $c['currency'], $c['locale']),
                LocalizedAmount::parse($c['widget'], $c['currency'], $c['locale'], allowNegative: true)];
    }
    echo json_encode($out, JSON_UNESCAPED_UNICODE);`;
  return JSON.parse(execFileSync('php', ['-r', script], { input: JSON.stringify(list), encoding: 'utf8' }));
}

const canonical = (a) => {
  const [i, f = ''] = a.replace('-', '').split('.');
  const v = `${i}.${f.padEnd(2, '0')}`;
  return a.startsWith('-') && /[1-9]/.test(v) ? `-${v}` : v;
};

test('LocalizedAmount::format prints what the widget prints, and parse reads it back', () => {
  const withWidget = cases.map((c) => ({ ...c, widget: formatMoney(c.amount, c.currency, c.locale) }));
  const answers = php(withWidget);
  assert.equal(answers.length, withWidget.length);
  withWidget.forEach((c, i) => {
    const [formatted, parsed] = answers[i];
    assert.equal(formatted, c.widget, `${c.amount} ${c.currency} ${c.locale}`);
    assert.equal(parsed, canonical(c.amount), `${c.widget} (${c.locale}) read back`);
  });
});
