<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\I18n\Words;
use ShopCredit\Service\Order\HostAction;
use ShopCredit\Service\Order\HostActions;
use ShopCredit\Service\Orders;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * The doctor's order block: host actions that may not have happened are listed in words — one
 * started and never confirmed (never retried: at most once), one the host failed to perform
 * Orders::MAX_ATTEMPTS times — for that shop only; nothing listed says so too.
 */
final class OrderHealthTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testActionsThatMayNotHaveHappenedAreListedInWords(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $orders = $sc->orders();
        $fr = Words::for('fr-FR');
        self::assertSame([true, 'Toutes les actions de commande ont été faites.', []], \array_values($orders->health('1', $fr)));
        $this->creditLine($sc, '42', 100_000);
        $this->creditLine($sc, '43', 100_000, '2');

        // Shop 1: the performer died after claiming the order's first action.
        $placed = $orders->place('1', 'o-1', ['customer' => self::customer('42'), 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '40.00']);
        $status = \array_values(\array_filter($placed['actions'], static fn (array $a): bool => $a['type'] === 'set_status'))[0];
        self::assertTrue($sc->connection->transaction(fn (): bool => $sc->orderRepository->claim((int) $status['id'], 'died', self::NOW)));
        $working = new class () implements HostActions {
            public function perform(HostAction $action): void
            {
            }
        };
        self::assertSame(\count($placed['actions']) - 1, $orders->perform($placed['actions'], $working), 'the others were performed');
        // Shop 2: its host cannot perform anything (each try fails; the job tries again).
        $failing = new class () implements HostActions {
            public function perform(HostAction $action): void
            {
                throw new \RuntimeException('host down');
            }
        };
        $other = $orders->place('2', 'o-2', ['customer' => self::customer('43'), 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '10.00'], 'placed', $failing);
        for ($try = 1; $try < Orders::MAX_ATTEMPTS; $try++) {
            $orders->redrive($failing, 0);
        }
        self::assertSame(['performed' => 0, 'seen' => 0], $orders->redrive($failing, 0), 'given up after MAX_ATTEMPTS tries');

        $this->clock->set(self::NOW + 2 * 3600);
        $one = $orders->health('1', $fr);
        self::assertFalse($one['ok']);
        self::assertCount(1, $one['actions'], 'shop 2\'s actions are not shop 1\'s');
        self::assertSame(['o-1', 'stuck', self::NOW], [$one['actions'][0]['orderRef'], $one['actions'][0]['state'], $one['actions'][0]['since']]);
        self::assertSame('Commande o-1 : la boutique a commencé à passer la commande au statut « En compte » le 02/11/2026 sans le confirmer. '
            . 'Vérifiez la commande et faites-le à la main s’il manque ; ce n’est pas refait automatiquement, pour ne jamais le faire deux fois.', $one['text']);

        $two = $orders->health('2', Words::for('en-GB'));
        self::assertSame(\count($other['actions']), \count($two['actions']), 'every action of the order, once each');
        self::assertSame(['given_up'], \array_values(\array_unique(\array_column($two['actions'], 'state'))));
        self::assertContains('Order o-2: the shop could not set the order status to “On account” (5 tries). Check the order and do it by hand; it is no longer retried.', \array_column($two['actions'], 'text'));
        foreach ($two['actions'] as $a) {
            self::assertDoesNotMatchRegularExpression('/\b[a-z]+_[a-z_]+\b/', $a['text'], 'words, never a code');
        }
        self::assertCount(1, $orders->stuckActions(3600, '1'));
        self::assertSame([], $orders->stuckActions(3600, '2'));
    }
}
