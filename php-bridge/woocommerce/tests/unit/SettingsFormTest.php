<?php

declare(strict_types=1);

namespace {
    use PHPUnit\Framework\TestCase;
    use ShopCredit\Service\ShopCredit;
    use ShopCreditWC\Admin\SettingsForm;

    /**
     * The settings form's fields → the core's settings, saved through the real bridge (SQLite):
     * what the merchant ticks and types is what the core then decides with.
     */
    final class SettingsFormTest extends TestCase
    {
        private const STORED = ['currency' => 'EUR', 'enabled' => true, 'allowedGroups' => [], 'allowPartial' => true, 'allowTopUp' => true, 'allowWithdrawal' => true,
            'minTopUp' => '5.00', 'maxTopUp' => '1000.00', 'minWithdrawal' => '10.00', 'topUpVat' => ['mode' => 'none'], 'rates' => ['USD' => ['rate' => '1.08', 'asOf' => '2026-11-01']]];

        public function testBalanceFieldsBecomeTheWalletSettingTheCoreDecidesWith(): void
        {
            [$wallet, $errors] = SettingsForm::walletValue([
                'enabled' => '1', 'allowTopUp' => '1', 'allowedGroups' => ['customer' => '1', 'nobody' => '1'],
                'minTopUp' => '10,00', 'maxTopUp' => '2 000,00', 'minWithdrawal' => '',
                'topUpVat' => ['mode' => 'included', 'rate' => '20'],
                'perCurrency' => [['currency' => 'jpy', 'minTopUp' => '500', 'maxTopUp' => '150000'], ['currency' => '', 'minTopUp' => '1']],
            ], self::STORED);
            self::assertSame([], $errors);
            self::assertEquals(['enabled' => true, 'allowPartial' => false, 'allowTopUp' => true, 'allowWithdrawal' => false, 'allowedGroups' => ['customer']],
                array_intersect_key($wallet, array_flip(['enabled', 'allowPartial', 'allowTopUp', 'allowWithdrawal', 'allowedGroups'])), 'unticked boxes are off; only real roles');
            self::assertSame(['10.00', '2000.00', false], [$wallet['minTopUp'], $wallet['maxTopUp'], isset($wallet['minWithdrawal'])], 'amounts typed the French way; an empty field is no limit');
            self::assertSame(['JPY' => ['minTopUp' => '500', 'maxTopUp' => '150000']], $wallet['perCurrency']);
            self::assertSame(self::STORED['rates'], $wallet['rates'], 'what the form does not show is kept');

            $sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
            $sc->settings()->installDefaults('1', 'EUR', 'install');
            self::assertTrue($sc->settings()->save('1', ['wallet' => $wallet], 'EUR', 'admin:1')['saved']);
            self::assertTrue($sc->wallet()->checkTopUp('1', 'JPY', '10000')['accepted'], '¥10,000 within the yen row');
            self::assertSame(['amount_above_maximum'], $sc->wallet()->checkTopUp('1', 'EUR', '2000.01')['reasons']);
            self::assertSame(['amount_below_minimum'], $sc->wallet()->checkTopUp('1', 'EUR', '9.99')['reasons']);
        }

        public function testABadAmountIsReportedAtItsFieldAndNothingElse(): void
        {
            [, $errors] = SettingsForm::walletValue(['minTopUp' => '-5.00', 'maxTopUp' => '10.001', 'perCurrency' => [['currency' => 'JPY', 'minTopUp' => '5.5']]], self::STORED);
            self::assertSame(['wallet.minTopUp', 'wallet.maxTopUp', 'wallet.perCurrency'], array_keys($errors));
            foreach ($errors as $words) {
                self::assertDoesNotMatchRegularExpression('/[a-z]+_[a-z]+/', $words, 'words, never a code');
            }
        }

        public function testCreditAndMappingFieldsKeepTheCoresShapes(): void
        {
            $credit = SettingsForm::creditValue(['defaultPaymentTermsDays' => '45', 'blockWhenOverdue' => '1', 'reminderOffsetsDays' => '14, −3,0 ;7, soon',
                'riskEffects' => ['low' => 'none', 'medium' => 'block', 'high' => 'explode']], ['utcOffsetS' => 3600, 'blockWhenUnpaid' => true]);
            self::assertSame(['utcOffsetS' => 3600, 'blockWhenUnpaid' => false, 'defaultPaymentTermsDays' => 45, 'blockWhenOverdue' => true,
                'reminderOffsetsDays' => [-3, 0, 7, 14], 'riskEffects' => ['low' => 'none', 'medium' => 'block', 'high' => 'none']], $credit);

            $sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
            $stored = $sc->settings()->defaults('EUR')['financing.mapping'];
            $mapping = SettingsForm::mappingValue(['ACCEPTED' => ['orderStatus' => 'paid', 'isPaid' => '1'], 'REJECTED' => ['orderStatus' => 'nonsense']], $stored);
            self::assertSame(array_keys($stored), array_keys($mapping), 'every status, in the stored order (an unchanged mapping is not saved again)');
            self::assertSame(['isPaid' => false, 'orderStatus' => 'payment_error'], $mapping['REJECTED'], 'an unknown status keeps the stored one');
            self::assertTrue($sc->settings()->save('1', ['credit' => $credit, 'financing.mapping' => $mapping], 'EUR', 'admin:1')['saved']);
            $mapping['PRE_ACCEPTED']['isPaid'] = true;
            self::assertFalse($sc->settings()->save('1', ['financing.mapping' => $mapping], 'EUR', 'admin:1')['saved'], 'the core still refuses a paid status before acceptance');
        }
    }
}
