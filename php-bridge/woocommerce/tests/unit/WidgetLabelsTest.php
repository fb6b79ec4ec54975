<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\WidgetLabels;
use ShopCreditWC\Words;

/**
 * The widget's words are translated once per language and translation files, then read from the
 * kept file; a new translation file, or a gettext filter, means translating again.
 */
final class WidgetLabelsTest extends TestCase
{
    private static string $root;

    public static function setUpBeforeClass(): void
    {
        self::$root = sys_get_temp_dir() . '/sc-widget-labels-' . getmypid();
        @mkdir(self::$root . '/languages/plugins', 0777, true);
        @mkdir(self::$root . '/plugin/languages', 0777, true);
        defined('WP_CONTENT_DIR') || define('WP_CONTENT_DIR', self::$root);
        defined('WP_LANG_DIR') || define('WP_LANG_DIR', self::$root . '/languages');
        defined('SHOPCREDIT_WC_VERSION') || define('SHOPCREDIT_WC_VERSION', '0.1.0');
        defined('SHOPCREDIT_WC_DIR') || define('SHOPCREDIT_WC_DIR', self::$root . '/plugin');
        require_once __DIR__ . '/widget-labels-doubles.php';
    }

    public static function tearDownAfterClass(): void
    {
        exec('rm -rf ' . escapeshellarg(self::$root));
    }

    protected function setUp(): void
    {
        $GLOBALS['sc_test_filters'] = [];
        foreach (glob(WidgetLabels::dir() . '/*') ?: [] as $f) {
            unlink($f);
        }
        @unlink(WP_LANG_DIR . '/plugins/shopcredit-fr_FR.mo');
        clearstatcache();
    }

    public function testTranslatedOnceThenReadFromTheKeptFile(): void
    {
        $file = (string) WidgetLabels::file('fr_FR');
        self::assertFileDoesNotExist($file);
        $labels = WidgetLabels::get();
        self::assertSame(Words::get()->widgetLabels(), $labels, 'translated as the page would');
        self::assertSame(json_encode($labels), include $file, 'kept as the JSON the page prints');
        self::assertSame(json_encode($labels), WidgetLabels::json());

        self::keepOther($file);
        self::assertSame(['credit' => 'kept'], WidgetLabels::get(), 'read from the kept file, not translated again');
    }

    public function testANewTranslationFileTranslatesAgainAndRemovesTheOldFile(): void
    {
        WidgetLabels::get();
        $old = (string) WidgetLabels::file('fr_FR');
        self::keepOther($old);
        touch(WP_LANG_DIR . '/plugins/shopcredit-fr_FR.mo', time() - 10);
        clearstatcache();
        $new = (string) WidgetLabels::file('fr_FR');
        self::assertNotSame($old, $new);
        self::assertSame(Words::get()->widgetLabels(), WidgetLabels::get());
        self::assertFileExists($new);
        self::assertFileDoesNotExist($old, "the language's older file is removed");
        self::assertNotSame($new, WidgetLabels::file('de_DE'), 'one file per language');
    }

    public function testAGettextFilterMeansTranslatingOnEveryPage(): void
    {
        $file = (string) WidgetLabels::file('fr_FR');
        self::keepOther($file);
        $GLOBALS['sc_test_filters'] = ['gettext' => true];
        self::assertNull(WidgetLabels::file('fr_FR'));
        self::assertSame(Words::get()->widgetLabels(), WidgetLabels::get());
        self::assertSame('{"credit":"kept"}', include $file, 'nothing kept either');
    }

    /** A kept file whose words no translation gives: whoever answers them read the file. */
    private static function keepOther(string $file): void
    {
        @mkdir(dirname($file), 0777, true);
        file_put_contents($file, "<?php return '{\"credit\":\"kept\"}';\n");
    }
}
