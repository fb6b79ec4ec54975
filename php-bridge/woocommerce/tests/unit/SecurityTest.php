<?php

declare(strict_types=1);

namespace ShopCreditWC\Admin {
    // WordPress's escaping and translation, as the settings page calls them (the adapter's
    // unit tests run without WordPress): enough to render a field exactly as WordPress would.
    function esc_html(string $s): string
    {
        return htmlspecialchars($s, ENT_QUOTES, 'UTF-8');
    }
    function esc_attr(string $s): string
    {
        return htmlspecialchars($s, ENT_QUOTES, 'UTF-8');
    }
    function __(string $s, string $domain = ''): string
    {
        return $s;
    }
}

namespace {
    use PHPUnit\Framework\TestCase;
    use ShopCreditWC\Admin\Actions;
    use ShopCreditWC\Admin\SecretField;
    use ShopCreditWC\Money;
    use ShopCreditWC\Options;
    use ShopCreditWC\RestGuard;

    /**
     * Issue 17 in the WooCommerce adapter: WordPress capabilities per admin action (a role that
     * may only view is refused every action), write-only secrets, typed amounts never rounded.
     */
    final class SecurityTest extends TestCase
    {
        public function testARoleThatMayOnlyViewIsRefusedEveryAdminAction(): void
        {
            $viewOnly = static fn (string $cap): bool => in_array($cap, ['read', 'view_woocommerce_reports'], true);
            $editor = static fn (string $cap): bool => in_array($cap, ['read', 'edit_posts', 'edit_shop_orders'], true);
            $manager = static fn (string $cap): bool => in_array($cap, ['read', 'view_woocommerce_reports', 'manage_woocommerce', 'edit_shop_orders'], true);
            foreach ([...Actions::ACTIONS, 'export'] as $action) {
                self::assertArrayHasKey($action, RestGuard::ACTION_CAPABILITIES, "$action has its capabilities");
                self::assertFalse(RestGuard::actionAllowed($action, $viewOnly), "view-only may not $action");
                self::assertFalse(RestGuard::actionAllowed($action, $editor), "an order editor may not $action");
                self::assertSame($action !== 'faster_runtime', RestGuard::actionAllowed($action, $manager), "a shop manager may $action, but not turn on native code on the server");
                self::assertTrue(RestGuard::actionAllowed($action, static fn (string $cap): bool => $manager($cap) || $cap === 'manage_options'), "an administrator may $action");
            }
            self::assertFalse(RestGuard::actionAllowed('refund_to_balance', static fn (string $c): bool => $c === 'manage_woocommerce'), 'order actions need edit_shop_orders too');
            self::assertFalse(RestGuard::actionAllowed('drop_books', static fn (): bool => true), 'unknown actions are refused');
            $src = (string) file_get_contents(__DIR__ . '/../../shopcredit/includes/Admin/Actions.php');
            self::assertStringContainsString("RestGuard::actionAllowed( \$action, 'current_user_can' )", $src);
        }

        public function testSecretsAreNeverRenderedBackAndAnEmptySubmitKeepsThem(): void
        {
            $secret = 'sk_live_9f8e7d6c5b4a';
            $html = SecretField::render('options[provider_client_secret]', 'Provider client secret', true);
            self::assertStringNotContainsString($secret, $html);
            self::assertStringContainsString('value=""', $html);
            self::assertStringContainsString('type="password"', $html);
            self::assertStringContainsString('(stored; leave empty to keep)', $html);
            self::assertStringContainsString('(not set)', SecretField::render('options[webhook_key]', 'Webhook signing key', false));
            $settingsPage = (string) file_get_contents(__DIR__ . '/../../shopcredit/includes/Admin/SettingsPage.php');
            self::assertStringContainsString('SecretField::render(', $settingsPage);
            self::assertSame(['provider_client_secret', 'webhook_key'], Options::SECRETS);

            $stored = ['provider_client_secret' => $secret, 'webhook_key' => 'whk-stored-0123456789', 'provider_client_id' => 'id'];
            $kept = Options::keepSecrets(['provider_client_secret' => '', 'webhook_key' => '  ', 'provider_client_id' => 'new-id'], $stored);
            self::assertSame([$secret, 'whk-stored-0123456789', 'new-id'], [$kept['provider_client_secret'], $kept['webhook_key'], $kept['provider_client_id']]);
            $changed = Options::keepSecrets(['provider_client_secret' => 'sk_new', 'webhook_key' => ''], $stored);
            self::assertSame('sk_new', $changed['provider_client_secret']);
        }

        public function testTypedAmountsWithTooManyDecimalsAreRefusedNotRounded(): void
        {
            foreach (['10.005', '10.001', '0.009'] as $typed) {
                try {
                    Money::fromTyped($typed, 'EUR');
                    self::fail("$typed accepted");
                } catch (\ShopCredit\Storage\MoneyFormatException $e) {
                    self::assertSame('too_many_decimals', $e->errorCode);
                }
            }
            self::assertSame('12.50', Money::fromTyped('12,5', 'eur'));
            $actions = (string) file_get_contents(__DIR__ . '/../../shopcredit/includes/Admin/Actions.php');
            self::assertStringNotContainsString('Money::fromWc( sanitize_text_field', $actions, 'every typed admin amount goes through fromTyped');
        }
    }
}
