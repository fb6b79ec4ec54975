<?php
/** Reading .po catalogues and writing .mo and .l10n.php files (shared by compile-mo.php and check-po.php). */

declare(strict_types=1);

/** @return array<string, string> msgid (with context prefix "ctx\x04") → msgstr; untranslated entries are left out */
function parse_po(string $file): array
{
    $entries = [];
    $cur = ['msgctxt' => null, 'msgid' => null, 'msgid_plural' => null, 'msgstr' => null, 'plural' => []];
    $field = null;
    $flush = static function () use (&$cur, &$entries): void {
        $ctx = $cur['msgctxt'] !== null ? $cur['msgctxt'] . "\x04" : '';
        if ($cur['msgid_plural'] !== null) {
            // Plural entries: "singular\0plural" → "form0\0form1..." (kept only when every form is translated).
            \ksort($cur['plural']);
            if ($cur['plural'] !== [] && !\in_array('', $cur['plural'], true)) {
                $entries[$ctx . $cur['msgid'] . "\0" . $cur['msgid_plural']] = \implode("\0", $cur['plural']);
            }
        } elseif ($cur['msgid'] !== null && $cur['msgstr'] !== null && ($cur['msgstr'] !== '' || $cur['msgid'] === '')) {
            $entries[$ctx . $cur['msgid']] = $cur['msgstr'];
        }
        $cur = ['msgctxt' => null, 'msgid' => null, 'msgid_plural' => null, 'msgstr' => null, 'plural' => []];
    };
    foreach (file($file, FILE_IGNORE_NEW_LINES) as $line) {
        $line = trim($line);
        if ($line === '' || $line[0] === '#') {
            if ($line === '' && $cur['msgstr'] !== null) {
                $flush();
            }
            continue;
        }
        if (preg_match('/^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+"(.*)"$/', $line, $m)) {
            if (($m[1] === 'msgctxt' || $m[1] === 'msgid') && ($cur['msgstr'] !== null || $cur['plural'] !== [])) {
                $flush();
            }
            $field = $m[2] !== '' ? 'plural:' . $m[2] : $m[1];
            if ($m[2] !== '') {
                $cur['plural'][(int) $m[2]] = stripcslashes($m[3]);
            } else {
                $cur[$field] = stripcslashes($m[3]);
            }
        } elseif (preg_match('/^"(.*)"$/', $line, $m) && $field !== null) {
            if (str_starts_with($field, 'plural:')) {
                $cur['plural'][(int) substr($field, 7)] .= stripcslashes($m[1]);
            } else {
                $cur[$field] .= stripcslashes($m[1]);
            }
        } else {
            throw new RuntimeException("$file: cannot read line: $line");
        }
    }
    $flush();
    return $entries;
}

function write_mo(array $entries, string $file): void
{
    ksort($entries, SORT_STRING);
    $n = count($entries);
    $ids = '';
    $strs = '';
    $idIdx = [];
    $strIdx = [];
    foreach ($entries as $id => $str) {
        $idIdx[] = [strlen((string) $id), strlen($ids)];
        $ids .= $id . "\0";
        $strIdx[] = [strlen($str), strlen($strs)];
        $strs .= $str . "\0";
    }
    $headerSize = 28;
    $origTable = $headerSize;
    $transTable = $origTable + 8 * $n;
    $idsStart = $transTable + 8 * $n;
    $strsStart = $idsStart + strlen($ids);
    $out = pack('V7', 0x950412de, 0, $n, $origTable, $transTable, 0, 0);
    foreach ($idIdx as [$len, $off]) {
        $out .= pack('V2', $len, $idsStart + $off);
    }
    foreach ($strIdx as [$len, $off]) {
        $out .= pack('V2', $len, $strsStart + $off);
    }
    file_put_contents($file, $out . $ids . $strs);
}


/** Whether every message of the catalogue is its own translation (plural forms: singular, then plural). */
function is_identity(array $entries): bool
{
    foreach ($entries as $key => $str) {
        if ($key === '') {
            continue; // the header
        }
        $id = (string) $key;
        $pos = strrpos($id, "\x04");
        if ($pos !== false) {
            $id = substr($id, $pos + 1); // without its context
        }
        if ($id !== $str) {
            return false;
        }
    }
    return true;
}

/**
 * WordPress's PHP translation file (WP_Translation_File_PHP): the headers (lower-case names) and
 * the messages, keyed as WordPress keys a .mo's entries (context prefix kept, a plural entry
 * under its singular).
 */
function write_l10n_php(array $entries, string $file): void
{
    $data = [];
    foreach (explode("\n", (string) ($entries[''] ?? '')) as $line) {
        if (str_contains($line, ':')) {
            [$name, $value] = array_map('trim', explode(':', $line, 2));
            $data[strtolower($name)] = $value;
        }
    }
    $messages = [];
    foreach ($entries as $key => $str) {
        if ($key !== '') {
            $messages[explode("\0", (string) $key)[0]] = $str;
        }
    }
    ksort($messages, SORT_STRING);
    $data['messages'] = $messages;
    file_put_contents($file, '<?php' . "\n" . 'return ' . var_export($data, true) . ';' . "\n");
}
