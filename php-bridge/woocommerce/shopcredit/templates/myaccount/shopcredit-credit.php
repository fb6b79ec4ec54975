<?php
/**
 * My account > Credit.
 *
 * @var array $summary Overview::customer() of the logged-in customer
 */

defined( 'ABSPATH' ) || exit;

$credit = $summary['credit'] ?? null;
if ( ! is_array( $credit ) ) {
	echo '<p>' . esc_html__( 'You have no credit line.', 'shopcredit' ) . '</p>';
} else {
	?>
	<table class="woocommerce-table shop_table">
		<tr><th><?php esc_html_e( 'Credit limit', 'shopcredit' ); ?></th><td><?php echo wp_kses_post( wc_price( $credit['limit'] ) ); ?></td></tr>
		<tr><th><?php esc_html_e( 'Exposure', 'shopcredit' ); ?></th><td><?php echo wp_kses_post( wc_price( $credit['exposure'] ) ); ?></td></tr>
		<tr><th><?php esc_html_e( 'Remaining credit', 'shopcredit' ); ?></th><td><?php echo wp_kses_post( wc_price( $credit['remaining'] ) ); ?></td></tr>
		<?php if ( ! empty( $credit['nextDueDate'] ) ) : ?>
		<tr><th><?php esc_html_e( 'Next payment due', 'shopcredit' ); ?></th><td><?php echo esc_html( $credit['nextDueDate'] ); ?></td></tr>
		<?php endif; ?>
	</table>
	<h3><?php esc_html_e( 'Orders on account', 'shopcredit' ); ?></h3>
	<table class="woocommerce-table shop_table">
		<thead><tr><th><?php esc_html_e( 'Order', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Amount', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Paid', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Remaining', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Due', 'shopcredit' ); ?></th></tr></thead>
		<tbody>
		<?php foreach ( (array) $summary['receivables'] as $r ) : ?>
			<tr><td><?php echo esc_html( $r['orderRef'] ); ?></td><td><?php echo wp_kses_post( wc_price( $r['amount'] ) ); ?></td><td><?php echo wp_kses_post( wc_price( $r['paid'] ) ); ?></td><td><?php echo wp_kses_post( wc_price( $r['remaining'] ) ); ?></td><td><?php echo esc_html( (string) $r['dueDate'] ); ?></td></tr>
		<?php endforeach; ?>
		</tbody>
	</table>
	<?php
}
?>
<h3><?php esc_html_e( 'Ask for a higher credit limit', 'shopcredit' ); ?></h3>
<form method="post">
	<?php wp_nonce_field( 'shopcredit_increase' ); ?>
	<input type="hidden" name="shopcredit_form" value="increase" />
	<p><label><?php esc_html_e( 'Requested limit', 'shopcredit' ); ?> <input name="amount" inputmode="decimal" required /></label></p>
	<p><label><?php esc_html_e( 'Message', 'shopcredit' ); ?> <textarea name="message"></textarea></label></p>
	<p><button class="button"><?php esc_html_e( 'Send request', 'shopcredit' ); ?></button></p>
</form>
