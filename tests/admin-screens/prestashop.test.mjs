// The PrestaShop module's back-office pages (Customers > Credit & balance, the module's settings,
// the order page's block) as the module renders them (on the PrestaShop double with Smarty, against
// seeded books), driven in headless Chromium, with axe-core on every page. The mass credit runs
// last (it changes every balance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, seriousViolations, screenshot, pageChecker, noRawText, rows, headers, flat, EUR, doctorRows, inFrench, assertDoctorInFrench, BASE, installCore, choiceFile, BROKEN_CORE } from './browser.mjs';

const ADMIN = '/admin/index.php?controller=AdminShopCredit';

const onPage = pageChecker('prestashop');

const name = (cell) => cell.split(' ').slice(0, 2).join(' ');

test('accounts: credit lines and balances with names linked to the customer, the shop\'s money format, blocks in words, sorting and search', async () => {
  await onPage(ADMIN, 'accounts', async (page) => {
    const credit = 'table.sc_credit';
    assert.deepEqual((await headers(page, credit)).slice(0, 5), ['Customer', 'Company', 'Credit limit', 'Owed', 'Remaining credit']);
    const lines = await rows(page, credit);
    assert.deepEqual(lines.map((r) => name(r.Customer)).sort(), ['Alice Martin', 'Bruno Petit']);
    const bruno = lines.find((r) => r.Customer.startsWith('Bruno Petit'));
    assert.deepEqual([bruno.Company, bruno['Credit limit'], bruno.Owed, bruno['Remaining credit']], ['Petit Bois SAS', '1 000,00 €', '450,00 €', '550,00 €']);
    assert.match(bruno['Credit limit'], EUR);
    assert.equal(bruno['Overdue orders'], '1');
    assert.equal(bruno['Risk level'], 'Medium risk');
    assert.match(bruno.Status, /past its due date/, 'why new orders on account are refused, in words');
    assert.match(await page.locator(credit).getByRole('link', { name: 'Bruno Petit' }).getAttribute('href'), /controller=AdminCustomers&.*id_customer=44/);
    const balances = await rows(page, 'table.sc_wallet');
    const lea = balances.find((r) => r.Customer.startsWith('Léa Dubois'));
    assert.deepEqual([lea.Balance, lea['Reserved for orders'], lea.Available], ['70,00 €', '15,00 €', '55,00 €']);
    for (const r of [...lines, ...balances]) noRawText(Object.values(r).join(' '), 'the accounts lists');
    // Sorting on the server: by credit limit, both ways.
    await page.locator(credit).getByRole('link', { name: 'Credit limit' }).click();
    await page.waitForURL(/sc_creditOrderby=authorized/);
    const asc = (await rows(page, credit)).map((r) => r['Credit limit']);
    await page.locator(credit).getByRole('link', { name: 'Credit limit' }).click();
    await page.waitForURL(/sc_creditOrderway=desc/);
    const desc = (await rows(page, credit)).map((r) => r['Credit limit']);
    assert.deepEqual([asc, desc], [['1 000,00 €', '5 000,00 €'], ['5 000,00 €', '1 000,00 €']]);
    // PrestaShop's customer search, by company name.
    await page.getByLabel('Customer', { exact: true }).fill('Acme');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/search=Acme/);
    assert.deepEqual((await rows(page, credit)).map((r) => name(r.Customer)), ['Alice Martin']);
  });
  await onPage(`${ADMIN}&currency=JPY`, 'accounts-jpy', async (page) => {
    const kenji = (await rows(page, 'table.sc_wallet')).find((r) => r.Customer.startsWith('Kenji Sato'));
    assert.equal(flat(kenji.Available), '5 000 JPY', 'yen without decimals, as PrestaShop\'s French locale writes it');
  });
});

test('a customer\'s page: figures in the shop\'s format, one line per movement with its state, orders by reference', async () => {
  await onPage(`${ADMIN}&section=customer&id_customer=42`, 'customer', async (page) => {
    const head = flat(await page.locator('#shopcredit-customer').innerText());
    assert.match(head, /Store balance 70,00 € · Available 55,00 €/);
    const list = await rows(page, '#shopcredit-ledger-wallet');
    assert.equal(list.length, 5, 'the reservation of the held order and each payment are one line each');
    const held = list[0];
    assert.deepEqual([held.Movement, held.Amount, held.Status], ['Order payment', '−15,00 €', 'Reserved']);
    assert.match(held.Order, /^[A-Z]{9}$/, 'the order by its PrestaShop reference');
    assert.match(await page.locator('#shopcredit-ledger-wallet').getByRole('link', { name: held.Order }).getAttribute('href'), /controller=AdminOrders&.*id_order=104/);
    assert.deepEqual(list.map((r) => r.Status), ['Reserved', 'Completed', 'Completed', 'Completed', 'Completed']);
    for (const r of list) noRawText(Object.values(r).join(' '), 'the ledger');
  });
});

test('the customer\'s page in Customers leads to their credit and balance', async () => {
  await onPage('/admin/index.php?controller=AdminCustomers&id_customer=7&viewcustomer=1', 'customer-card', async (page) => {
    const link = page.getByRole('link', { name: 'Credit & balance of this customer' });
    await link.click();
    await page.waitForURL(/section=customer/);
    assert.match(flat(await page.locator('#shopcredit-customer h3').innerText()), /^Alice Martin \(alice@acme\.example\)/);
    assert.equal(await page.getByLabel('Credit limit').inputValue(), '5000.00');
  });
});

test('receivables: orders on account by reference and customer name, amounts and due dates', async () => {
  await onPage(`${ADMIN}&section=receivables`, 'receivables', async (page) => {
    const list = await rows(page, '#shopcredit-receivables table');
    const late = list.find((r) => r.Customer === 'Bruno Petit');
    assert.deepEqual([late.Amount, late.Paid, late['Still due'], late.Due], ['450,00 €', '0,00 €', '450,00 €', '07/10/2026']);
    assert.match(late.Order, /^[A-Z]{9}$/);
    for (const r of list) noRawText(Object.values(r).join(' '), 'the receivables');
  });
});

test('requests: a credit increase with the customer\'s name, the limits and the message', async () => {
  await onPage(`${ADMIN}&section=requests`, 'requests', async (page) => {
    const text = flat(await page.locator('#content').innerText());
    assert.match(text, /Alice Martin/);
    assert.match(text, /8 000,00 €/);
    assert.match(text, /5 000,00 €/);
    assert.match(text, /Our orders double before the holidays\./);
    noRawText(text, 'the requests');
  });
});

test('statistics: four charts drawn with a table of figures each; the period and currency filters change them', async () => {
  await onPage(`${ADMIN}&section=statistics`, 'statistics', async (page) => {
    const charts = '.shopcredit-charts figure[data-shopcredit-chart]';
    await page.waitForFunction((sel) => Array.from(document.querySelectorAll(sel)).every((f) => f.dataset.scState), charts);
    const drawn = await page.$$eval(charts, (fs) => fs.map((f) => ({ state: f.dataset.scState, title: f.querySelector('figcaption')?.textContent, rows: f.querySelectorAll('tbody tr').length })));
    assert.deepEqual(drawn.map((c) => c.title), ['Store balances (EUR)', 'Credit lines (EUR)', 'Open orders on account by days late (EUR)', 'Financing requests started in the period, by status (EUR)']);
    assert.deepEqual(drawn.map((c) => c.state), ['ready', 'ready', 'ready', 'ready']);
    const months = drawn[0].rows;
    await page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await page.getByLabel('To', { exact: true }).fill('2026-10-31');
    await page.getByLabel('By', { exact: true }).selectOption('day');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/period=day/);
    await page.waitForSelector(`${charts}[data-sc-state]`);
    const days = await page.locator(charts).first().locator('tbody tr').count();
    assert.equal(days, 31, `every day of October (by month it was ${months} rows)`);
    await page.getByLabel('Currency', { exact: true }).selectOption('JPY');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/currency=JPY/);
    await page.waitForSelector(`${charts}[data-sc-state]`);
    assert.equal(await page.locator(`${charts} figcaption`).first().textContent(), 'Store balances (JPY)');
  });
});

test('the order page\'s block: how the order was paid, what is still due and what ShopCredit did, in words', async () => {
  await onPage('/admin/index.php?controller=AdminOrders&id_order=110&vieworder=1', 'order', async (page) => {
    // PrestaShop 8's order-page cards: a header with its icon and title, then terms and their values.
    assert.equal(await page.locator('#shopcredit-order-credit .card-header-title .material-icons').getAttribute('aria-hidden'), 'true');
    await page.$$eval('#shopcredit-order-blocks .material-icons', (icons) => icons.forEach((i) => i.remove())); // ligature names, not words
    const card = flat(await page.locator('#shopcredit-order-credit').innerText());
    assert.match(card, /^Pay on account/i, 'the card\'s title (upper case by the theme)');
    assert.match(card, /Credit check Passed/);
    assert.match(card, /On account 300,00 € Paid 100,00 € Still due 200,00 € \(To be paid\)/);
    const history = flat(await page.locator('#shopcredit-order-history').innerText());
    assert.match(history, /Payment of 100,00 € received; 200,00 € still due\./);
    noRawText(flat(await page.locator('#shopcredit-order-blocks').innerText()), 'the order cards');
  });
});

test('My account → My store balance: the figures in the shop\'s money, one line per movement in words with its order', async () => {
  await onPage('/module/shopcredit/wallet', 'my-store-balance', async (page) => {
    const figures = await page.$$eval('#shopcredit-wallet-figures tr', (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(figures, ['Balance 70,00 €', 'Available 55,00 €', 'Reserved for orders and requests 15,00 €']);
    const list = await rows(page, '#shopcredit-movements');
    assert.equal(list.length, 5, 'a reservation and its posting are one line');
    assert.deepEqual([list[0].Movement, list[0].Amount, list[0].Status], ['Order payment', '− 15,00 €', 'Reserved']);
    assert.match(list[0].Order, /^[A-Z]{9}$/);
    assert.deepEqual(list.map((r) => r.Movement), ['Order payment', 'Cancelled order', 'Order payment', 'Order payment', 'Top-up']);
    const options = await page.getByLabel('Movement').locator('option').allTextContents();
    assert.ok(options.includes('Top-up'), `the filter lists movements in words: ${options.slice(0, 4)}`);
    noRawText(flat(await page.locator('#shopcredit-wallet').innerText()), 'My store balance');
    // The filter: top-ups only.
    await page.getByLabel('Movement').selectOption({ label: 'Top-up' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=top_up/);
    assert.deepEqual((await rows(page, '#shopcredit-movements')).map((r) => [r.Movement, r.Amount]), [['Top-up', '+ 100,00 €']]);
  });
});

test('My account → My credit account: the figures in the shop\'s money, an overdue order with its date, orders on account in words', async () => {
  await onPage('/module/shopcredit/credit?customer=44', 'my-credit-account', async (page) => {
    const figures = await page.$$eval('#shopcredit-credit-figures tr', (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(figures.slice(0, 3), ['Credit limit 1 000,00 €', 'Owed 450,00 €', 'Remaining credit 550,00 €']);
    assert.ok(figures.includes('Overdue 450,00 € — due 07/10/2026 (26 days)'), figures.join(' | '));
    const [order] = await rows(page, '#shopcredit-orders-on-account');
    assert.deepEqual([order.Amount, order.Paid, order.Remaining, order['Due date'], order.Status], ['450,00 €', '0,00 €', '450,00 €', '07/10/2026', 'To be paid']);
    noRawText(flat(await page.locator('#shopcredit-credit').innerText()), 'My credit account');
  });
});

const SETTINGS = '/admin/index.php?controller=AdminModules&configure=shopcredit';

/** The settings page with `typed` in the smallest top-up, saved: the page answered. */
async function saveMinTopUp(page, typed) {
  if (typed !== null) await page.locator('input[name="wallet_min_topup"]').fill(typed);
  await page.getByRole('button', { name: 'Save' }).first().click();
  await page.waitForSelector('.alert-success, .alert-danger');
}

test('settings: saved unchanged, they are accepted; a wrong amount is refused and nothing is saved', async () => {
  const { page, errors, close } = await open(SETTINGS);
  try {
    await saveMinTopUp(page, null);
    assert.deepEqual(await page.locator('.alert-danger').allInnerTexts(), [], 'the form as shown is valid as it is');
    assert.equal(await page.locator('input[name="wallet_min_topup"]').inputValue(), '5.00');
    await saveMinTopUp(page, 'abc');
    assert.match(flat(await page.locator('.alert-danger').first().innerText()), /^Not saved/);
    await page.goto(page.url());
    assert.equal(await page.locator('input[name="wallet_min_topup"]').inputValue(), '5.00', 'nothing was saved');
    await screenshot(page, 'prestashop-settings');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('settings: a refused amount is explained in words next to its field', async () => {
  const { page, close } = await open(SETTINGS);
  try {
    await saveMinTopUp(page, 'abc');
    const field = page.getByLabel(/^Minimum top-up/).first();
    assert.ok(await field.count() > 0, 'the smallest top-up field is labelled');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const error = flat(await page.locator(`[id="${await field.getAttribute('aria-describedby')}"]`).innerText());
    noRawText(error, 'the settings error');
  } finally {
    await close();
  }
});

test('runtime doctor: says which runtime answers and why; the faster runtime is turned on, then off, by a button', async () => {
  const { page, errors, close } = await open(SETTINGS);
  try {
    const words = () => page.locator('#shopcredit-runtime-words').innerText().then(flat);
    assert.equal(await words(), 'The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) works on this server and is off: you can turn it on.');
    await page.getByRole('button', { name: 'Turn on the faster runtime' }).click();
    await page.waitForSelector('.alert-success, .alert-danger');
    assert.match(flat(await page.locator('.alert-success').first().innerText()), /^The faster runtime is on: it answered a test decision correctly on this server\./);
    assert.equal(await words(), 'The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.');
    await page.getByRole('button', { name: 'Turn off the faster runtime' }).click();
    await page.waitForSelector('.alert-success, .alert-danger');
    assert.match(flat(await page.locator('.alert-success').first().innerText()), /^The faster runtime is off/);
    assert.match(await words(), /^The plain-PHP core answers; it needs no php\.ini line\./);
    assert.equal(await page.getByRole('button', { name: 'Turn off the faster runtime' }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});


test('runtime doctor in French: every row\'s status, title and detail in the admin\'s language, values kept, the test decision\'s amounts in the shop\'s money format', async () => {
  const { page, errors, close } = await open(SETTINGS);
  try {
    const english = await doctorRows(page);
    await inFrench(page, SETTINGS);
    const french = await doctorRows(page);
    assertDoctorInFrench(english, french);
    const row = (rows, id) => rows.find((r) => r.check === id);
    assert.deepEqual(row(french, 'ffi_loaded'), { check: 'ffi_loaded', status: 'Fonctionne', title: 'Extension FFI chargée', detail: '' });
    assert.match(flat(row(french, 'round_trip').detail), /^wasmtime \S+ \(ffi cdef, module [a-z, ]+\) a répondu à une décision de test en [\d.]+ ms : 100,00\s€ réparti en trois → 33,34\s€, 33,33\s€, 33,33\s€$/);
    assert.equal(row(french, 'faster_runtime').title, 'moteur rapide (wasmtime) désactivé');
    await screenshot(page, 'prestashop-settings-runtime-fr-off');
    assert.equal(row(french, 'wasm').detail, row(english, 'wasm').detail, 'a path, its size and its sha256 as they are');
    assert.equal(await page.locator('#shopcredit-doctor-text').getAttribute('open'), null, 'the command line\'s English report is folded away');
    // Turned on: the rows that change say so in French too.
    await page.getByRole('button', { name: 'Turn on the faster runtime' }).click();
    await page.waitForSelector('.alert-success, .alert-danger');
    await page.goto(`${BASE}${SETTINGS}`);
    const on = await doctorRows(page);
    await screenshot(page, 'prestashop-settings-runtime-fr-on');
    assert.equal(row(on, 'faster_runtime').title, 'moteur rapide (wasmtime) activé et vérifié ici');
    assert.match(row(on, 'faster_runtime').detail, /^activé le \d{4}-\d\d-\d\d \d\d:\d\d UTC par \S+ \(PHP [\d.]+, cli-server, FFI cdef\)$/);
    assert.match(row(on, 'active_runtime').detail, /^runtime=auto et le moteur rapide est activé : wasmtime répond, vérifié ici \(activé le .* ; son verdict à côté du module compilé dispense les requêtes de la décision de test\) ; wasmtime .* a répondu à une décision de test en [\d.]+ ms$/);
    await page.getByRole('button', { name: 'Turn off the faster runtime' }).click();
    await page.waitForSelector('.alert-success, .alert-danger');
    await page.goto(`${BASE}${SETTINGS}`);
    assert.equal(row(await doctorRows(page), 'faster_runtime').title, 'moteur rapide (wasmtime) désactivé');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('runtime doctor after an upgrade: the faster runtime stays on when the new core passes its check, the merchant reads once why not when it does not, and no storefront page or AJAX call checks anything', async () => {
  const ON = 'The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.';
  const LOST = 'The plain-PHP core answers: you turned on the faster runtime, but it cannot run on this server any more (see below). Turn it off, or fix what is below and turn it on again.';
  const good = readFileSync(process.env.SC_SCREENS_CORE);
  const { page, errors, close } = await open(SETTINGS);
  try {
    const words = () => page.locator('#shopcredit-runtime-words').innerText().then(flat);
    const notice = page.locator('#shopcredit-faster-update');
    await page.getByRole('button', { name: 'Turn on the faster runtime' }).click();
    await page.waitForSelector('.alert-success, .alert-danger');
    assert.equal(await words(), ON);

    installCore(); // the next build: the same core under a new identity
    const stale = choiceFile();
    for (const path of ['/module/shopcredit/wallet', '/admin/index.php?controller=AdminShopCredit&ajax=1&action=massStep']) {
      await page.request.get(`${BASE}${path}`);
      assert.equal(choiceFile(), stale, `${path}: nothing checked or written`);
    }
    // The next back-office page (any: its header runs the module's hook) checks it again.
    await page.goto(`${BASE}${ADMIN}`);
    assert.notEqual(choiceFile(), stale, 'a new choice, for the new core');
    await page.goto(`${BASE}${SETTINGS}`);
    assert.equal(flat(await notice.innerText()), 'ShopCredit was updated: the faster runtime (wasmtime) was checked again with the new version on this server and stays on.');
    assert.equal(await words(), ON, 'kept across the upgrade');
    await page.reload();
    assert.equal(await notice.count(), 0, 'said once');
    assert.equal(await words(), ON);

    const recorded = JSON.parse(choiceFile()).wasm;
    installCore(BROKEN_CORE); // a build whose core does not pass here
    await page.reload();
    assert.deepEqual(JSON.parse(choiceFile()).wasm, recorded, 'no choice recorded for a core that does not pass');
    const said = flat(await notice.innerText());
    assert.equal(said.replace(/^× /, ''), 'ShopCredit was updated, and the faster runtime (wasmtime) cannot run with the new version on this server: the plain-PHP core answers, with the same decisions. The runtime doctor below says why.');
    noRawText(said, 'the upgrade notice');
    assert.equal(await words(), LOST);
    await page.reload();
    assert.equal(await notice.count(), 0, 'said once');
    assert.equal(await words(), LOST, 'nothing recorded for a core that does not pass');

    installCore(good); // the next build passes again: on again, then off as the suite found it
    await page.reload();
    assert.match(flat(await notice.innerText()), /stays on\.$/);
    await page.getByRole('button', { name: 'Turn off the faster runtime' }).click();
    await page.waitForSelector('.alert-success, .alert-danger');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('settings: no serious accessibility violation', async () => {
  const { page, close } = await open(SETTINGS);
  try {
    assert.deepEqual(await seriousViolations(page), []);
  } finally {
    await close();
  }
});

test('a customer\'s page: a bonus typed the French way is booked once, shown as one new line in words', async () => {
  await onPage(`${ADMIN}&section=customer&id_customer=42`, 'customer-bonus', async (page) => {
    await page.getByLabel('Movement').first().selectOption({ label: 'Bonus' });
    await page.locator('input[name="amount"]').fill('10,00');
    await page.locator('input[name="reason"]').fill('Loyalty');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForSelector('.alert');
    assert.deepEqual(await page.locator('.alert-danger').allInnerTexts(), []);
    const list = await rows(page, '#shopcredit-ledger-wallet');
    assert.equal(list.length, 6, 'one new line');
    assert.deepEqual([list[0].Movement, list[0].Amount, list[0].Status], ['Bonus', '+10,00 €', 'Completed']);
    assert.match(flat(await page.locator('#shopcredit-customer').innerText()), /Store balance 80,00 € · Available 65,00 €/);
  });
});

test('mass credit: a preview first, then the progress bar reaches 100 % with the right counts', async () => {
  await onPage(`${ADMIN}&section=mass`, 'mass', async (page) => {
    await page.getByLabel('Customer group').selectOption({ label: 'Customer' });
    await page.getByLabel('Amount per customer').fill('5');
    await page.getByLabel('reason').fill('Welcome gift');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForSelector('#shopcredit-mass-batch');
    const preview = flat(await page.locator('#shopcredit-mass-batch').innerText());
    assert.match(preview, /Credit of 5,00 € per customer/);
    assert.match(preview, /Preview: 244 customers would get it \(1 220,00 € in all\) of 244 in the group\./);
    await page.locator('#shopcredit-mass-batch').getByRole('button').first().click();
    // The page's own script runs the steps and shows the batch again when it is done.
    await page.waitForFunction(() => document.querySelector('#shopcredit-mass-batch')?.dataset.state === 'done', null, { timeout: 60000 });
    const bar = page.getByRole('progressbar');
    assert.equal(await bar.getAttribute('aria-valuenow'), '100');
    assert.match(flat(await page.locator('#shopcredit-mass-batch').innerText()), /Done: 244 customers, 1 220,00 € in all\./);
  });
  await onPage(`${ADMIN}&search=Dubois`, 'accounts-after-mass', async (page) => {
    const lea = (await rows(page, 'table.sc_wallet'))[0];
    assert.equal(lea.Available, '70,00 €', 'each balance credited once (55,00 € + the 10,00 € bonus + 5,00 €)');
  });
});
