<?php

declare(strict_types=1);

namespace {
    if (!class_exists('Shopcredit')) {
        /** PrestaShop's Module::l() answers the string HTML-escaped: so does this stand-in. */
        class Shopcredit
        {
            public function l(string $s, string $source = ''): string
            {
                return htmlspecialchars($s, ENT_QUOTES, 'UTF-8');
            }
        }
    }
}

namespace ShopCreditPs\Tests {
    use PHPUnit\Framework\TestCase;
    use ShopCreditPs\Admin\SettingsChoices;
    use ShopCreditPs\Admin\SettingsFields;
    use ShopCreditPs\Admin\SettingsForm;

    /** The settings page as PrestaShop's HelperForm: fields, selects, money per currency, errors next to their field. */
    final class SettingsFieldsTest extends TestCase
    {
        private static function choices(): SettingsChoices
        {
            return new SettingsChoices('EUR', [
                'orderStates' => ['2' => 'Payment accepted', '9' => 'On <b>hold</b>'],
                'groups' => ['3' => 'Customer', '4' => 'Pros & co'],
                'riskLevels' => ['low' => 'Low', 'medium' => 'Medium', 'high' => 'High'],
                'riskEffects' => ['none' => 'As usual', 'block' => 'No'],
                'vatModes' => ['none' => 'None'],
                'providerStatuses' => ['ACCEPTED' => 'Accepted by the lender', 'REQUESTED' => 'Application sent'],
                'coreStatuses' => ['paid' => 'Paid'],
                'signs' => ['EUR' => '€', 'JPY' => '¥', 'CHF' => 'CHF'],
            ], [['id' => 'ps_wirepayment', 'name' => 'Bank wire']], []);
        }

        /** @return array<string, array<string, mixed>> every input by name */
        private static function inputs(array $errors = []): array
        {
            $out = [];
            foreach ((new SettingsFields(new \Shopcredit(), self::choices(), $errors))->forms() as $form) {
                foreach ($form['form']['input'] as $i) {
                    $out[$i['name']] = $i;
                }
            }
            return $out;
        }

        public function testSelectsOfferTheShopsStatesAndGroupsEscapedAndGroupsAreAMultipleSelect(): void
        {
            $in = self::inputs();
            self::assertSame('select', $in['SHOPCREDIT_OS_ACCOUNT_OK']['type']);
            self::assertSame(['Payment accepted', 'On &lt;b&gt;hold&lt;/b&gt;'], array_column($in['SHOPCREDIT_OS_ACCOUNT_OK']['options']['query'], 'name'));
            self::assertTrue($in['wallet_groups[]']['multiple']);
            self::assertSame(['3', '4'], array_column($in['wallet_groups[]']['options']['query'], 'id'));
            self::assertSame('Pros &amp; co', $in['wallet_groups[]']['options']['query'][1]['name']);
            self::assertSame('switch', $in['credit_enabled']['type']);
            self::assertSame('checkbox', $in['paid']['type'], 'paid_<STATUS> checkboxes');
        }

        public function testEveryCurrencyHasItsOwnMoneyFieldsWithItsSign(): void
        {
            $in = self::inputs();
            self::assertSame('€ EUR', $in['wallet_min_topup']['suffix']);
            self::assertSame('¥ JPY', $in['wallet_cur_JPY_maxTopUp']['suffix']);
            self::assertSame('CHF', $in['wallet_cur_CHF_minWithdrawal']['suffix'], 'a sign that is the code is not repeated');
            self::assertArrayNotHasKey('wallet_cur_EUR_minTopUp', $in, 'the shop currency has the main fields');
        }

        public function testARefusedValueIsRedWithItsWordsAndTheOthersAreNot(): void
        {
            $in = self::inputs(['wallet_min_topup' => 'Enter an amount such as €12.50.', 'wallet_groups' => 'No such group.', 'paid_REQUESTED' => 'Not final.']);
            self::assertSame('has-error', $in['wallet_min_topup']['form_group_class']);
            self::assertSame('Enter an amount such as €12.50.', $in['wallet_min_topup']['sc_error']);
            self::assertSame('No such group.', $in['wallet_groups[]']['sc_error']);
            self::assertSame('Not final.', $in['paid']['sc_error'], 'a checkbox of the group');
            self::assertArrayNotHasKey('sc_error', $in['wallet_max_topup']);
            $labels = (new SettingsFields(new \Shopcredit(), self::choices(), []))->labels();
            self::assertSame('Minimum top-up', $labels['wallet_min_topup']);
            self::assertSame('Lender statuses that mean the order is paid (Application sent)', $labels['paid_REQUESTED']);
        }

        public function testTheCoresRefusalsLandOnTheirFields(): void
        {
            self::assertSame('wallet_max_topup', SettingsForm::fieldOf('wallet.maxTopUp'));
            self::assertSame('wallet_cur_JPY_minWithdrawal', SettingsForm::fieldOf('wallet.perCurrency.JPY.minWithdrawal'));
            self::assertSame('credit_terms_days', SettingsForm::fieldOf('credit.defaultPaymentTermsDays'));
            self::assertSame('risk_high', SettingsForm::fieldOf('credit.riskEffects.high'));
            self::assertSame('map_ACCEPTED', SettingsForm::fieldOf('financing.mapping', 'ACCEPTED'));
            self::assertSame('map_REJECTED', SettingsForm::fieldOf('financing.mapping.REJECTED.orderStatus'));
            self::assertSame('wallet_groups', SettingsForm::fieldOf('wallet.allowedGroups.0'));
            self::assertNull(SettingsForm::fieldOf('wallet'), 'the form as a whole');
        }

        public function testTypedValuesAreCheckedInTheirCurrencyAllAtOnce(): void
        {
            $errors = SettingsForm::inputErrors(['wallet_min_topup' => 'abc', 'wallet_max_topup' => '1 000,50', 'wallet_cur_JPY_minTopUp' => '1.5',
                'wallet_cur_JPY_maxTopUp' => '150000', 'credit_terms_days' => '30 days', 'wallet_topup_vat_rate' => '20,5'], 'EUR');
            self::assertSame(['wallet_min_topup' => 'invalid_amount', 'wallet_cur_JPY_minTopUp' => 'too_many_decimals', 'credit_terms_days' => 'invalid_value'], $errors);
            self::assertSame([], SettingsForm::inputErrors(['wallet_min_topup' => '', 'credit_terms_days' => '45'], 'EUR'));
        }

        public function testTopUpMethodsFromHelperFormCheckboxesOrAListOnlyInstalledOnes(): void
        {
            $installed = ['ps_wirepayment', 'ps_checkpayment'];
            self::assertSame(['ps_checkpayment'], SettingsForm::topUpMethods(['topup_methods_ps_checkpayment' => 'on', 'topup_methods_evil' => 'on'], $installed));
            self::assertSame(['ps_wirepayment'], SettingsForm::topUpMethods(['topup_methods' => ['ps_wirepayment', 'gone']], $installed));
            self::assertSame([], SettingsForm::topUpMethods([], $installed));
        }
    }
}
