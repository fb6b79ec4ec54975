<?php
/**
 * Just enough PrestaShop, written for these tests, for the module's back-office pages to render
 * and act as in a shop: Context (shop, employee, language, link, Smarty, the shop's locale),
 * Configuration in a JSON file, Tools, Currency, Customer, Order, Group, Db (the shop's customer
 * and order tables, seeded from ../shop.php, in their own SQLite file), ModuleAdminController,
 * Module, HelperList. Templates are the module's own, rendered by Smarty (Debian's smarty3
 * package). No code from PrestaShop is copied here; the markup follows what its screens print.
 */

declare(strict_types=1);

const _PS_VERSION_ = '8.1.7';
const _DB_PREFIX_ = 'ps_';
const _PS_USE_SQL_SLAVE_ = false;

final class PsDouble
{
    public static string $var = '';
    /** @var array<string, mixed> */
    public static array $config = [];
    /** @var list<string> */
    public static array $css = [];
    /** @var list<string> */
    public static array $js = [];

    public static function load(string $var): void
    {
        self::$var = $var;
        $c = json_decode((string) @file_get_contents($var . '/configuration.json'), true);
        self::$config = is_array($c) ? $c : [];
    }

    public static function save(): void
    {
        $tmp = self::$var . '/configuration.json.' . getmypid();
        file_put_contents($tmp, json_encode(self::$config, JSON_THROW_ON_ERROR));
        rename($tmp, self::$var . '/configuration.json');
    }

    /** A PrestaShop order reference (9 capital letters) for order $n. */
    public static function reference(int $n): string
    {
        return substr(strtoupper(preg_replace('/[^a-z]/', '', hash('sha256', "order-$n") . 'abcdefghij')), 0, 9);
    }

    /** The shop's own tables the module reads (customers, orders), in host.sqlite. */
    public static function seedHost(string $file): void
    {
        $pdo = new PDO('sqlite:' . $file);
        $pdo->exec('CREATE TABLE ps_customer (id_customer INTEGER PRIMARY KEY, firstname TEXT, lastname TEXT, email TEXT, company TEXT, id_default_group INTEGER)');
        $pdo->exec('CREATE TABLE ps_customer_group (id_customer INTEGER, id_group INTEGER)');
        $pdo->exec('CREATE TABLE ps_orders (id_order INTEGER PRIMARY KEY, id_cart INTEGER, id_customer INTEGER, reference TEXT, total_paid TEXT, iso TEXT, payment TEXT)');
        $c = $pdo->prepare('INSERT INTO ps_customer VALUES (?, ?, ?, ?, ?, 3)');
        $g = $pdo->prepare('INSERT INTO ps_customer_group VALUES (?, 3)');
        foreach (\ShopCreditAdminScreens\Shop::CUSTOMERS as $id => [$first, $last, $email, $company]) {
            $c->execute([$id, $first, $last, $email, $company]);
            $g->execute([$id]);
        }
        for ($i = 0; $i < \ShopCreditAdminScreens\Shop::CROWD; $i++) {
            $id = \ShopCreditAdminScreens\Shop::CROWD_FROM + $i;
            $c->execute([$id, 'Customer', (string) ($i + 1), "customer$id@example.net", '']);
            $g->execute([$id]);
        }
        $o = $pdo->prepare('INSERT INTO ps_orders VALUES (?, ?, ?, ?, ?, ?, ?)');
        foreach (\ShopCreditAdminScreens\Shop::ORDERS as $n => [$customer, $total, $iso, $method]) {
            $o->execute([$n, $n, $customer, self::reference($n), $total, $iso, $method]);
        }
    }
}

final class PsDoubleExit extends RuntimeException
{
}

class Db
{
    private static ?self $instance = null;

    private function __construct(private PDO $pdo)
    {
    }

    public static function getInstance($master = true): self
    {
        return self::$instance ??= new self(new PDO('sqlite:' . PsDouble::$var . '/host.sqlite', null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]));
    }

    public function executeS($sql, $array = true, $useCache = true)
    {
        return $this->pdo->query((string) $sql)->fetchAll(PDO::FETCH_ASSOC);
    }

    public function getValue($sql, $useCache = true)
    {
        $v = $this->pdo->query((string) $sql)->fetchColumn();
        return false === $v ? false : $v;
    }

    public function getRow($sql, $useCache = true)
    {
        return $this->pdo->query((string) $sql)->fetch(PDO::FETCH_ASSOC) ?: false;
    }
}

class Configuration
{
    public static function get($key, $idLang = null, $idShopGroup = null, $idShop = null, $default = false)
    {
        return match ($key) {
            'PS_CURRENCY_DEFAULT' => 1,
            'PS_LANG_DEFAULT' => 1,
            'PS_SHOP_NAME' => 'Atelier Demo',
            default => PsDouble::$config['shop:' . $key] ?? PsDouble::$config['global:' . $key] ?? $default,
        };
    }

    public static function getGlobalValue($key, $idLang = null)
    {
        return match ($key) {
            'SHOPCREDIT_SCHEMA' => PHP_INT_MAX, // the books are installed by the seed
            'SHOPCREDIT_SETUP' => Shopcredit::SETUP,
            default => PsDouble::$config['global:' . $key] ?? false,
        };
    }

    public static function updateValue($key, $value, $html = false, $idShopGroup = null, $idShop = null)
    {
        PsDouble::$config['shop:' . $key] = $value;
        PsDouble::save();
        return true;
    }

    public static function updateGlobalValue($key, $value, $html = false)
    {
        PsDouble::$config['global:' . $key] = $value;
        PsDouble::save();
        return true;
    }

    public static function deleteByName($key)
    {
        unset(PsDouble::$config['shop:' . $key], PsDouble::$config['global:' . $key]);
        PsDouble::save();
        return true;
    }
}

class Tools
{
    public static function getValue($key, $default = false)
    {
        $v = $_POST[$key] ?? $_GET[$key] ?? $default;
        return $v;
    }

    public static function getIsset($key)
    {
        return isset($_POST[$key]) || isset($_GET[$key]);
    }

    public static function isSubmit($key)
    {
        return self::getIsset($key);
    }

    public static function displayDate($date, $full = false)
    {
        $t = strtotime((string) $date);
        return false === $t ? '' : date($full ? 'd/m/Y H:i:s' : 'd/m/Y', $t);
    }

    public static function getToken($page = true)
    {
        return substr(hash('sha256', 'front-token'), 0, 32);
    }

    public static function redirect($url)
    {
        header('Location: ' . $url);
        throw new PsDoubleExit();
    }

    public static function getAdminTokenLite($tab)
    {
        return substr(hash('sha256', 'token|' . $tab), 0, 32);
    }

    public static function redirectAdmin($url)
    {
        header('Location: ' . $url);
        throw new PsDoubleExit();
    }

    public static function safeOutput($s)
    {
        return htmlspecialchars((string) $s, ENT_QUOTES, 'UTF-8');
    }

    public static function strtolower($s)
    {
        return mb_strtolower((string) $s);
    }

    public static function strtoupper($s)
    {
        return mb_strtoupper((string) $s);
    }
}

class Validate
{
    public static function isLoadedObject($o)
    {
        return is_object($o) && !empty($o->id);
    }
}

class Language
{
    public int $id = 1;
    public string $iso_code = 'en';
    public string $locale = 'en-US';

    /** The employee's language: English, or French where the test sets the cookie sc_screens_lang=fr. */
    public function __construct()
    {
        if (($_COOKIE['sc_screens_lang'] ?? '') === 'fr') {
            $this->iso_code = 'fr';
            $this->locale = 'fr-FR';
        }
    }

    public static function getLanguages($active = true, $idShop = false, $idsOnly = false)
    {
        return [['id_lang' => 1, 'iso_code' => 'en', 'name' => 'English', 'locale' => 'en-US']];
    }
}

/** The shop's price format: French (1 234,56 €), as PrestaShop's Locale formats it for a French shop. */
class PsLocale
{
    public function formatPrice($amount, $iso)
    {
        return \ShopCredit\Money\LocalizedAmount::format((string) $amount, (string) $iso, 'fr-FR');
    }
}

class ShopDouble
{
    public int $id = 1;
    public string $name = 'Atelier Demo';
}

class Shop
{
    public const CONTEXT_SHOP = 1;
    public const CONTEXT_GROUP = 2;
    public const CONTEXT_ALL = 4;

    public static function isFeatureActive()
    {
        return false;
    }

    public static function getContext()
    {
        return self::CONTEXT_SHOP;
    }

    public static function getShops($active = true, $idShopGroup = null, $getAsListId = false)
    {
        return [1 => ['id_shop' => 1, 'name' => 'Atelier Demo']];
    }
}

class Link
{
    public function getAdminLink($controller, $withToken = true, $sfRouteParams = [], $params = [])
    {
        return 'index.php?' . http_build_query(['controller' => $controller] + ($withToken ? ['token' => Tools::getAdminTokenLite($controller)] : []) + (array) $params);
    }

    public function getModuleLink($module, $controller = 'default', $params = [])
    {
        return '/module/' . $module . '/' . $controller . ($params ? '?' . http_build_query($params) : '');
    }

    public function getPageLink($controller, $ssl = null, $idLang = null, $request = null)
    {
        return '/' . $controller;
    }
}

class Employee
{
    public int $id = 1;
    public string $firstname = 'Sam';
    public string $lastname = 'Manager';

    public function isLoggedBack(): bool
    {
        return true;
    }
}

class Context
{
    private static ?self $instance = null;
    public ShopDouble $shop;
    public Language $language;
    public Link $link;
    public Employee $employee;
    public Smarty $smarty;
    public ?object $customer = null;
    public ?object $cart = null;
    public ?object $cookie = null;
    public ?object $currency = null;
    public ?object $controller = null;

    public static function getContext()
    {
        if (null === self::$instance) {
            $c = new self();
            $c->shop = new ShopDouble();
            $c->language = new Language();
            $c->link = new Link();
            $c->employee = new Employee();
            $c->currency = (object) ['id' => 1, 'iso_code' => \ShopCreditAdminScreens\Shop::CURRENCY];
            $c->smarty = psSmarty();
            self::$instance = $c;
        }
        return self::$instance;
    }

    public function getCurrentLocale()
    {
        return new PsLocale();
    }
}

function psSmarty(): Smarty
{
    $s = new Smarty();
    $s->setCompileDir(PsDouble::$var . '/smarty');
    $s->setCacheDir(PsDouble::$var . '/smarty');
    $s->setTemplateDir(__DIR__ . '/theme');
    $s->escape_html = false;
    // {l s='…' mod='…' sprintf=[…]}: the module's words (English as written).
    $s->registerPlugin('function', 'l', static function (array $p): string {
        $text = (string) ($p['s'] ?? '');
        if (isset($p['sprintf'])) {
            $text = vsprintf($text, (array) $p['sprintf']);
        }
        return ($p['js'] ?? false) ? addslashes($text) : htmlspecialchars($text, ENT_QUOTES, 'UTF-8');
    });
    $s->registerPlugin('function', 'getAdminToken', static fn (array $p): string => Tools::getAdminTokenLite((string) ($p['tab'] ?? '')));
    return $s;
}

class Currency
{
    public const ISO = [1 => 'EUR', 2 => 'JPY'];

    public static function getIsoCodeById($id, $forceRefreshCache = false)
    {
        return self::ISO[(int) $id] ?? '';
    }

    public static function getIdByIsoCode($iso, $idShop = 0, $forceRefreshCache = false, $includeDeleted = false)
    {
        return (int) array_search(strtoupper((string) $iso), self::ISO, true);
    }

    public static function getCurrenciesByIdShop($idShop = 0)
    {
        return array_map(static fn (int $id, string $iso): array => ['id_currency' => $id, 'iso_code' => $iso], array_keys(self::ISO), self::ISO);
    }

    public static function getCurrencies($object = false, $active = true, $groupBy = false)
    {
        return self::getCurrenciesByIdShop();
    }
}

class Customer
{
    public int $id = 0;
    public string $firstname = '';
    public string $lastname = '';
    public string $email = '';
    public string $company = '';
    public int $id_default_group = 3;

    public function __construct($id = null)
    {
        $r = null === $id ? false : Db::getInstance()->getRow('SELECT * FROM ps_customer WHERE id_customer = ' . (int) $id);
        if ($r) {
            $this->id = (int) $r['id_customer'];
            [$this->firstname, $this->lastname, $this->email, $this->company] = [(string) $r['firstname'], (string) $r['lastname'], (string) $r['email'], (string) $r['company']];
        }
    }

    public static function searchByName($query, $limit = null)
    {
        $q = str_replace("'", "''", strtolower((string) $query));
        return Db::getInstance()->executeS("SELECT id_customer FROM ps_customer WHERE lower(firstname || ' ' || lastname || ' ' || email || ' ' || company) LIKE '%$q%'" . ($limit ? ' LIMIT ' . (int) $limit : ''));
    }

    public function getGroups()
    {
        return [3];
    }
}

class Order
{
    public int $id = 0;
    public int $id_cart = 0;
    public int $id_customer = 0;
    public int $id_currency = 1;
    public int $id_shop = 1;
    public string $reference = '';
    public string $total_paid = '0';
    public string $payment = '';
    public string $module = '';

    public function __construct($id = null)
    {
        $r = null === $id ? false : Db::getInstance()->getRow('SELECT * FROM ps_orders WHERE id_order = ' . (int) $id);
        if ($r) {
            $this->id = (int) $r['id_order'];
            $this->id_cart = (int) $r['id_cart'];
            $this->id_customer = (int) $r['id_customer'];
            $this->reference = (string) $r['reference'];
            $this->total_paid = (string) $r['total_paid'];
            $this->payment = (string) $r['payment'];
            $this->id_currency = Currency::getIdByIsoCode((string) $r['iso']);
            $this->module = str_contains($this->payment, 'account') || str_contains($this->payment, 'balance') || str_contains($this->payment, 'Financing') ? 'shopcredit' : 'ps_checkout';
        }
    }

    public static function getIdByCartId($idCart)
    {
        return (int) Db::getInstance()->getValue('SELECT id_order FROM ps_orders WHERE id_cart = ' . (int) $idCart);
    }

    public function hasInvoice()
    {
        return false;
    }

    public function getCurrentState()
    {
        return 4;
    }
}

class Group
{
    public static function getGroups($idLang, $idShop = false)
    {
        return [['id_group' => 1, 'name' => 'Visitor'], ['id_group' => 2, 'name' => 'Guest'], ['id_group' => 3, 'name' => 'Customer'], ['id_group' => 4, 'name' => 'Trade (B2B)']];
    }
}

class OrderState
{
    public static function getOrderStates($idLang, $filterDeleted = true)
    {
        $names = [1 => 'Awaiting check payment', 2 => 'Payment accepted', 3 => 'Processing in progress', 4 => 'Shipped', 5 => 'Delivered', 6 => 'Canceled', 7 => 'Refunded', 8 => 'Payment error', 10 => 'Awaiting bank wire payment'];
        return array_map(static fn (int $id, string $name): array => ['id_order_state' => $id, 'name' => $name, 'paid' => in_array($id, [2, 3, 4, 5], true) ? 1 : 0, 'shipped' => in_array($id, [4, 5], true) ? 1 : 0, 'module_name' => ''], array_keys($names), $names);
    }
}

class PrestaShopLogger
{
    public static function addLog($message, $severity = 1, $errorCode = null, $objectType = null, $objectId = null, $allowDuplicate = false, $idEmployee = null)
    {
        return true;
    }
}

class Module
{
    public string $name = '';
    public string $version = '';
    public string $displayName = '';
    public bool $active = true;
    public Context $context;
    /** @var array<string, mixed> */
    public $controllers = [];
    public $tab;
    public $author;
    public $need_instance;
    public $ps_versions_compliancy;
    public $currencies;
    public $currencies_mode;
    public $bootstrap;
    public $description;
    public $confirmUninstall;

    public function __construct($name = null, $context = null)
    {
        $this->context = Context::getContext();
    }

    public function l($string, $specific = false, $locale = null)
    {
        return (string) $string;
    }

    public function getLocalPath()
    {
        return PsDouble::$var . '/module/';
    }

    public function getPathUri()
    {
        return '/modules/' . $this->name . '/';
    }

    public function display($file, $template, $cacheId = null, $compileId = null)
    {
        return $this->context->smarty->fetch($this->getLocalPath() . $template);
    }

    public function displayError($error)
    {
        return '<div class="module_error alert alert-danger">' . $error . '</div>';
    }

    public function displayConfirmation($string)
    {
        return '<div class="module_confirmation conf confirm alert alert-success">' . $string . '</div>';
    }

    public function displayWarning($warning)
    {
        return '<div class="module_warning alert alert-warning">' . $warning . '</div>';
    }

    public function registerHook($hook, $shops = null)
    {
        return true;
    }

    public function unregisterHook($hook, $shops = null)
    {
        return true;
    }

    public static function getInstanceByName($name)
    {
        return 'shopcredit' === $name ? new Shopcredit() : false;
    }

    public function isEnabledForShopContext()
    {
        return true;
    }
}

class PaymentModule extends Module
{
    public static function getInstalledPaymentModules()
    {
        return [['name' => 'ps_checkout'], ['name' => 'ps_wirepayment'], ['name' => 'shopcredit']];
    }
}

class AdminController
{
    /** The controller's URL without its token, as PrestaShop sets it (HelperForm posts to it). */
    public static $currentIndex = 'index.php?controller=AdminModules';
    public Context $context;
    /** @var list<string> */
    public array $errors = [];
    /** @var list<string> */
    public array $confirmations = [];
    public string $content = '';
    public bool $ajax = false;
    public $bootstrap;
    public $meta_title;

    public function __construct()
    {
        $this->context = Context::getContext();
        $this->ajax = (bool) Tools::getValue('ajax');
    }

    public function init()
    {
    }

    public function postProcess()
    {
        return true;
    }

    public function initContent()
    {
    }

    public function addCSS($path, $media = 'all', $offset = null, $checkPath = true)
    {
        PsDouble::$css[] = (string) $path;
    }

    public function addJS($path, $checkPath = true)
    {
        PsDouble::$js[] = (string) $path;
    }

    public function access($action, $disable = false)
    {
        return true;
    }

    public function get($service)
    {
        throw new RuntimeException("no service $service in the test double");
    }
}

/**
 * A front controller of a module: runs postProcess and initContent as the dispatcher does, then
 * renders its template ("module:…" is the module's folder) inside the theme's layout.
 */
class ModuleFrontController
{
    public Context $context;
    public $module;
    /** @var list<string> */
    public array $errors = [];
    /** @var list<string> */
    public array $success = [];
    public $auth = false;
    public $authRedirection;
    private string $template = '';

    public function __construct()
    {
        $this->context = Context::getContext();
        $this->module = new Shopcredit();
    }

    public function postProcess()
    {
    }

    public function initContent()
    {
    }

    public function setTemplate($template, $params = [], $locale = null)
    {
        $this->template = (string) $template;
    }

    public function getBreadcrumbLinks()
    {
        return ['links' => []];
    }

    public function addMyAccountToBreadcrumb()
    {
        return ['title' => 'Your account', 'url' => '/my-account'];
    }

    public function run(): string
    {
        $this->postProcess();
        $this->initContent();
        $this->context->smarty->assign('notifications', ['error' => $this->errors, 'success' => $this->success]);
        return $this->context->smarty->fetch(str_replace('module:shopcredit/', $this->module->getLocalPath(), $this->template));
    }
}

class ModuleAdminController extends AdminController
{
    public $module;

    public function __construct()
    {
        parent::__construct();
        $this->module = new Shopcredit();
    }
}

/**
 * HelperList: the list as PrestaShop's back office prints it (a panel with its title, a table
 * with sortable column headers, the rows' cells through their callbacks, a View action, the
 * pagination), for the properties the module sets.
 */
class HelperList
{
    public $shopLinkType;
    public $simple_header;
    public $show_toolbar;
    public $no_link;
    public $identifier = 'id';
    public $table = '';
    public $list_id = '';
    public $actions = [];
    public $token = '';
    public $currentIndex = '';
    public $listTotal = 0;
    public $_default_pagination = 50;
    public $_pagination = [20, 50, 100];
    public $orderBy;
    public $orderWay;
    public $page = 1;
    public $title = '';
    public $tpl_vars = [];

    public function generateList($rows, $fields)
    {
        $e = static fn ($s): string => htmlspecialchars((string) $s, ENT_QUOTES, 'UTF-8');
        $html = '<div class="panel col-lg-12" id="form-' . $e($this->list_id) . '"><div class="panel-heading">' . $e($this->title) . ' <span class="badge">' . (int) $this->listTotal . '</span></div>';
        $html .= '<div class="table-responsive-row clearfix"><table class="table ' . $e($this->table) . '"><thead><tr class="nodrag nodrop">';
        foreach ($fields as $key => $f) {
            $title = $e($f['title'] ?? $key);
            if (($f['orderby'] ?? true) !== false) {
                $way = $this->orderBy === $key && 'ASC' === $this->orderWay ? 'desc' : 'asc';
                $url = $this->currentIndex . '&' . http_build_query([$this->table . 'Orderby' => $key, $this->table . 'Orderway' => $way, 'token' => $this->token]);
                $sorted = $this->orderBy === $key ? ' aria-sort="' . ('ASC' === $this->orderWay ? 'ascending' : 'descending') . '"' : '';
                $html .= '<th class="' . $e($f['align'] ?? '') . '"' . $sorted . '><span class="title_box"><a href="' . $e($url) . '">' . $title . '</a></span></th>';
            } else {
                $html .= '<th class="' . $e($f['align'] ?? '') . '"><span class="title_box">' . $title . '</span></th>';
            }
        }
        $html .= ($this->actions ? '<th><span class="title_box">' . $e('Actions') . '</span></th>' : '') . '</tr></thead><tbody>';
        foreach ($rows as $row) {
            $html .= '<tr>';
            foreach ($fields as $key => $f) {
                $v = $row[$key] ?? '';
                if (isset($f['callback'], $f['callback_object'])) {
                    $v = $f['callback_object']->{$f['callback']}($v, $row);
                } else {
                    $v = $e($v);
                }
                $html .= '<td class="' . $e($f['align'] ?? '') . '">' . $v . '</td>';
            }
            if ($this->actions) {
                $view = $this->currentIndex . '&' . http_build_query([$this->identifier => $row[$this->identifier] ?? '', 'view' . $this->table => '', 'token' => $this->token]);
                $html .= '<td class="text-right"><a class="btn btn-default" href="' . $e($view) . '">' . $e('View') . '</a></td>';
            }
            $html .= '</tr>';
        }
        if ([] === $rows) {
            $html .= '<tr><td class="list-empty" colspan="' . (count($fields) + 1) . '">' . $e('No records found') . '</td></tr>';
        }
        $html .= '</tbody></table></div>' . $this->pagination() . '</div>';
        return $html;
    }

    private function pagination(): string
    {
        $pages = max(1, (int) ceil($this->listTotal / max(1, (int) $this->_default_pagination)));
        if ($pages < 2) {
            return '';
        }
        $out = '<nav aria-label="Pagination"><ul class="pagination">';
        for ($p = 1; $p <= $pages; $p++) {
            $url = $this->currentIndex . '&' . http_build_query(['submitFilter' . $this->table => $p, 'token' => $this->token]);
            $out .= '<li' . ($p === (int) $this->page ? ' class="active"' : '') . '><a href="' . htmlspecialchars($url, ENT_QUOTES) . '"' . ($p === (int) $this->page ? ' aria-current="page"' : '') . '>' . $p . '</a></li>';
        }
        return $out . '</ul></nav>';
    }
}

/**
 * HelperForm: the settings form as PrestaShop's back office prints it (helpers/form/form.tpl,
 * with the module's override: each label tied to its field, a refused value's words under it and
 * named by the field), for the input types the module uses.
 */
class HelperForm
{
    public $module;
    public $name_controller;
    public $identifier;
    public $token = '';
    public $currentIndex = '';
    public $default_form_language;
    public $allow_employee_form_lang;
    public $submit_action = 'submit';
    public $show_toolbar;
    public $table = '';
    public $tpl_vars = [];

    private static function e($s): string
    {
        return htmlspecialchars((string) $s, ENT_QUOTES, 'UTF-8');
    }

    public function generateForm($forms)
    {
        $values = $this->tpl_vars['fields_value'] ?? [];
        $html = '<form id="' . self::e($this->table) . '_form" class="defaultForm form-horizontal" action="' . self::e($this->currentIndex . '&token=' . $this->token) . '" method="post" novalidate>';
        foreach (array_values($forms) as $i => $f) {
            $form = $f['form'];
            $html .= '<div class="panel" id="fieldset_' . $i . '"><div class="panel-heading"><i class="' . self::e($form['legend']['icon'] ?? '') . '"></i> ' . $form['legend']['title'] . '</div><div class="form-wrapper">';
            foreach ($form['input'] as $input) {
                $html .= $this->row($input, $values);
            }
            $s = $form['submit'];
            $html .= '</div><div class="panel-footer"><button type="submit" value="1" id="' . self::e($s['id'] . ($i > 0 ? '_' . $i : '')) . '" name="' . self::e($s['name'] ?? $this->submit_action) . '" class="btn btn-default pull-right"><i class="process-icon-save"></i> ' . $s['title'] . '</button></div></div>';
        }
        return $html . '</form>';
    }

    /** One form-group: label, control, the refused value's words, the description (PrestaShop prints labels and descriptions as given). */
    private function row(array $in, array $values): string
    {
        $id = (string) ($in['id'] ?? $in['name']);
        $errorId = str_replace('[]', '', (string) $in['name']) . '-error';
        $labelled = in_array($in['type'], ['text', 'select', 'password'], true);
        $html = '<div class="form-group ' . self::e($in['form_group_class'] ?? '') . '"><label class="control-label col-lg-4"' . ($labelled ? ' for="' . self::e($id) . '"' : '') . '>' . ($in['label'] ?? '') . '</label><div class="col-lg-8">';
        $aria = isset($in['sc_error']) ? ' aria-invalid="true" aria-describedby="' . self::e($errorId) . '"' : '';
        $html .= $this->control($in, $id, $values, $aria);
        if (isset($in['sc_error'])) {
            $html .= '<p class="help-block shopcredit-field-error" id="' . self::e($errorId) . '" role="alert">' . self::e($in['sc_error']) . '</p>';
        }
        return $html . (empty($in['desc']) ? '' : '<p class="help-block">' . $in['desc'] . '</p>') . '</div></div>';
    }

    private function control(array $in, string $id, array $values, string $aria): string
    {
        $name = (string) $in['name'];
        $value = $values[$name] ?? '';
        switch ($in['type']) {
            case 'text':
            case 'password':
                $field = '<input type="' . $in['type'] . '" name="' . self::e($name) . '" id="' . self::e($id) . '" value="' . self::e($in['type'] === 'password' ? '' : $value) . '" class="' . self::e($in['class'] ?? '') . '"' . $aria . '>';
                return isset($in['suffix']) ? '<div class="input-group">' . $field . '<span class="input-group-addon">' . $in['suffix'] . '</span></div>' : $field;
            case 'select':
                $chosen = array_map('strval', (array) $value);
                $html = '<select name="' . self::e($name) . '" id="' . self::e($id) . '"' . (!empty($in['multiple']) ? ' multiple="multiple" size="' . (int) ($in['size'] ?? 4) . '"' : '') . $aria . '>';
                foreach ($in['options']['query'] as $o) {
                    $v = (string) $o[$in['options']['id']];
                    $html .= '<option value="' . self::e($v) . '"' . (in_array($v, $chosen, true) ? ' selected="selected"' : '') . '>' . $o[$in['options']['name']] . '</option>';
                }
                return $html . '</select>';
            case 'switch':
                $html = '<span class="switch prestashop-switch fixed-width-lg">';
                foreach ($in['values'] as $v) {
                    $rid = $name . ((int) $v['value'] === 1 ? '_on' : '_off');
                    $html .= '<input type="radio" name="' . self::e($name) . '" id="' . self::e($rid) . '" value="' . (int) $v['value'] . '"' . ((string) $value === (string) $v['value'] ? ' checked="checked"' : '') . '><label for="' . self::e($rid) . '">' . $v['label'] . '</label>';
                }
                return $html . '<a class="slide-button btn"></a></span>';
            case 'checkbox':
                $html = '';
                foreach ($in['values']['query'] as $o) {
                    $cid = $name . '_' . $o[$in['values']['id']];
                    $html .= '<div class="checkbox"><label for="' . self::e($cid) . '"><input type="checkbox" name="' . self::e($cid) . '" id="' . self::e($cid) . '"' . (!empty($values[$cid]) ? ' checked="checked"' : '') . '> ' . $o[$in['values']['name']] . '</label></div>';
                }
                return $html;
            default: // free
                return (string) $value;
        }
    }
}
