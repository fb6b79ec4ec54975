// The WooCommerce plugin's admin screens, order boxes, profile fields and My account page, as the
// plugin renders them (on the WordPress double, against seeded books), driven in headless Chromium:
// what a merchant reads and does, and axe-core on every page. The mass credit runs last (it changes
// every balance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pageChecker, screenshot, noRawText, rows, headers, flat, EUR, doctorRows, inFrench, assertDoctorInFrench, BASE, open, installCore, choiceFile, BROKEN_CORE } from './browser.mjs';

const ADMIN = '/wp-admin/admin.php?page=shopcredit';

const onPage = pageChecker('woocommerce');

test('credit lines: customers by name with links, the shop\'s money format, overdue orders in words, sorting and search', async () => {
  await onPage(`${ADMIN}&tab=accounts`, 'credit-lines', async (page) => {
    const table = 'table.wp-list-table';
    assert.deepEqual((await headers(page, table)).slice(0, 5), ['Customer', 'Credit limit', 'Outstanding', 'Remaining credit', 'Overdue']);
    const list = await rows(page, table);
    assert.deepEqual(list.map((r) => r.Customer.split(' ').slice(0, 2).join(' ')).sort(), ['Alice Martin', 'Bruno Petit']);
    const bruno = list.find((r) => r.Customer.startsWith('Bruno Petit'));
    assert.match(bruno.Customer, /Petit Bois SAS/, 'the company under the name');
    assert.match(bruno['Credit limit'], EUR);
    assert.equal(bruno['Credit limit'], '1 000,00 €');
    assert.equal(bruno.Outstanding, '450,00 €');
    assert.match(bruno.Overdue, /^450,00 €, 26 days late$/);
    assert.equal(bruno.Risk, 'Medium risk');
    assert.doesNotMatch(bruno.Status, /^Open$/, 'an overdue order blocks the line, in words');
    for (const r of list) noRawText(Object.values(r).join(' '), 'the credit lines list');
    const link = await page.getByRole('link', { name: 'Bruno Petit' }).getAttribute('href');
    assert.equal(link, '/wp-admin/user-edit.php?user_id=44', 'the name links to the customer\'s profile');
    // Sorting on the server: by credit limit, largest first on the second click.
    await page.getByRole('link', { name: 'Credit limit' }).first().click();
    await page.waitForURL(/orderby=limit/);
    await page.getByRole('link', { name: 'Credit limit' }).first().click();
    await page.waitForURL(/order=asc/);
    const byLimit = (await rows(page, table)).map((r) => r['Credit limit']);
    assert.deepEqual(byLimit, ['1 000,00 €', '5 000,00 €']);
    // WordPress's user search, by company name.
    await page.getByLabel('Search customers:').fill('Acme');
    await page.getByRole('button', { name: 'Search customers' }).click();
    await page.waitForURL(/s=Acme/);
    assert.deepEqual((await rows(page, table)).map((r) => r.Customer.split(' ').slice(0, 2).join(' ')), ['Alice Martin']);
  });
});

test('store balances: every currency in its own format, totals per currency', async () => {
  await onPage(`${ADMIN}&tab=balances&orderby=available&order=desc`, 'balances', async (page) => {
    const list = await rows(page, 'table.wp-list-table');
    const lea = list.find((r) => r.Customer.startsWith('Léa Dubois'));
    assert.deepEqual([lea.Balance, lea.Reserved, lea.Available], ['70,00 €', '15,00 €', '55,00 €'], 'the held 15,00 € is reserved, not spent');
    const kenji = list.find((r) => r.Customer.startsWith('Kenji Sato'));
    assert.equal(kenji.Available, '5 000 ¥', 'yen without decimals');
    const totals = await rows(page, 'table.shopcredit-totals');
    assert.deepEqual(totals.map((t) => t.Total).sort(), ['EUR', 'JPY'], 'one total line per currency, never added across');
    for (const r of list) noRawText(Object.values(r).join(' '), 'the balances list');
  });
});

test('a customer\'s movements: one line per movement with its state, orders as linked numbers', async () => {
  await onPage(`${ADMIN}&tab=ledger&kind=wallet&customer=42`, 'movements', async (page) => {
    const list = await rows(page, 'table.wp-list-table');
    assert.deepEqual(list.map((r) => [r.Movement, r.Order, r.Amount, r.State]), [
      ['Order payment', '#104', '− 15,00 €', 'Reserved'],
      ['Cancelled order', '#103', '+ 20,00 €', 'Completed'],
      ['Order payment', '#103', '− 20,00 €', 'Completed'],
      ['Order payment', '#102', '− 30,00 €', 'Completed'],
      ['Top-up', '#101', '+ 100,00 €', 'Completed'],
    ].map(([m, o, a, s]) => [list.find((r) => r.Order === o && r.Movement === m) ? m : `(no ${m} line)`, o, a, s]));
    assert.equal(list.length, 5, 'the reservation of #104 and the payment of #102 are one line each, not two');
    assert.equal(await page.getByRole('link', { name: '#102' }).getAttribute('href'), '/wp-admin/admin.php?page=wc-orders&action=edit&id=102');
    for (const r of list) noRawText(Object.values(r).join(' '), 'the movements list');
    const sums = await rows(page, 'table.shopcredit-totals');
    assert.deepEqual([sums[0].Movements, sums[0].Net], ['5', '55,00 €'], 'the lines add up to what the customer can spend');
  });
});

test('statistics: four charts drawn with a table of figures each; the period and currency filters change them', async () => {
  await onPage(`${ADMIN}&tab=statistics`, 'statistics', async (page) => {
    const charts = '.shopcredit-charts figure[data-shopcredit-chart]';
    await page.waitForFunction((sel) => Array.from(document.querySelectorAll(sel)).every((f) => f.dataset.scState), charts);
    const drawn = await page.$$eval(charts, (fs) => fs.map((f) => ({
      state: f.dataset.scState,
      title: f.querySelector('figcaption')?.textContent,
      canvas: f.querySelectorAll('canvas[role="img"]').length,
      inked: (() => { const c = f.querySelector('canvas'); if (!c) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })(),
      rows: f.querySelectorAll('tbody tr').length,
      heads: Array.from(f.querySelectorAll('thead th')).map((t) => t.textContent),
    })));
    assert.equal(drawn.length, 4);
    assert.deepEqual(drawn.map((c) => c.title), ['Store balances (EUR)', 'Credit lines (EUR)', 'Open orders on account by days late (EUR)', 'Financing requests started in the period, by status (EUR)']);
    for (const c of drawn) {
      assert.equal(c.state, 'ready', `${c.title} drawn`);
      assert.equal(c.canvas, 1);
      assert.ok(c.inked > 0, `${c.title}: the canvas has pixels`);
      assert.ok(c.rows > 0, `${c.title}: a table of its figures for screen readers`);
    }
    assert.deepEqual(drawn[0].heads, ['Period', 'Money in', 'Money out', 'Store balances']);
    const weeks = drawn[0].rows;
    // The period filter: the last 30 days by day.
    // Two selects: how far back (labelled), and how figures are grouped.
    const period = page.getByRole('combobox', { name: /^Period/ });
    await period.filter({ has: page.locator('option[value="30"]') }).selectOption('30');
    await period.filter({ has: page.locator('option[value="day"]') }).selectOption('day');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/range=30/);
    await page.waitForSelector(`${charts}[data-sc-state="ready"]`);
    const days = await page.locator(charts).first().locator('tbody tr').count();
    assert.equal(days, 31, 'every day of the last 30 days, empty ones too');
    assert.notEqual(days, weeks);
    // The currency filter: yen.
    await page.getByLabel('Currency').selectOption('JPY');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/currency=JPY/);
    await page.waitForSelector(`${charts}[data-sc-state]`);
    assert.equal(await page.locator(`${charts} figcaption`).first().textContent(), 'Store balances (JPY)');
    const yen = (await page.locator(charts).first().locator('tbody td').allTextContents()).filter((t) => /\d/.test(t));
    assert.ok(yen.some((t) => /¥/.test(t)) && !yen.some((t) => /€/.test(t)), `amounts in yen: ${yen.slice(-3)}`);
  });
});

test('settings: saved unchanged, they are accepted; a wrong amount is refused, its error shown next to its field and tied to it', async () => {
  await onPage(`${ADMIN}&tab=settings`, 'settings', async (page) => {
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForSelector('.notice');
    assert.equal(flat(await page.locator('.notice').first().innerText()), 'Settings saved.', 'the form as shown is valid as it is');
    // The shop currency's row comes first; the other currencies' rows are named with their code.
    const field = page.getByLabel('Smallest top-up', { exact: true }).first();
    assert.equal(flat(await field.inputValue()), '5,00', 'the stored amount in the shop\'s format');
    await field.fill('abc');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForSelector('.notice-error');
    const again = page.getByLabel('Smallest top-up', { exact: true }).first();
    assert.equal(await again.getAttribute('aria-invalid'), 'true');
    const describedBy = await again.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the field names its error');
    const error = (await page.locator(`[id="${describedBy}"]`).innerText()).trim();
    assert.ok(error.length > 5, 'the error says what is wrong');
    noRawText(error, 'the field error');
    const sameRow = await page.evaluate((id) => document.getElementById(id).closest('tr') === document.getElementById('sc-wallet-minTopUp').closest('tr'), describedBy);
    assert.ok(sameRow, 'the error sits next to its field');
    assert.equal(await page.getByLabel('Largest top-up', { exact: true }).first().getAttribute('aria-invalid'), null, 'only the wrong field is marked');
  });
});

test('runtime doctor: says which runtime answers and why; the faster runtime is turned on, then off, by a button', async () => {
  await onPage(`${ADMIN}&tab=settings`, 'settings-runtime', async (page) => {
    const words = () => page.locator('#shopcredit-runtime-words').innerText().then(flat);
    assert.equal(await words(), 'The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) works on this server and is off: you can turn it on.');
    assert.equal(await page.getByRole('button', { name: 'Turn off the faster runtime' }).count(), 0, 'nothing to turn off');
    await page.getByRole('button', { name: 'Turn on the faster runtime' }).click();
    await page.waitForSelector('.notice');
    assert.match(flat(await page.locator('.notice').first().innerText()), /^The faster runtime is on: it answered a test decision correctly on this server\./);
    assert.equal(await words(), 'The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.');
    assert.match(flat(await page.locator('body').innerText()), /Active runtime: wasmtime/);
    await page.getByRole('button', { name: 'Turn off the faster runtime' }).click();
    await page.waitForSelector('.notice');
    assert.match(flat(await page.locator('.notice').first().innerText()), /^The faster runtime is off: the plain-PHP core answers from the next page on\./);
    assert.match(await words(), /^The plain-PHP core answers; it needs no php\.ini line\./);
    for (const line of await page.locator('pre').allInnerTexts()) assert.doesNotMatch(line, /preload/, 'never a preload line to add');
  });
});


test('runtime doctor in French: every row\'s status, title and detail in the admin\'s language, values kept, the test decision\'s amounts in the shop\'s money format', async () => {
  await onPage(`${ADMIN}&tab=settings`, 'settings-runtime-fr', async (page) => {
    const english = await doctorRows(page);
    await inFrench(page, `${ADMIN}&tab=settings`);
    const french = await doctorRows(page);
    assertDoctorInFrench(english, french);
    const row = (rows, id) => rows.find((r) => r.check === id);
    assert.deepEqual(row(french, 'ffi_loaded'), { check: 'ffi_loaded', status: 'Fonctionne', title: 'Extension FFI chargée', detail: '' });
    assert.match(flat(row(french, 'round_trip').detail), /^wasmtime \S+ \(ffi cdef, module [a-z, ]+\) a répondu à une décision de test en [\d.]+ ms : 100,00\s€ réparti en trois → 33,34\s€, 33,33\s€, 33,33\s€$/);
    assert.equal(row(french, 'faster_runtime').title, 'moteur rapide (wasmtime) désactivé');
    await screenshot(page, 'woocommerce-settings-runtime-fr-off');
    assert.equal(row(french, 'wasm').detail, row(english, 'wasm').detail, 'a path, its size and its sha256 as they are');
    // Turned on: the rows that change say so in French too.
    await page.getByRole('button', { name: 'Turn on the faster runtime' }).click();
    await page.waitForSelector('.notice');
    await page.goto(`${BASE}${`${ADMIN}&tab=settings`}`);
    const on = await doctorRows(page);
    await screenshot(page, 'woocommerce-settings-runtime-fr-on');
    assert.equal(row(on, 'faster_runtime').title, 'moteur rapide (wasmtime) activé et vérifié ici');
    assert.match(row(on, 'faster_runtime').detail, /^activé le \d{4}-\d\d-\d\d \d\d:\d\d UTC par \S+ \(PHP [\d.]+, cli-server, FFI cdef\)$/);
    assert.match(row(on, 'active_runtime').detail, /^runtime=auto et le moteur rapide est activé : wasmtime répond, vérifié ici \(activé le .* ; son verdict à côté du module compilé dispense les requêtes de la décision de test\) ; wasmtime .* a répondu à une décision de test en [\d.]+ ms$/);
    await page.getByRole('button', { name: 'Turn off the faster runtime' }).click();
    await page.waitForSelector('.notice');
    await page.goto(`${BASE}${`${ADMIN}&tab=settings`}`);
    assert.equal(row(await doctorRows(page), 'faster_runtime').title, 'moteur rapide (wasmtime) désactivé');
  });
});
test('runtime doctor after an update: the faster runtime stays on when the new core passes its check, the merchant reads once why not when it does not, and no storefront page or AJAX call checks anything', async () => {
  const ON = 'The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.';
  const LOST = 'The plain-PHP core answers: you turned on the faster runtime, but it cannot run on this server any more (see below). Turn it off, or fix what is below and turn it on again.';
  const good = readFileSync(process.env.SC_SCREENS_CORE);
  const { page, errors, close } = await open(`${ADMIN}&tab=settings`);
  try {
    const words = () => page.locator('#shopcredit-runtime-words').innerText().then(flat);
    const notice = page.locator('#shopcredit-faster-update');
    await page.getByRole('button', { name: 'Turn on the faster runtime' }).click();
    await page.waitForSelector('.notice');
    assert.equal(await words(), ON);

    installCore(); // the next build: the same core under a new identity
    const stale = choiceFile();
    for (const path of ['/my-account/shopcredit-balance/', '/wp-admin/admin-ajax.php?action=shopcredit_nothing']) {
      await page.request.get(`${BASE}${path}`);
      assert.equal(choiceFile(), stale, `${path}: nothing checked or written`);
    }
    await page.reload();
    assert.equal(flat(await notice.innerText()), 'ShopCredit was updated: the faster runtime (wasmtime) was checked again with the new version on this server and stays on.');
    assert.equal(await words(), ON, 'kept across the update');
    assert.notEqual(choiceFile(), stale, 'a new choice, for the new core');
    await page.reload();
    assert.equal(await notice.count(), 0, 'said once');
    assert.equal(await words(), ON);

    const recorded = JSON.parse(choiceFile()).wasm;
    installCore(BROKEN_CORE); // a build whose core does not pass here
    await page.reload();
    assert.deepEqual(JSON.parse(choiceFile()).wasm, recorded, 'no choice recorded for a core that does not pass');
    const said = flat(await notice.innerText());
    assert.equal(said, 'ShopCredit was updated, and the faster runtime (wasmtime) cannot run with the new version on this server: the plain-PHP core answers, with the same decisions. See the runtime doctor');
    noRawText(said, 'the update notice');
    assert.equal(await words(), LOST);
    assert.match(flat(await page.locator('body').innerText()), /Active runtime: generated PHP/);
    await page.reload();
    assert.equal(await notice.count(), 0, 'said once');
    assert.equal(await words(), LOST, 'nothing recorded for a core that does not pass');

    installCore(good); // the next build passes again: on again, then off as the suite found it
    await page.reload();
    assert.match(flat(await notice.innerText()), /stays on\.$/);
    await page.getByRole('button', { name: 'Turn off the faster runtime' }).click();
    await page.waitForSelector('.notice');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('order page: the credit box reads like the order screen (method, what was paid, the receivable and its due date)', async () => {
  await onPage('/wp-admin/admin.php?page=wc-orders&action=edit&id=110', 'order-on-account', async (page) => {
    const box = (await page.locator('#shopcredit-credit-balance .inside').innerText()).replace(/\s+/g, ' ');
    assert.match(box, /^Paid on account — paid /);
    assert.match(box, /Credit line paid 300,00 € · refunded 0,00 € · given back 0,00 € · still held 300,00 €/);
    assert.match(box, /Receivable paid 100,00 € \/ 300,00 €, due \d{1,2} [A-Z][a-z]+ 2026/);
    noRawText(box, 'the order box');
  });
  await onPage('/wp-admin/admin.php?page=wc-orders&action=edit&id=121', 'order-financing', async (page) => {
    const box = (await page.locator('#shopcredit-financing .inside').innerText()).replace(/\s+/g, ' ');
    assert.match(box, /Pay in 3 instalments — 900,00 €/);
    assert.doesNotMatch(box, /REJECTED|ACCEPTED|INITIALIZED/, 'statuses in words');
    assert.match(box, /notice from the provider/);
  });
});

test('user profile: the customer\'s credit line fields, labelled', async () => {
  await onPage('/wp-admin/user-edit.php?user_id=7', 'user-profile', async (page) => {
    assert.equal(await page.getByRole('heading', { name: 'ShopCredit' }).count(), 1);
    assert.match(await page.getByLabel('Credit limit').first().inputValue(), /^5[ .,]?000[.,]00$/);
    assert.equal(await page.getByLabel('Risk').first().inputValue(), 'low');
  });
});

test('My account → Store balance: the balance and one line per movement, in words and the shop\'s money', async () => {
  await onPage('/my-account/shopcredit-balance/', 'my-account-balance', async (page) => {
    const text = flat(await page.locator('.woocommerce-MyAccount-content').innerText());
    assert.match(text, /Your balance: 70,00 € \(available 55,00 €\)/);
    const list = await rows(page, '.woocommerce-MyAccount-content table');
    assert.equal(list.length, 5, 'one line per movement');
    const held = list.find((r) => r.Order === '#104');
    assert.match(held.Movement, /^Order payment \(Reserved\)$/);
    assert.equal(held.Amount, '− 15,00 €');
    assert.equal(list.find((r) => r.Order === '#101').Amount, '+ 100,00 €');
    noRawText(list.map((r) => Object.values(r).join(' ')).join(' '), 'My account');
  });
});

test('My account → Credit: the limit, what is owed and what remains in the shop\'s money, why new orders wait, the orders on account', async () => {
  await onPage('/my-account/shopcredit-credit/?customer=44', 'my-account-credit', async (page) => {
    const text = flat(await page.locator('.woocommerce-MyAccount-content').innerText());
    assert.match(text, /Credit limit 1 000,00 €/);
    assert.match(text, /Still to pay on your orders 450,00 €/);
    assert.match(text, /Remaining credit 550,00 €/);
    assert.match(text, /past its due date/);
    const [order] = await rows(page, '.woocommerce-MyAccount-content table:has(th:text("Due"))');
    assert.deepEqual([order.Order, order.Amount, order.Remaining, order.Due], ['#111', '450,00 €', '450,00 €', '7 October 2026']);
    noRawText(text, 'My account → Credit');
  });
});

test('orders on account: order numbers and names linked, what is still due and when; a payment typed in the row is booked once', async () => {
  await onPage(`${ADMIN}&tab=receivables`, 'receivables', async (page) => {
    const table = 'table.wp-list-table';
    const late = (await rows(page, table)).find((r) => r.Order === '#111');
    assert.deepEqual([late.Customer.split(' ').slice(0, 2).join(' '), late.Amount, late.Paid, late['Still due'], late['Due date']], ['Bruno Petit', '450,00 €', '0,00 €', '450,00 €', '7 October 2026']);
    assert.equal(late.State, 'To be paid');
    const row = page.locator(`${table} tbody tr`, { has: page.getByRole('link', { name: '#111' }) });
    await row.getByLabel('Amount').fill('50,00');
    await row.getByLabel('Reference').fill('VIR-4471');
    await row.getByRole('button', { name: 'Record payment' }).click();
    await page.waitForSelector('.notice');
    assert.equal(flat(await page.locator('.notice').first().innerText()), 'Payment recorded on order #111.');
    const after = (await rows(page, table)).find((r) => r.Order === '#111');
    assert.deepEqual([after.Paid, after['Still due']], ['50,00 €', '400,00 €']);
    await page.reload();
    assert.equal((await rows(page, table)).find((r) => r.Order === '#111')['Still due'], '400,00 €', 'a reload books nothing again');
  });
});

test('requests: a credit increase with the customer\'s name, the limits and the message; approved with a new limit', async () => {
  await onPage(`${ADMIN}&tab=requests`, 'requests', async (page) => {
    const table = 'table.wp-list-table';
    const [req] = await rows(page, table);
    assert.match(req.Customer, /^Alice Martin/);
    assert.equal(req['Requested limit'], '8 000,00 € limit then: 5 000,00 €');
    assert.equal(req.Message, 'Our orders double before the holidays.');
    assert.equal(req.State, 'Waiting for a decision');
    await page.getByLabel('New limit').fill('6 000,00');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForSelector('.notice');
    assert.equal(flat(await page.locator('.notice').first().innerText()), 'Decided.');
  });
  await onPage(`${ADMIN}&tab=accounts&s=Acme`, 'credit-line-after-increase', async (page) => {
    assert.equal((await rows(page, 'table.wp-list-table'))[0]['Credit limit'], '6 000,00 €', 'the limit the merchant typed, not the one asked');
  });
});

test('mass credit: a preview first, then the progress bar reaches 100 % with the right counts', async () => {
  await onPage(`${ADMIN}&tab=mass`, 'mass', async (page) => {
    await page.getByLabel('Customers', { exact: true }).selectOption('customer');
    await page.getByLabel('Amount', { exact: true }).fill('5');
    await page.getByLabel('Reason').fill('Welcome gift');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/batch=mass-/);
    const preview = flat(await page.locator('.postbox').first().innerText());
    assert.match(preview, /Credit of 5,00 € — “Welcome gift”/);
    assert.match(preview, /244 customers in the group; it would apply to 244 \(1 220,00 € in all\) and skip 0\. Nothing is booked yet\./);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/batch=mass-/);
    const bar = page.locator('#shopcredit-mass-progress');
    const first = Number(await bar.getAttribute('value'));
    assert.ok(first < 100, `more than one step: the page shows the progress (${first} %)`);
    // The page's own script asks the server (each ask runs a step) and reloads when the batch is done.
    await page.waitForFunction(() => document.getElementById('shopcredit-mass-progress')?.getAttribute('data-state') === 'done', null, { timeout: 60000 });
    assert.equal(await page.locator('#shopcredit-mass-progress').getAttribute('value'), '100');
    assert.match(flat(await page.locator('#shopcredit-mass-text').innerText()), /244 of 244 customers; applied to 244 \(1 220,00 €\), skipped 0\./);
  });
  await onPage(`${ADMIN}&tab=balances&s=Dubois`, 'balances-after-mass', async (page) => {
    const lea = (await rows(page, 'table.wp-list-table'))[0];
    assert.equal(lea.Available, '60,00 €', 'each balance credited once');
  });
});
