<?php
/**
 * A stand-in for WordPress's WP_List_Table (wp-admin/includes/class-wp-list-table.php), written for
 * these tests: the same protected API our tables override (columns, sortable columns, column_*
 * methods, views, bulk actions, row actions, pagination, search box) and the same markup roles
 * (thead/tfoot headers with sort links, a check-box column, tablenav with bulk actions and pages),
 * so the browser sees what a merchant's wp-admin shows. No WordPress code is copied here.
 */

declare(strict_types=1);

class WP_List_Table
{
    /** @var list<mixed> */
    public $items = [];
    /** @var array{0: array<string, string>, 1: array<int, string>, 2: array<string, array{0: string, 1: bool}>, 3: string} */
    protected $_column_headers = [[], [], [], ''];
    /** @var array<string, mixed> */
    protected $_args;
    /** @var array{total_items?: int, per_page?: int, total_pages?: int} */
    protected $_pagination_args = [];

    /** @param array<string, mixed> $args */
    public function __construct($args = [])
    {
        $this->_args = $args + ['plural' => '', 'singular' => '', 'ajax' => false, 'screen' => null];
    }

    public function get_columns()
    {
        return [];
    }

    protected function get_sortable_columns()
    {
        return [];
    }

    protected function get_bulk_actions()
    {
        return [];
    }

    protected function get_views()
    {
        return [];
    }

    public function prepare_items()
    {
    }

    public function has_items()
    {
        return $this->items !== [];
    }

    public function no_items()
    {
        echo esc_html__('No items found.');
    }

    protected function get_table_classes()
    {
        return ['widefat', 'fixed', 'striped', 'table-view-list', (string) $this->_args['plural']];
    }

    /** @param array{total_items?: int, per_page?: int, total_pages?: int} $args */
    protected function set_pagination_args($args)
    {
        $this->_pagination_args = $args;
    }

    public function get_pagenum()
    {
        return max(1, absint($_REQUEST['paged'] ?? 1));
    }

    public function search_box($text, $inputId)
    {
        $id = $inputId . '-search-input';
        printf('<p class="search-box"><label class="screen-reader-text" for="%1$s">%2$s:</label><input type="search" id="%1$s" name="s" value="%3$s" /><input type="submit" id="search-submit" class="button" value="%2$s" /></p>',
            esc_attr($id), esc_html($text), esc_attr(wp_unslash((string) ($_REQUEST['s'] ?? ''))));
    }

    public function views()
    {
        $views = $this->get_views();
        if ($views === []) {
            return;
        }
        // WordPress puts the separators inside the items: a list holds list items only.
        $items = [];
        foreach ($views as $class => $link) {
            $items[] = "<li class='" . esc_attr((string) $class) . "'>$link";
        }
        echo '<ul class="subsubsub">' . implode(' |</li>', $items) . '</li></ul>';
    }

    protected function bulk_actions($which = '')
    {
        $actions = $this->get_bulk_actions();
        if ($actions === []) {
            return;
        }
        $two = $which === 'top' ? '' : '2';
        printf('<label for="bulk-action-selector-%1$s" class="screen-reader-text">%2$s</label><select name="action%3$s" id="bulk-action-selector-%1$s"><option value="-1">%4$s</option>',
            esc_attr($which), esc_html__('Select bulk action'), $two, esc_html__('Bulk actions'));
        foreach ($actions as $name => $title) {
            printf('<option value="%s">%s</option>', esc_attr((string) $name), esc_html((string) $title));
        }
        printf('</select><input type="submit" id="doaction%s" class="button action" value="%s" />', $two, esc_attr__('Apply'));
    }

    /** @param array<string, string> $actions */
    protected function row_actions($actions, $alwaysVisible = false)
    {
        if ($actions === []) {
            return '';
        }
        $out = [];
        foreach ($actions as $name => $link) {
            $out[] = "<span class='" . esc_attr((string) $name) . "'>$link</span>";
        }
        return '<div class="row-actions' . ($alwaysVisible ? ' visible' : '') . '">' . implode(' | ', $out) . '</div>';
    }

    public function display()
    {
        $this->display_tablenav('top');
        printf('<table class="wp-list-table %s"><thead>', esc_attr(implode(' ', $this->get_table_classes())));
        $this->print_column_headers();
        echo '</thead><tbody id="the-list">';
        $this->display_rows_or_placeholder();
        echo '</tbody><tfoot>';
        $this->print_column_headers(false);
        echo '</tfoot></table>';
        $this->display_tablenav('bottom');
    }

    protected function display_tablenav($which)
    {
        echo '<div class="tablenav ' . esc_attr($which) . '">';
        if ($this->has_items()) {
            echo '<div class="alignleft actions bulkactions">';
            $this->bulk_actions($which);
            echo '</div>';
        }
        $this->pagination($which);
        echo '<br class="clear" /></div>';
    }

    /** The column keys: all, hidden, sortable, primary. */
    protected function columnInfo(): array
    {
        [$columns, $hidden, $sortable, $primary] = $this->_column_headers + [[], [], [], ''];
        if ($primary === '' || !isset($columns[$primary])) {
            $primary = (string) array_key_first(array_diff_key($columns, ['cb' => true]));
        }
        return [$columns, $hidden, $sortable, $primary];
    }

    public function print_column_headers($withId = true)
    {
        [$columns, , $sortable, $primary] = $this->columnInfo();
        $by = (string) ($_GET['orderby'] ?? '');
        $dir = ($_GET['order'] ?? '') === 'desc' ? 'desc' : 'asc';
        echo '<tr>';
        static $cb = 0;
        foreach ($columns as $key => $title) {
            if ($key === 'cb') {
                $cb++;
                printf('<td class="manage-column column-cb check-column"><label class="screen-reader-text" for="cb-select-all-%1$d">%2$s</label><input id="cb-select-all-%1$d" type="checkbox" /></td>', $cb, esc_html__('Select All'));
                continue;
            }
            $classes = ['manage-column', "column-$key"] + [];
            if ($key === $primary) {
                $classes[] = 'column-primary';
            }
            $id = $withId ? sprintf(' id="%s"', esc_attr($key)) : '';
            if (isset($sortable[$key])) {
                [$orderby, $descFirst] = (array) $sortable[$key] + [1 => false];
                $current = $by === $orderby;
                $next = $current ? ($dir === 'asc' ? 'desc' : 'asc') : ($descFirst ? 'desc' : 'asc');
                $classes[] = $current ? 'sorted' : 'sortable';
                $classes[] = $current ? $dir : ($next === 'asc' ? 'desc' : 'asc');
                $sort = $current ? sprintf(' aria-sort="%s"', $dir === 'asc' ? 'ascending' : 'descending') : '';
                $url = add_query_arg(['orderby' => $orderby, 'order' => $next], self::currentUrl());
                printf('<th scope="col"%s class="%s"%s><a href="%s"><span>%s</span><span class="sorting-indicator" aria-hidden="true"></span></a></th>', $id, esc_attr(implode(' ', $classes)), $sort, esc_url($url), $title);
            } else {
                printf('<th scope="col"%s class="%s">%s</th>', $id, esc_attr(implode(' ', $classes)), $title);
            }
        }
        echo '</tr>';
    }

    public function display_rows_or_placeholder()
    {
        if ($this->has_items()) {
            foreach ($this->items as $item) {
                $this->single_row($item);
            }
            return;
        }
        printf('<tr class="no-items"><td class="colspanchange" colspan="%d">', count($this->columnInfo()[0]));
        $this->no_items();
        echo '</td></tr>';
    }

    public function single_row($item)
    {
        echo '<tr>';
        $this->single_row_columns($item);
        echo '</tr>';
    }

    protected function single_row_columns($item)
    {
        [$columns, , , $primary] = $this->columnInfo();
        foreach ($columns as $key => $title) {
            if ($key === 'cb') {
                echo '<th scope="row" class="check-column">' . $this->column_cb($item) . '</th>';
                continue;
            }
            $classes = "$key column-$key" . ($key === $primary ? ' has-row-actions column-primary' : '');
            $cell = method_exists($this, "column_$key") ? $this->{"column_$key"}($item) : $this->column_default($item, $key);
            printf('<td class="%s" data-colname="%s">%s</td>', esc_attr($classes), esc_attr(wp_strip_all_tags((string) $title)), (string) $cell);
        }
    }

    protected function column_default($item, $columnName)
    {
        return '';
    }

    protected function column_cb($item)
    {
        return '';
    }

    protected function pagination($which)
    {
        $total = (int) ($this->_pagination_args['total_items'] ?? 0);
        $pages = (int) ($this->_pagination_args['total_pages'] ?? 0);
        $current = $this->get_pagenum();
        /* translators: %s: number of items */
        $output = '<span class="displaying-num">' . esc_html(sprintf(_n('%s item', '%s items', $total), number_format_i18n($total))) . '</span>';
        if ($pages > 1) {
            $link = static fn (int $p, string $label, string $text): string => sprintf('<a class="button" href="%s"><span class="screen-reader-text">%s</span><span aria-hidden="true">%s</span></a>', esc_url(add_query_arg('paged', $p, self::currentUrl())), esc_html($label), $text);
            $output .= '<span class="pagination-links">'
                . ($current > 1 ? $link($current - 1, __('Previous page'), '&lsaquo;') : '<span class="tablenav-pages-navspan button disabled" aria-hidden="true">&lsaquo;</span>')
                . sprintf(' <span class="paging-input">%s</span> ', esc_html(sprintf(__('%1$s of %2$s'), number_format_i18n($current), number_format_i18n($pages))))
                . ($current < $pages ? $link($current + 1, __('Next page'), '&rsaquo;') : '<span class="tablenav-pages-navspan button disabled" aria-hidden="true">&rsaquo;</span>')
                . '</span>';
        }
        echo '<div class="tablenav-pages' . ($pages > 1 ? '' : ' one-page') . '">' . $output . '</div>';
    }

    private static function currentUrl(): string
    {
        return (string) ($_SERVER['REQUEST_URI'] ?? '/');
    }
}
