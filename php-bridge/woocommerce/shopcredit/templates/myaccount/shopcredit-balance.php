<?php
/**
 * My account > Store balance.
 *
 * @var array $summary   Overview::customer() of the logged-in customer
 * @var array $movements the balance's latest movements
 */

defined( 'ABSPATH' ) || exit;

$wallet = $summary['wallet'] ?? null;
if ( ! is_array( $wallet ) ) {
	echo '<p>' . esc_html__( 'The store balance is not available.', 'shopcredit' ) . '</p>';
	return;
}
?>
<p><?php esc_html_e( 'Your balance:', 'shopcredit' ); ?> <strong><?php echo wp_kses_post( wc_price( $wallet['balance'] ) ); ?></strong>
(<?php esc_html_e( 'available', 'shopcredit' ); ?> <?php echo wp_kses_post( wc_price( $wallet['available'] ) ); ?>)</p>
<table class="woocommerce-table shop_table">
	<thead><tr><th><?php esc_html_e( 'Date', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Movement', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Amount', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Order', 'shopcredit' ); ?></th></tr></thead>
	<tbody>
	<?php foreach ( $movements as $m ) : ?>
		<tr>
			<td><?php echo esc_html( wp_date( get_option( 'date_format' ), (int) ( $m['timestampS'] ?? $m['timestamp'] ?? 0 ) ) ); ?></td>
			<td><?php echo esc_html( (string) ( $m['code'] ?? '' ) . ( in_array( 'pending', (array) ( $m['flags'] ?? array() ), true ) ? ' (' . __( 'reserved', 'shopcredit' ) . ')' : '' ) ); ?></td>
			<td><?php echo esc_html( ( 'credit' === $m['direction'] ? '+' : '-' ) . $m['amount'] ); ?></td>
			<td><?php echo esc_html( (string) ( $m['orderRef'] ?? '' ) ); ?></td>
		</tr>
	<?php endforeach; ?>
	</tbody>
</table>
<h3><?php esc_html_e( 'Top up', 'shopcredit' ); ?></h3>
<form method="post">
	<?php wp_nonce_field( 'shopcredit_topup' ); ?>
	<p><label><?php esc_html_e( 'Amount', 'shopcredit' ); ?> <input name="shopcredit_topup_amount" inputmode="decimal" required /></label> <button class="button"><?php esc_html_e( 'Top up', 'shopcredit' ); ?></button></p>
</form>
<h3><?php esc_html_e( 'Withdraw', 'shopcredit' ); ?></h3>
<form method="post">
	<?php wp_nonce_field( 'shopcredit_withdrawal' ); ?>
	<input type="hidden" name="shopcredit_form" value="withdrawal" />
	<p><label><?php esc_html_e( 'Amount', 'shopcredit' ); ?> <input name="amount" inputmode="decimal" required /></label></p>
	<p><label><?php esc_html_e( 'Message', 'shopcredit' ); ?> <textarea name="message"></textarea></label></p>
	<p><button class="button"><?php esc_html_e( 'Request a withdrawal', 'shopcredit' ); ?></button></p>
</form>
