<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\I18n\Words;
use ShopCredit\Service\Order\HostAction;
use ShopCredit\Service\Order\HostActions;
use ShopCredit\Service\Orders;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\Admin\OrderHealth;

/**
 * The settings doctor's "Order actions" block through the real bridge (SQLite): actions the shop
 * could not perform are listed in the shop's language, the order named by its PrestaShop
 * reference (never the books' ref) and linked to its page; nothing pending says so.
 */
final class OrderHealthTest extends TestCase
{
    public function testActionsTheShopGaveUpOnAreListedInWordsWithALinkToTheirOrder(): void
    {
        $sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $sc->settings()->installDefaults('1', 'EUR', 'install');
        $sc->settings->set('1', 'credit.enabled', true);
        $sc->credit()->setLimit('1', '8', 'EUR', '500.00', 'admin:1');
        $fr = Words::for('fr-FR');
        $orders = static fn (string $ref): ?array => $ref === 'ps-c41' ? ['name' => 'XKBKNABJK', 'url' => 'index.php?controller=AdminOrders&id_order=3&vieworder=1'] : null;
        $day = static fn (int $t): string => gmdate('Y-m-d', $t);
        self::assertSame(['ok' => true, 'text' => 'Toutes les actions de commande ont été faites.', 'rows' => []], OrderHealth::of($sc->orders(), ['1'], $fr, $orders, $day));

        $failing = new class () implements HostActions {
            public function perform(HostAction $action): void
            {
                throw new \RuntimeException('PrestaShop down');
            }
        };
        $placed = $sc->orders()->place('1', 'ps-c41', ['customer' => ['customerId' => '8'], 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '40.00'], 'placed:a', $failing);
        self::assertTrue($placed['accepted']);
        for ($try = 1; $try < Orders::MAX_ATTEMPTS; $try++) {
            $sc->orders()->redrive($failing, 0);
        }

        $h = OrderHealth::of($sc->orders(), ['1'], $fr, $orders, $day);
        self::assertFalse($h['ok']);
        self::assertCount(count($placed['actions']), $h['rows'], 'each action the shop gave up on, once');
        self::assertContains(['text' => 'Commande XKBKNABJK : la boutique n’a pas pu passer la commande au statut « En compte » (5 essais). Vérifiez la commande et faites-le à la main ; ce n’est plus réessayé.',
            'url' => 'index.php?controller=AdminOrders&id_order=3&vieworder=1'], $h['rows']);
        foreach ($h['rows'] as $r) {
            self::assertStringNotContainsString('ps-c41', $r['text'], 'the order by its reference, never the books\' ref');
        }
        self::assertTrue(OrderHealth::of($sc->orders(), ['2'], $fr, $orders, $day)['ok'], 'another shop\'s actions are not this shop\'s');
        self::assertSame($h['rows'], OrderHealth::of($sc->orders(), ['2', '1'], $fr, $orders, $day)['rows'], 'the "all shops" context lists every shop\'s');
    }
}
