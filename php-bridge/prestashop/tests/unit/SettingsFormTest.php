<?php

declare(strict_types=1);

namespace ShopCreditPs\Tests;

use PHPUnit\Framework\TestCase;
use ShopCreditPs\Admin\SettingsForm;

/** The settings form's balance amounts per currency and customer groups → the core's wallet setting, and back. */
final class SettingsFormTest extends TestCase
{
    public function testAmountsPerCurrencyAreSavedInTheirCurrencyAndAnEmptyCurrencyHasNone(): void
    {
        $wallet = ['enabled' => true, 'minTopUp' => '5.00', 'perCurrency' => ['USD' => ['minTopUp' => '5.00', 'maxTopUp' => '500.00', 'minWithdrawal' => '10.00']]];
        $out = SettingsForm::perCurrency([
            'wallet_cur_JPY_minTopUp' => '500', 'wallet_cur_JPY_maxTopUp' => '150000', 'wallet_cur_JPY_minWithdrawal' => '1000',
            'wallet_cur_USD_minTopUp' => '', 'wallet_cur_USD_maxTopUp' => ' ', 'wallet_cur_USD_minWithdrawal' => '',
        ], $wallet);
        self::assertSame(['JPY' => ['minTopUp' => '500', 'maxTopUp' => '150000', 'minWithdrawal' => '1000']], $out['perCurrency'], 'yen in yen (no decimals), dollars emptied: none');
        self::assertSame('5.00', $out['minTopUp'], 'the shop currency\'s amounts are untouched');
    }

    public function testACurrencyNotPostedKeepsItsAmountsAndNoneLeftRemovesTheKey(): void
    {
        $wallet = ['perCurrency' => ['USD' => ['minTopUp' => '5.00']]];
        self::assertSame($wallet, SettingsForm::perCurrency(['wallet_cur_JPY_minTopUp' => ''], $wallet));
        self::assertArrayNotHasKey('perCurrency', SettingsForm::perCurrency(['wallet_cur_USD_minTopUp' => ''], $wallet));
    }

    public function testTickedGroupsAndTheFormBuiltFromTheSettingsGiveTheSameSettingsBack(): void
    {
        $current = ['wallet' => ['enabled' => true, 'allowedGroups' => ['3', '4'], 'perCurrency' => ['JPY' => ['minTopUp' => '500', 'maxTopUp' => '150000', 'minWithdrawal' => '1000']], 'topUpVat' => ['mode' => 'none']]];
        $post = SettingsForm::postFromSettings($current);
        self::assertSame(['3', '4'], $post['wallet_groups']);
        self::assertSame('150000', $post['wallet_cur_JPY_maxTopUp']);
        $back = SettingsForm::coreValues($post, $current, 'EUR')['wallet'];
        self::assertSame(['3', '4'], $back['allowedGroups']);
        self::assertSame($current['wallet']['perCurrency'], $back['perCurrency']);
        self::assertSame([], SettingsForm::coreValues(['wallet_groups' => []] + $post, $current, 'EUR')['wallet']['allowedGroups'], 'none ticked: every group');
    }
}
