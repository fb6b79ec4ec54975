<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\ShopCredit;
use ShopCreditWC\Admin\UserProfile;

/**
 * The user profile's credit lines, one row per currency: what the merchant types in each
 * currency becomes that currency's limit (never another currency's number), a bad row is refused
 * at its own field in words, and an empty row opens nothing.
 */
final class UserProfileTest extends TestCase
{
    public function testEachCurrencyRowIsReadInItsOwnCurrency(): void
    {
        [$rows, $errors] = UserProfile::parse([
            'EUR' => ['limit' => '1 500,50', 'risk' => 'medium', 'terms' => '45', 'on_hold' => '1'],
            'JPY' => ['limit' => '200000', 'risk' => 'low', 'terms' => ''],
            'USD' => ['limit' => '', 'risk' => 'high'],
            'GBP' => ['limit' => '10'],
        ], ['EUR', 'JPY', 'USD']);
        self::assertSame([], $errors);
        self::assertSame([
            'EUR' => ['limit' => '1500.50', 'profile' => ['risk_level' => 'medium', 'on_hold' => true, 'payment_terms_days' => 45]],
            'JPY' => ['limit' => '200000', 'profile' => ['risk_level' => 'low', 'on_hold' => false]],
        ], $rows, 'an empty limit opens nothing; a currency the shop does not offer is not read');

        $sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $sc->settings()->installDefaults('1', 'EUR', 'install');
        foreach ($rows as $cur => $r) {
            $sc->credit()->setLimit('1', '7', $cur, $r['limit'], 'admin:1');
            $sc->credit()->setProfile('1', '7', $cur, $r['profile'], 'admin:1');
        }
        $lines = array_column($sc->overview()->accounts('1', ['kind' => 'credit_line', 'customer_ids' => ['7']], 10)['rows'], null, 'currency');
        self::assertSame(['1500.50', '200000'], [$lines['EUR']['authorized'], $lines['JPY']['authorized']], '¥200,000 is a yen limit, not 200,000.00 of the euro line');
        self::assertSame([45, 'medium', true], [$lines['EUR']['paymentTermsDays'], $lines['EUR']['riskLevel'], $lines['EUR']['onHold']]);
    }

    public function testABadRowIsRefusedAtItsCurrencyInWords(): void
    {
        [$rows, $errors] = UserProfile::parse([
            'EUR' => ['limit' => '100.00'],
            'JPY' => ['limit' => '500.5'],
            'USD' => ['limit' => '10', 'terms' => 'soon'],
        ], ['EUR', 'JPY', 'USD']);
        self::assertSame(['JPY', 'USD'], array_keys($errors));
        self::assertArrayNotHasKey('JPY', $rows);
        foreach ($errors as $words) {
            self::assertNotSame('', $words);
            self::assertDoesNotMatchRegularExpression('/[a-z]+_[a-z]+/', $words, 'words, never a code');
        }
    }
}
