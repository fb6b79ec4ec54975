<?php

declare(strict_types=1);

/*
 * Seeds the demo shop through the bridge (run by demo/serve.sh on a fresh database):
 * the core's default settings with financing on, Acme SARL's credit line, nothing else —
 * every other figure comes from what you do in the shop.
 */

namespace ShopCreditDemo;

require_once __DIR__ . '/Demo.php';

$sc = Demo::get()->sc;
$settings = $sc->settings();
$settings->installDefaults(Demo::SHOP, Demo::CURRENCY, 'demo:seed');
$saved = $settings->save(Demo::SHOP, ['financing.enabled' => true, 'credit.enabled' => true, 'checkout.display' => 'show_disabled'], Demo::CURRENCY, 'demo:seed');
if (!$saved['saved']) {
    \fwrite(\STDERR, 'demo seed: settings refused: ' . \json_encode($saved['violations']) . "\n");
    exit(1);
}
$sc->credit()->setLimit(Demo::SHOP, '7', Demo::CURRENCY, '5000.00', 'demo:seed');
$sc->credit()->setProfile(Demo::SHOP, '7', Demo::CURRENCY, ['company_name' => 'Acme SARL', 'risk_level' => 'low', 'payment_terms_days' => 30], 'demo:seed');
echo 'seeded: shop ' . Demo::SHOP . ' (' . Demo::CURRENCY . '), runtime ' . \ShopCredit\Core::runtime()->name() . "\n";
