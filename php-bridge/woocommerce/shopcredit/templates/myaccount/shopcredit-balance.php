<?php
/**
 * My account > Store balance.
 *
 * @var array $summary   Overview::customer() of the logged-in customer
 * @var array $movements the balance's latest movements (MovementList rows: one line per movement)
 * @var array $others    currency → wallet.balance in the shop's other enabled currencies the customer has a balance in
 */

defined( 'ABSPATH' ) || exit;

$wallet = $summary['wallet'] ?? null;
if ( ! is_array( $wallet ) ) {
	echo '<p>' . esc_html__( 'The store balance is not available.', 'shopcredit' ) . '</p>';
	return;
}
?>
<p><?php esc_html_e( 'Your balance:', 'shopcredit' ); ?> <strong><?php echo wp_kses_post( wc_price( $wallet['balance'], \ShopCreditWC\Money::priceArgs( (string) $summary['currency'] ) ) ); ?></strong>
(<?php esc_html_e( 'available', 'shopcredit' ); ?> <?php echo wp_kses_post( wc_price( $wallet['available'], \ShopCreditWC\Money::priceArgs( (string) $summary['currency'] ) ) ); ?>)</p>
<?php if ( ! empty( $others ) ) : ?>
<ul class="shopcredit-other-balances">
	<?php foreach ( $others as $cur => $other ) : ?>
		<li>
		<?php
		/* translators: 1: currency code, 2: balance, 3: the part of it available, both in that currency */
		echo wp_kses_post( sprintf( __( 'In %1$s: %2$s (available %3$s)', 'shopcredit' ), esc_html( $cur ), '<strong>' . wc_price( $other['balance'], \ShopCreditWC\Money::priceArgs( $cur ) ) . '</strong>', wc_price( $other['available'], \ShopCreditWC\Money::priceArgs( $cur ) ) ) );
		?>
		</li>
	<?php endforeach; ?>
</ul>
<?php endif; ?>
<table class="woocommerce-table shop_table">
	<thead><tr><th><?php esc_html_e( 'Date', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Movement', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Amount', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Order', 'shopcredit' ); ?></th></tr></thead>
	<tbody>
	<?php
	$words = \ShopCreditWC\Words::get();
	foreach ( $movements as $m ) :
		$order = null === $m['orderRef'] ? null : \ShopCreditWC\Requests::orderIdFromRef( (string) $m['orderRef'] );
		$order = null === $order ? null : wc_get_order( $order );
		$gone  = in_array( $m['state'], array( 'voided', 'expired' ), true );
		$shown = ( 'in' === $m['direction'] ? '+ ' : '− ' ) . wc_price( $gone ? $m['amount'] : $m['effective'], \ShopCreditWC\Money::priceArgs( (string) $m['currency'] ) );
		?>
		<tr>
			<td><?php echo esc_html( wp_date( get_option( 'date_format' ), (int) $m['atS'] ) ); ?></td>
			<td><?php echo esc_html( $words->text( 'movement', (string) $m['kind'] ) ); ?><?php echo 'posted' === $m['state'] ? '' : ' <small>(' . esc_html( $words->text( 'movement_state', (string) $m['state'] ) ) . ')</small>'; ?></td>
			<td><?php echo wp_kses_post( $gone ? '<del>' . $shown . '</del>' : $shown ); ?></td>
			<td><?php echo $order instanceof \WC_Order && (int) $order->get_customer_id() === get_current_user_id() ? '<a href="' . esc_url( $order->get_view_order_url() ) . '">#' . esc_html( $order->get_order_number() ) . '</a>' : ''; ?></td>
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
