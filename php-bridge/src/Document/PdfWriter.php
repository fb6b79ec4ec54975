<?php

declare(strict_types=1);

namespace ShopCredit\Document;

/**
 * A small PDF 1.4 writer (no Composer, no extension beyond mbstring): A4 pages of text in the
 * standard Helvetica and Helvetica-Bold fonts (WinAnsi encoding, so Western European accents and
 * the euro sign print; other characters print as '?'), straight lines and grey bands.
 * Coordinates are points from the top-left corner of the page (y grows downwards).
 *
 *     $pdf = new PdfWriter('Statement of account');
 *     $pdf->addPage();
 *     $pdf->text(40, 60, 'Hello', 12, bold: true);
 *     $pdf->text(555, 60, '1 234,50 €', 10, align: 'right');
 *     file_put_contents('out.pdf', $pdf->output());
 */
final class PdfWriter
{
    public const PAGE_WIDTH = 595.28;
    public const PAGE_HEIGHT = 841.89;

    /** @var list<string> one content stream per page */
    private array $pages = [];

    public function __construct(private readonly string $title = '', private readonly ?int $createdAtS = null)
    {
    }

    public function addPage(): void
    {
        $this->pages[] = '';
    }

    public function pageCount(): int
    {
        return \count($this->pages);
    }

    /** Writes one line of text; $align left (x = start), right (x = end) or center. */
    public function text(float $x, float $y, string $text, float $size = 10, bool $bold = false, string $align = 'left'): void
    {
        $encoded = self::winAnsi($text);
        if ($align !== 'left') {
            $w = self::encodedWidth($encoded, $size, $bold);
            $x -= $align === 'right' ? $w : $w / 2;
        }
        $this->write(\sprintf(
            "BT /%s %s Tf %s %s Td (%s) Tj ET\n",
            $bold ? 'F2' : 'F1', self::num($size), self::num($x), self::num(self::PAGE_HEIGHT - $y), self::escape($encoded),
        ));
    }

    public function line(float $x1, float $y1, float $x2, float $y2, float $width = 0.5): void
    {
        $this->write(\sprintf(
            "%s w %s %s m %s %s l S\n",
            self::num($width), self::num($x1), self::num(self::PAGE_HEIGHT - $y1), self::num($x2), self::num(self::PAGE_HEIGHT - $y2),
        ));
    }

    /** A filled rectangle in a grey level from 0 (black) to 1 (white); $y is its top edge. */
    public function band(float $x, float $y, float $w, float $h, float $grey = 0.92): void
    {
        $this->write(\sprintf(
            "q %s g %s %s %s %s re f Q\n",
            self::num($grey), self::num($x), self::num(self::PAGE_HEIGHT - $y - $h), self::num($w), self::num($h),
        ));
    }

    /** Width of a text in points. */
    public static function width(string $text, float $size = 10, bool $bold = false): float
    {
        return self::encodedWidth(self::winAnsi($text), $size, $bold);
    }

    /**
     * Splits a text into lines no wider than $maxWidth (at spaces; a word longer than a line is
     * cut). Line breaks in the text are kept.
     * @return list<string>
     */
    public static function wrap(string $text, float $maxWidth, float $size = 10, bool $bold = false): array
    {
        $out = [];
        foreach (\preg_split('/\R/u', $text) ?: [] as $paragraph) {
            $line = '';
            foreach (\preg_split('/ +/u', \trim($paragraph)) ?: [] as $word) {
                $try = $line === '' ? $word : "$line $word";
                if ($line !== '' && self::width($try, $size, $bold) > $maxWidth) {
                    $out[] = $line;
                    $try = $word;
                }
                while (self::width($try, $size, $bold) > $maxWidth && \mb_strlen($try) > 1) {
                    $cut = \mb_strlen($try) - 1;
                    while ($cut > 1 && self::width(\mb_substr($try, 0, $cut), $size, $bold) > $maxWidth) {
                        $cut--;
                    }
                    $out[] = \mb_substr($try, 0, $cut);
                    $try = \mb_substr($try, $cut);
                }
                $line = $try;
            }
            $out[] = $line;
        }
        return $out;
    }

    /** The whole document. */
    public function output(): string
    {
        if ($this->pages === []) {
            $this->addPage();
        }
        $objects = [];
        $n = \count($this->pages);
        // 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info, then (page, content) pairs.
        $kids = [];
        for ($i = 0; $i < $n; $i++) {
            $kids[] = (6 + 2 * $i) . ' 0 R';
        }
        $objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
        $objects[2] = '<< /Type /Pages /Kids [' . \implode(' ', $kids) . '] /Count ' . $n . ' >>';
        $objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
        $objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
        $info = '<< /Producer (ShopCredit)';
        if ($this->title !== '') {
            $info .= ' /Title (' . self::escape(self::winAnsi($this->title)) . ')';
        }
        if ($this->createdAtS !== null) {
            $info .= ' /CreationDate (D:' . \gmdate('YmdHis', $this->createdAtS) . "Z)";
        }
        $objects[5] = $info . ' >>';
        foreach ($this->pages as $i => $content) {
            $page = 6 + 2 * $i;
            $objects[$page] = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ' . self::num(self::PAGE_WIDTH) . ' ' . self::num(self::PAGE_HEIGHT) . ']'
                . ' /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ' . ($page + 1) . ' 0 R >>';
            $objects[$page + 1] = '<< /Length ' . \strlen($content) . " >>\nstream\n" . $content . "\nendstream";
        }
        $pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
        $offsets = [];
        foreach ($objects as $id => $body) {
            $offsets[$id] = \strlen($pdf);
            $pdf .= "$id 0 obj\n$body\nendobj\n";
        }
        $xref = \strlen($pdf);
        $pdf .= 'xref' . "\n0 " . (\count($objects) + 1) . "\n0000000000 65535 f \n";
        foreach ($offsets as $offset) {
            $pdf .= \sprintf("%010d 00000 n \n", $offset);
        }
        return $pdf . 'trailer' . "\n<< /Size " . (\count($objects) + 1) . " /Root 1 0 R /Info 5 0 R >>\nstartxref\n$xref\n%%EOF\n";
    }

    private function write(string $op): void
    {
        if ($this->pages === []) {
            $this->addPage();
        }
        $this->pages[\count($this->pages) - 1] .= $op;
    }

    /** UTF-8 → WinAnsi (Windows-1252) bytes; spaces of every width print as a space. */
    public static function winAnsi(string $utf8): string
    {
        $utf8 = \str_replace(["\u{202F}", "\u{2009}", "\u{00A0}"], ' ', $utf8);
        $utf8 = (string) \preg_replace('/[\x00-\x1F\x7F]/', '', \mb_scrub($utf8, 'UTF-8'));
        $out = '';
        foreach (\mb_str_split($utf8, 1, 'UTF-8') as $ch) {
            $b = \mb_convert_encoding($ch, 'Windows-1252', 'UTF-8');
            $out .= \strlen($b) === 1 && ($b !== '?' || $ch === '?') ? $b : '?';
        }
        return $out;
    }

    private static function encodedWidth(string $bytes, float $size, bool $bold): float
    {
        $widths = $bold ? FontMetrics::HELVETICA_BOLD : FontMetrics::HELVETICA;
        $units = 0;
        foreach (\str_split($bytes) as $b) {
            $code = \ord($b);
            $units += $code >= 32 ? $widths[$code - 32] : 0;
        }
        return $units * $size / 1000;
    }

    private static function escape(string $bytes): string
    {
        return \strtr($bytes, ['\\' => '\\\\', '(' => '\\(', ')' => '\\)', "\r" => '\\r']);
    }

    private static function num(float $v): string
    {
        $s = \rtrim(\rtrim(\sprintf('%.2F', $v), '0'), '.');
        return $s === '-0' ? '0' : $s;
    }
}
