<?php
/**
 * My account > Statement of account: the period's movements with the running balance, the open
 * items with their due dates, and the downloads.
 *
 * @var array|null $statement Statements::statement() of the logged-in customer (null: no credit line)
 * @var \ShopCredit\Document\StatementLabels $labels
 * @var array<string, string> $links format → download URL
 */

defined( 'ABSPATH' ) || exit;

if ( ! is_array( $statement ) ) {
	echo '<p>' . esc_html__( 'You have no credit line.', 'shopcredit' ) . '</p>';
	return;
}
$cur   = (string) $statement['currency'];
$money = static fn ( string $a ): string => $labels->money( $a, $cur );
?>
<form method="get" class="shopcredit-statement-period">
	<label><?php esc_html_e( 'From', 'shopcredit' ); ?> <input type="date" name="from" value="<?php echo esc_attr( $statement['fromDate'] ); ?>" /></label>
	<label><?php esc_html_e( 'To', 'shopcredit' ); ?> <input type="date" name="to" value="<?php echo esc_attr( $statement['toDate'] ); ?>" /></label>
	<button type="submit" class="button"><?php esc_html_e( 'Show', 'shopcredit' ); ?></button>
	<a class="button" href="<?php echo esc_url( $links['pdf'] ); ?>"><?php esc_html_e( 'Download PDF', 'shopcredit' ); ?></a>
	<a class="button" href="<?php echo esc_url( $links['csv'] ); ?>"><?php esc_html_e( 'Download CSV', 'shopcredit' ); ?></a>
</form>
<table class="woocommerce-table shop_table shopcredit-statement">
	<thead><tr>
		<th><?php echo esc_html( $labels->word( 'date' ) ); ?></th><th><?php echo esc_html( $labels->word( 'description' ) ); ?></th>
		<th><?php echo esc_html( $labels->word( 'order' ) ); ?></th><th><?php echo esc_html( $labels->word( 'poNumber' ) ); ?></th>
		<th><?php echo esc_html( $labels->word( 'debit' ) ); ?></th><th><?php echo esc_html( $labels->word( 'credit' ) ); ?></th><th><?php echo esc_html( $labels->word( 'balance' ) ); ?></th>
	</tr></thead>
	<tbody>
		<tr><td><?php echo esc_html( $labels->date( $statement['fromDate'] ) ); ?></td><th colspan="5"><?php echo esc_html( $labels->word( 'openingBalance' ) ); ?></th><td><?php echo esc_html( $money( $statement['openingBalance'] ) ); ?></td></tr>
		<?php foreach ( $statement['lines'] as $line ) : ?>
		<tr>
			<td><?php echo esc_html( $labels->date( $line['date'] ) ); ?></td><td><?php echo esc_html( $labels->kind( (string) $line['kind'] ) ); ?></td>
			<td><?php echo esc_html( $labels->order( $line['orderRef'] ?? null ) ); ?></td><td><?php echo esc_html( (string) ( $line['poNumber'] ?? '' ) ); ?></td>
			<td><?php echo esc_html( $money( $line['debit'] ) ); ?></td><td><?php echo esc_html( $money( $line['credit'] ) ); ?></td><td><?php echo esc_html( $money( $line['balance'] ) ); ?></td>
		</tr>
		<?php endforeach; ?>
		<tr><td><?php echo esc_html( $labels->date( $statement['toDate'] ) ); ?></td><th colspan="5"><?php echo esc_html( $labels->word( 'closingBalance' ) ); ?></th><td><?php echo esc_html( $money( $statement['closingBalance'] ) ); ?></td></tr>
	</tbody>
</table>
<h3><?php echo esc_html( $labels->word( 'openItems' ) ); ?></h3>
<?php if ( array() === $statement['openItems'] ) : ?>
<p><?php echo esc_html( $labels->word( 'none' ) ); ?></p>
<?php else : ?>
<table class="woocommerce-table shop_table shopcredit-open-items">
	<thead><tr>
		<th><?php echo esc_html( $labels->word( 'order' ) ); ?></th><th><?php echo esc_html( $labels->word( 'poNumber' ) ); ?></th><th><?php echo esc_html( $labels->word( 'dueDate' ) ); ?></th>
		<th><?php echo esc_html( $labels->word( 'amount' ) ); ?></th><th><?php echo esc_html( $labels->word( 'paid' ) ); ?></th><th><?php echo esc_html( $labels->word( 'remaining' ) ); ?></th><th><?php echo esc_html( $labels->word( 'daysOverdue' ) ); ?></th>
	</tr></thead>
	<tbody>
	<?php foreach ( $statement['openItems'] as $item ) : ?>
		<tr<?php echo $item['overdue'] ? ' class="shopcredit-overdue"' : ''; ?>>
			<td><?php echo esc_html( $labels->order( $item['orderRef'] ) ); ?></td><td><?php echo esc_html( (string) ( $item['poNumber'] ?? '' ) ); ?></td>
			<td><?php echo esc_html( $labels->date( $item['dueDate'] ?? null ) ); ?></td><td><?php echo esc_html( $money( $item['amount'] ) ); ?></td>
			<td><?php echo esc_html( $money( $item['paid'] ) ); ?></td><td><?php echo esc_html( $money( $item['remaining'] ) ); ?></td>
			<td><?php echo $item['daysOverdue'] > 0 ? esc_html( (string) $item['daysOverdue'] ) : ''; ?></td>
		</tr>
	<?php endforeach; ?>
	</tbody>
	<tfoot><tr><th colspan="5"><?php echo esc_html( $labels->word( 'totalDue' ) ); ?></th><th><?php echo esc_html( $money( $statement['totalDue'] ) ); ?></th><td></td></tr></tfoot>
</table>
<?php endif; ?>
