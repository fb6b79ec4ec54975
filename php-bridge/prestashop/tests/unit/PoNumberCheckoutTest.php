<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\Bridge;
use ShopCreditPs\PoNumber;

/**
 * "Pay on account" with a purchase-order number: the module's real validation controller
 * (controllers/front/account.php, postProcess) against the real bridge on SQLite, for each of the
 * merchant's choices (required, optional, off). Only PrestaShop's side is stubbed: the cart checks,
 * the placement's answer and validateOrder (recorded), the redirect.
 *
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class PoNumberCheckoutTest extends TestCase
{
    private ShopCredit $sc;
    private object $cookie;

    protected function setUp(): void
    {
        require_once __DIR__ . '/Support/ValidationStubs.php';
        require_once __DIR__ . '/../../shopcredit/controllers/front/account.php';
        $this->sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $this->sc->settings()->installDefaults('1', 'EUR', 'install');
        (new ReflectionProperty(Bridge::class, 'sc'))->setValue(null, $this->sc);
        $this->cookie = new stdClass();
    }

    /** Posts the payment form of cart $cart with $po (null: no field posted) and runs postProcess. */
    private function submit(string $mode, ?string $po, int $cart = 41, bool $placementAccepted = true): object
    {
        $this->sc->settings->set('1', 'orders.po_number', $mode);
        Tools::$post = $po === null ? [] : [PoNumber::FIELD => $po];
        $c = new class () extends ShopcreditAccountModuleFrontController {
            public Cart $cart;
            public bool $accepted = true;
            public bool $placed = false;
            public ?string $poAtCreate = 'not created';
            public bool $confirmed = false;

            protected function checkedCart(): Cart
            {
                return $this->cart;
            }

            protected function isStale(Cart $cart): bool
            {
                return false;
            }

            protected function place(Cart $cart, array $placement): ?array
            {
                $this->placed = true;
                return $this->accepted ? ['accepted' => true, 'actions' => [], '_key' => 'placed:t'] : null;
            }

            protected function create(Cart $cart, array $placed, int $state, string $label): ?Order
            {
                $this->poAtCreate = Bridge::sc()->purchaseOrders()->get('1', 'ps-c' . $cart->id);
                $o = new Order();
                $o->id = 900 + (int) $cart->id;
                return $o;
            }

            protected function confirm(Cart $cart, Order $order, array $placed): void
            {
                $this->confirmed = true;
            }
        };
        $c->cart = new Cart();
        $c->cart->id = $cart;
        $c->accepted = $placementAccepted;
        $c->module = new class () {
            public function l(string $s, string $domain = ''): string
            {
                return $s;
            }

            public function stateId(string $key): int
            {
                return 20;
            }
        };
        $c->context = (object) ['cookie' => $this->cookie, 'link' => new class () {
            public function getPageLink(string $page, bool $ssl, $lang, array $params): string
            {
                return 'https://shop.test/' . $page . '?step=' . $params['step'];
            }
        }];
        $c->postProcess();
        return $c;
    }

    private function stored(int $cart = 41): ?string
    {
        return $this->sc->purchaseOrders()->get('1', 'ps-c' . $cart);
    }

    public function testRequiredAndLeftEmptyIsRefusedInWordsBeforeAnythingIsPlaced(): void
    {
        $c = $this->submit('required', '   ');
        self::assertFalse($c->placed, 'no placement, nothing reserved on the credit line');
        self::assertSame(['Please enter your purchase-order number.'], $c->errors);
        self::assertSame('https://shop.test/order?step=4', $c->redirectedTo, 'back to the payment step');
        self::assertSame(['po' => '   ', 'code' => 'po_number_required'], PoNumber::recalled($this->cookie, 41), 'the field shows why, for this cart');
        self::assertSame(['po' => '', 'code' => null], PoNumber::recalled($this->cookie, 42), 'another cart starts clean');
        self::assertNull($this->stored());
    }

    public function testATooLongNumberIsRefusedByTheBridgesRuleAndKeptForTheField(): void
    {
        $typed = str_repeat('7', 36);
        $c = $this->submit('required', $typed);
        self::assertFalse($c->placed);
        self::assertSame(['A purchase-order number has at most 35 letters, digits or signs.'], $c->errors);
        self::assertSame(['po' => $typed, 'code' => 'po_number_invalid'], PoNumber::recalled($this->cookie, 41));
        $c = $this->submit('optional', "PO\x07bell");
        self::assertFalse($c->placed, 'a control character is refused in optional mode too');
    }

    public function testRequiredAndGivenIsStoredBeforeTheOrderIsCreatedAndTheRefusalForgotten(): void
    {
        $this->submit('required', '');
        $c = $this->submit('required', ' PO-2026/114 ');
        self::assertTrue($c->placed);
        self::assertSame([], $c->errors);
        self::assertSame('PO-2026/114', $c->poAtCreate, 'stored when PrestaShop composes the order e-mails');
        self::assertTrue($c->confirmed);
        self::assertSame('PO-2026/114', $this->stored());
        self::assertSame(['po' => '', 'code' => null], PoNumber::recalled($this->cookie, 41));
    }

    public function testOptionalGoesOnWithOrWithoutANumber(): void
    {
        $c = $this->submit('optional', '', 43);
        self::assertTrue($c->confirmed);
        self::assertNull($this->stored(43));
        $c = $this->submit('optional', 'BC 88-12', 44);
        self::assertTrue($c->confirmed);
        self::assertSame('BC 88-12', $this->stored(44));
    }

    public function testOffAsksNothingAndAPostedNumberIsNotRead(): void
    {
        $c = $this->submit('off', null, 45);
        self::assertTrue($c->confirmed);
        $c = $this->submit('off', str_repeat('x', 80), 46);
        self::assertTrue($c->confirmed, 'no field, no refusal');
        self::assertNull($this->stored(46));
    }

    public function testARefusedPlacementStoresNoNumber(): void
    {
        $c = $this->submit('required', 'PO-1', 47, false);
        self::assertTrue($c->placed);
        self::assertFalse($c->confirmed);
        self::assertNull($this->stored(47));
    }

    public function testTheOrderEmailsComposedWhileTheOrderIsCreatedNameTheNumber(): void
    {
        $this->sc->purchaseOrders()->set('1', 'ps-c48', '7', 'PO <A&B>');
        $lookup = fn (string $ref): ?string => $this->sc->purchaseOrders()->get('1', $ref);
        $vars = ['{payment}' => 'Pay on account', '{order_name}' => 'XKBKNABJK'];
        $p = ['template' => 'order_conf', 'templateVars' => &$vars];
        PoNumber::intoMail($p, 48, $lookup, 'Purchase-order number');
        self::assertSame('Pay on account — Purchase-order number PO &lt;A&amp;B&gt;', $vars['{payment}'], 'through the hook\'s reference, escaped for the HTML mail');
        foreach ([['order_conf', null], ['order_conf', 49], ['payment_error', 48]] as [$template, $creating]) {
            $other = ['{payment}' => 'Pay on account'];
            $q = ['template' => $template, 'templateVars' => &$other];
            PoNumber::intoMail($q, $creating, $lookup, 'Purchase-order number');
            self::assertSame('Pay on account', $other['{payment}'], $template . ' while creating ' . var_export($creating, true));
        }
    }
}
