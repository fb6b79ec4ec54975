<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\Currencies;

/**
 * The enabled currencies, read from each multi-currency plugin as it documents them and from our
 * filter, through a WordPress double: options as the plugins store them, filters as callbacks
 * hooked to their names, and which plugins run.
 */
final class CurrenciesTest extends TestCase
{
    /** @var array<string, mixed> */
    private array $options = [];
    /** @var array<string, list<callable>> */
    private array $filters = [];
    /** @var list<string> */
    private array $running = [];

    private function currencies(string $shop = 'EUR'): Currencies
    {
        return new Currencies(
            $shop,
            fn (string $name, mixed $default): mixed => $this->options[$name] ?? $default,
            function (string $name, mixed $value): mixed {
                foreach ($this->filters[$name] ?? [] as $f) {
                    $value = $f($value);
                }
                return $value;
            },
            fn (string $source): bool => in_array($source, $this->running, true),
        );
    }

    public function testWithoutAnyPluginOnlyTheStoreCurrency(): void
    {
        $this->options = ['_wcml_settings' => ['enable_multi_currency' => 2, 'currency_options' => ['USD' => []]], 'woocs' => ['USD' => [], 'GBP' => []]];
        self::assertSame(['EUR'], $this->currencies()->list(), 'options left by plugins that do not run enable nothing');
    }

    public function testWooCommerceMultilingualCurrenciesWhenItsMultiCurrencyIsOn(): void
    {
        $this->running = ['wcml'];
        $this->options = ['_wcml_settings' => ['enable_multi_currency' => 2, 'currency_options' => ['EUR' => ['rate' => 0], 'USD' => ['rate' => 1.08], 'JPY' => ['rate' => 160]]]];
        self::assertSame(['USD', 'JPY'], array_values(array_diff($this->currencies()->fromSource('wcml'), ['EUR'])));
        self::assertSame(['EUR', 'USD', 'JPY'], $this->currencies()->list());
        $this->options['_wcml_settings']['enable_multi_currency'] = 0;
        self::assertSame(['EUR'], $this->currencies()->list(), 'multi-currency turned off in WCML');
    }

    public function testCurcyCurrenciesWhenEnabled(): void
    {
        $this->running = ['curcy'];
        $this->options = ['woo_multi_currency_params' => ['enable' => 1, 'currency_default' => 'EUR', 'currency' => ['EUR', 'gbp', 'CHF'], 'currency_rate' => [1, 0.86, 0.94]]];
        self::assertSame(['EUR', 'GBP', 'CHF'], $this->currencies()->list());
        $this->options['woo_multi_currency_params']['enable'] = 0;
        self::assertSame([], $this->currencies()->fromSource('curcy'));
    }

    public function testAeliaFilterAsAListOrAsAMapOfNames(): void
    {
        $this->filters['wc_aelia_cs_enabled_currencies'] = [fn (array $default): array => array_merge($default, ['USD', 'JPY'])];
        self::assertSame(['EUR', 'USD', 'JPY'], $this->currencies()->list());
        $this->filters['wc_aelia_cs_enabled_currencies'] = [fn (): array => ['EUR' => 'Euro', 'SEK' => 'Swedish krona']];
        self::assertSame(['EUR', 'SEK'], $this->currencies()->list());
    }

    public function testWoocsCurrenciesAfterItsOwnFilter(): void
    {
        $this->running = ['woocs'];
        $this->options = ['woocs' => ['EUR' => ['rate' => 1, 'is_etalon' => 1], 'USD' => ['rate' => 1.08]]];
        $this->filters['woocs_currency_data_manipulation'] = [fn (array $c): array => $c + ['PLN' => ['rate' => 4.3]]];
        self::assertSame(['EUR', 'USD', 'PLN'], $this->currencies()->list());
        $this->options = ['woocs' => ['EUR' => ['rate' => 1]]];
        $this->filters = [];
        self::assertSame([], $this->currencies()->fromSource('woocs'), 'one currency: WOOCS shows its demo pair, not the merchant\'s');
    }

    public function testOurFilterAddsOrRemovesButNeverTheStoreCurrency(): void
    {
        $this->running = ['curcy'];
        $this->options = ['woo_multi_currency_params' => ['enable' => 1, 'currency' => ['EUR', 'USD']]];
        $seen = null;
        $this->filters[Currencies::FILTER] = [function (array $codes) use (&$seen): array {
            $seen = $codes;
            return ['jpy', 'USD', 'XXX', 42, 'USD'];
        }];
        self::assertSame(['EUR', 'JPY', 'USD'], $this->currencies()->list(), 'store currency first, each once, unknown codes dropped');
        self::assertSame(['EUR', 'USD'], $seen, 'our filter gets what the plugins enabled');
        $this->filters[Currencies::FILTER] = [fn (): string => 'not a list'];
        self::assertSame(['EUR'], $this->currencies()->list());
    }

    public function testSeveralPluginsAddUp(): void
    {
        $this->running = ['wcml', 'woocs'];
        $this->options = ['_wcml_settings' => ['enable_multi_currency' => 2, 'currency_options' => ['USD' => []]], 'woocs' => ['GBP' => [], 'USD' => []]];
        self::assertSame(['JPY', 'USD', 'GBP'], $this->currencies('jpy')->list());
    }
}
