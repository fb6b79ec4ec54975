<?php
declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditPs\Admin\Permissions;
use ShopCreditPs\Money;

/**
 * Issue 17 in the PrestaShop adapter: every back-office action checks the employee's own rights
 * (a view-only profile is refused all of them), typed amounts with too many decimals are refused,
 * the payment validation controllers and the admin messages are guarded.
 */
final class SecurityTest extends TestCase
{
    private const MODULE = __DIR__ . '/../../shopcredit';

    /** @return list<string> every sc_do action the back-office templates can post */
    private static function postedActions(): array
    {
        $found = [];
        foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator(self::MODULE . '/views')) as $f) {
            if ($f->isFile() && preg_match_all('/name="sc_do" value="([a-z_]+)"/', (string) file_get_contents($f->getPathname()), $m)) {
                array_push($found, ...$m[1]);
            }
        }
        $found = array_values(array_unique($found));
        sort($found);
        return $found;
    }

    public function testAViewOnlyProfileIsRefusedEveryActionTheBackOfficeOffers(): void
    {
        $actions = self::postedActions();
        self::assertGreaterThanOrEqual(13, count($actions));
        $viewOnly = static fn (string $right): bool => $right === 'view';
        $editor = static fn (string $right): bool => in_array($right, ['view', 'edit'], true);
        $full = static fn (string $right): bool => true;
        foreach ($actions as $a) {
            self::assertArrayHasKey($a, Permissions::ACTION_RIGHTS, "$a has its rights");
            self::assertFalse(Permissions::allowed($a, $viewOnly), "view-only may not $a");
            self::assertTrue(Permissions::allowed($a, $full), "all rights may $a");
        }
        self::assertFalse(Permissions::allowed('mass', $editor), 'mass credit adds movements: needs add too');
        self::assertTrue(Permissions::allowed('adjust', $editor));
        self::assertFalse(Permissions::allowed('drop_everything', $full), 'unknown actions are refused');
    }

    public function testTheControllerChecksRightsBeforeDispatchingAndEscapesEveryMessage(): void
    {
        $src = (string) file_get_contents(self::MODULE . '/controllers/admin/AdminShopCreditController.php');
        self::assertMatchesRegularExpression('/Permissions::allowed\(\$do, fn \(string \$right\): bool => \(bool\) \$this->access\(\$right\)\)/', $src);
        self::assertLessThan(strpos($src, '$this->dispatch($do)'), strpos($src, 'Permissions::allowed('));
        // Every message reaches the page only through htmlspecialchars.
        preg_match_all('/\$this->(errors|confirmations)\[\] = (.*);/', $src, $m);
        self::assertNotEmpty($m[2]);
        foreach ($m[2] as $expr) {
            self::assertStringStartsWith('htmlspecialchars(', $expr);
        }
    }

    public function testOverPreciseAmountsAreRefusedWithTheirReasonNeverRounded(): void
    {
        self::assertNull(Money::parseInput('10.005', 'EUR'));
        self::assertNull(Money::parseInput('10.001', 'EUR'));
        self::assertNull(Money::parseInput('1.5', 'JPY'));
        self::assertSame('too_many_decimals', Money::inputError('10.005', 'EUR'));
        self::assertSame('invalid_amount', Money::inputError('<img src=x>', 'EUR'));
        self::assertSame('12.50', Money::parseInput(' 12,5 ', 'EUR'));
        self::assertSame('10.00', Money::parseInput('10.000', 'EUR'));
    }

    public function testPaymentValidationControllersNeedTheCsrfToken(): void
    {
        $base = (string) file_get_contents(self::MODULE . '/src/Front/ValidationController.php');
        self::assertStringContainsString("hash_equals((string) \\Tools::getToken(false), (string) \\Tools::getValue('token'))", $base);
        foreach (['account', 'balance', 'partial', 'financing'] as $c) {
            $src = (string) file_get_contents(self::MODULE . "/controllers/front/$c.php");
            self::assertStringContainsString('extends ShopCreditPs\Front\ValidationController', $src, $c);
            self::assertStringContainsString('$this->checkedCart()', $src, $c);
        }
        self::assertStringContainsString("'token' => Tools::getToken(false)", (string) file_get_contents(self::MODULE . '/shopcredit.php'));
        self::assertStringContainsString('<input type="hidden" name="{$name', (string) file_get_contents(self::MODULE . '/views/templates/hook/payment_form.tpl'));
    }
}
