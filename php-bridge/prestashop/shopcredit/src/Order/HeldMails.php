<?php
/**
 * PrestaShop's own order e-mails of an order the module creates — the customer's order
 * confirmation (`order_conf`, sent by validateOrder) and the merchant's new-order alert
 * (`new_order`, ps_emailalerts) — are composed by PrestaShop at checkout as usual, held back
 * (actionEmailSendBefore answers false) and sent as they were composed when the order lifecycle
 * says the order reached the status they are for (an order on account accepted, a financed order
 * paid), or never (a failed credit check, a refused financing). Only while the module's own
 * checkout creates an order whose status Orders sets (holdFor); any other mail goes through.
 */

namespace ShopCreditPs\Order;

final class HeldMails
{
    public const TABLE = 'shopcredit_held_mail';
    public const TEMPLATES = ['order_conf', 'new_order'];
    private static ?int $cart = null;

    public static function createTableSql(string $prefix, string $engine): string
    {
        return 'CREATE TABLE IF NOT EXISTS `' . $prefix . self::TABLE . '` (
            `id_held_mail` INT UNSIGNED NOT NULL AUTO_INCREMENT,
            `id_cart` INT UNSIGNED NOT NULL,
            `template` VARCHAR(64) NOT NULL,
            `mail` MEDIUMTEXT NOT NULL,
            `sent` TINYINT(1) NOT NULL DEFAULT 0,
            `date_add` DATETIME NOT NULL,
            PRIMARY KEY (`id_held_mail`),
            KEY `cart_template` (`id_cart`, `template`)
        ) ENGINE=' . $engine . ' DEFAULT CHARSET=utf8mb4';
    }

    /** Holds the order mails composed while the module's checkout creates the order of $cartId (null: stop). */
    public static function holdFor(?int $cartId): void
    {
        self::$cart = $cartId;
    }

    /**
     * actionEmailSendBefore. @param array<string, mixed> $p the hook's params (Mail::send's arguments)
     * @return bool false: PrestaShop does not send it (held)
     */
    public static function onSend(array $p): bool
    {
        if (self::$cart === null || !in_array((string) ($p['template'] ?? ''), self::TEMPLATES, true)) {
            return true;
        }
        $attachments = [];
        $files = $p['fileAttachment'] ?? null;
        foreach (isset($files['content']) ? [$files] : (array) $files as $f) {
            $attachments[] = ['content' => base64_encode((string) ($f['content'] ?? '')), 'name' => (string) ($f['name'] ?? ''), 'mime' => (string) ($f['mime'] ?? '')];
        }
        $mail = ['idLang' => (int) $p['idLang'], 'template' => (string) $p['template'], 'subject' => (string) $p['subject'], 'vars' => (array) $p['templateVars'],
            'to' => $p['to'], 'toName' => $p['toName'], 'from' => $p['from'], 'fromName' => $p['fromName'], 'attachments' => $attachments,
            'templatePath' => (string) $p['templatePath'], 'idShop' => $p['idShop'] === null ? null : (int) $p['idShop'], 'bcc' => $p['bcc'], 'replyTo' => $p['replyTo']];
        return !\Db::getInstance()->insert(self::TABLE, ['id_cart' => (int) self::$cart, 'template' => pSQL((string) $p['template']),
            'mail' => pSQL((string) json_encode($mail, JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_UNICODE), true), 'date_add' => date('Y-m-d H:i:s')]);
    }

    /** Sends the held mails of a template once (marked sent first: never twice). @return int sent */
    public static function release(int $cartId, string $template): int
    {
        $db = \Db::getInstance();
        $rows = $db->executeS('SELECT id_held_mail, mail FROM `' . _DB_PREFIX_ . self::TABLE . '` WHERE id_cart = ' . (int) $cartId . " AND template = '" . pSQL($template) . "' AND sent = 0") ?: [];
        $n = 0;
        foreach ($rows as $r) {
            if (!$db->execute('UPDATE `' . _DB_PREFIX_ . self::TABLE . '` SET sent = 1 WHERE sent = 0 AND id_held_mail = ' . (int) $r['id_held_mail']) || $db->Affected_Rows() !== 1) {
                continue;
            }
            $m = json_decode((string) $r['mail'], true);
            $files = array_map(static fn (array $f): array => ['content' => base64_decode($f['content']), 'name' => $f['name'], 'mime' => $f['mime']], (array) $m['attachments']);
            \Mail::send($m['idLang'], $m['template'], $m['subject'], $m['vars'], $m['to'], $m['toName'], $m['from'], $m['fromName'], $files === [] ? null : $files,
                null, $m['templatePath'], false, $m['idShop'], $m['bcc'], $m['replyTo']);
            $n++;
        }
        return $n;
    }
}
