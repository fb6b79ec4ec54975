<?php
/**
 * One page of a back-office list as PrestaShop's HelperList asks for it (its own page size, page,
 * sort and direction parameters, prefixed by the list's table), and the HelperList configured the
 * same way for every list of the module: pages of PAGE_SIZES, server-side sorting, no toolbar.
 */

namespace ShopCreditPs\Admin;

final class PagedList
{
    public const PAGE_SIZES = [20, 50, 100, 300];

    private function __construct(
        public readonly string $table,
        public readonly int $perPage,
        public readonly int $page,
        public readonly string $orderBy,
        public readonly string $orderWay,
    ) {
    }

    /** @param array<string, mixed> $sorts the list's sort keys (unknown ones fall back to $defaultSort) */
    public static function fromRequest(string $table, array $sorts, string $defaultSort): self
    {
        $size = (int) \Tools::getValue($table . '_pagination');
        $orderBy = (string) \Tools::getValue($table . 'Orderby', $defaultSort);
        return new self(
            $table,
            in_array($size, self::PAGE_SIZES, true) ? $size : 50,
            max(1, (int) \Tools::getValue('submitFilter' . $table, 1)),
            isset($sorts[$orderBy]) ? $orderBy : $defaultSort,
            strtolower((string) \Tools::getValue($table . 'Orderway', 'asc')) === 'desc' ? 'desc' : 'asc',
        );
    }

    public function offset(): int
    {
        return ($this->page - 1) * $this->perPage;
    }

    /**
     * @param array{identifier: string, actions: list<string>, title: string, total: int, token: string, currentIndex: string} $list
     */
    public function helper(array $list): \HelperList
    {
        $h = new \HelperList();
        $h->shopLinkType = '';
        $h->simple_header = false;
        $h->show_toolbar = false;
        $h->no_link = true;
        $h->identifier = $list['identifier'];
        $h->table = $this->table;
        $h->list_id = $this->table;
        $h->actions = $list['actions'];
        $h->token = $list['token'];
        $h->currentIndex = $list['currentIndex'];
        $h->listTotal = $list['total'];
        $h->_default_pagination = 50;
        $h->_pagination = self::PAGE_SIZES;
        $h->orderBy = $this->orderBy;
        $h->orderWay = strtoupper($this->orderWay);
        $h->page = $this->page;
        $h->title = $list['title'];
        $h->tpl_vars = ['show_filters' => false];
        return $h;
    }
}
