<?php
/**
 * Multishop settings in the real shop (included by run.php last: it turns PrestaShop's multishop
 * feature on, then off again): a shop created later runs on the shared defaults, a save in one
 * shop's context changes that shop only, a save in the "all shops" context changes the shared
 * defaults and no shop that has its own values.
 */
say('multishop: a new shop gets the defaults, a save in one shop\'s context never touches another shop');
$effective = static fn (string $shop, string $name): array => shop('effective', $shop, $name);
$terms = static fn (string $shop): int => (int) ($effective($shop, 'credit')['value']['defaultPaymentTermsDays'] ?? -1);
$fin1 = $effective('1', 'financing.enabled');
$s2 = (string) (shop('shop-add', "Second shop $tag")['id_shop'] ?? 0);
$own2 = shop('effective', $s2, 'credit');
check('a shop created after the install runs on the shared defaults at once (nothing of its own yet)', $s2 !== '0' && $own2['own'] === false && is_array($own2['value']), $own2);
check('the new shop\'s due-date state and top-up methods reached the books on creation', $effective($s2, 'orders.due_date_status')['value'] !== null && is_array($effective($s2, 'orders.top_up_methods')['value']), [$effective($s2, 'orders.due_date_status'), $effective($s2, 'orders.top_up_methods')]);
$r = shop('settings-page', $s2, 'financing_enabled=', 'credit_terms_days=40');
echo '  saved in the new shop\'s context: ', json_encode($r, JSON_UNESCAPED_UNICODE), "\n";
check('saved in the new shop\'s context: that shop has its own values (financing off, 40 days), the page says which shop',
    $r['scope'] === $s2 && $effective($s2, 'financing.enabled')['value'] === false && $terms($s2) === 40 && str_contains((string) $r['scopeNote'], "Second shop $tag"), $r);
check('shop 1 is untouched (financing as it was, its own payment terms)', $effective('1', 'financing.enabled') === $fin1 && $terms('1') !== 40, [$effective('1', 'financing.enabled'), $terms('1')]);
$before1 = $terms('1');
$r = shop('settings-page', 'all', 'credit_terms_days=45');
echo '  saved in the "all shops" context: ', json_encode($r, JSON_UNESCAPED_UNICODE), "\n";
check('saved in the "all shops" context: the shared defaults change (45 days), the shops with their own values keep them',
    $r['scope'] === '*' && $terms('*') === 45 && $terms('1') === $before1 && $terms($s2) === 40, [$r, $terms('*'), $terms('1'), $terms($s2)]);
$s3 = (string) (shop('shop-add', "Third shop $tag")['id_shop'] ?? 0);
check('a shop created after that runs on the new defaults (45 days)', $terms($s3) === 45, $terms($s3));
shop('shop-delete', $s3);
shop('shop-delete', $s2); // a later run starts again from one shop
shop('multishop-off');
