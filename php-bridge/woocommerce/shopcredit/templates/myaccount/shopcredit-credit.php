<?php
/**
 * My account > Credit.
 *
 * @var array $summary Overview::customer() of the logged-in customer
 * @var array $others  currency → credit.status of the customer's credit lines in the shop's other enabled currencies
 */

defined( 'ABSPATH' ) || exit;

$credit = $summary['credit'] ?? null;
if ( ! is_array( $credit ) ) {
	/* translators: %s: currency code */
	echo '<p>' . esc_html( empty( $others ) ? __( 'You have no credit line.', 'shopcredit' ) : sprintf( __( 'You have no credit line in %s.', 'shopcredit' ), (string) ( $summary['currency'] ?? '' ) ) ) . '</p>';
} else {
	$words = \ShopCreditWC\Words::get();
	$order = static function ( string $ref ): string {
		$id = \ShopCreditWC\Requests::orderIdFromRef( $ref );
		$o  = null === $id ? null : wc_get_order( $id );
		return $o instanceof \WC_Order && (int) $o->get_customer_id() === get_current_user_id() ? '<a href="' . esc_url( $o->get_view_order_url() ) . '">#' . esc_html( $o->get_order_number() ) . '</a>' : '';
	};
	?>
	<table class="woocommerce-table shop_table">
		<tr><th><?php esc_html_e( 'Credit limit', 'shopcredit' ); ?></th><td><?php echo wp_kses_post( wc_price( $credit['limit'] ) ); ?></td></tr>
		<tr><th><?php esc_html_e( 'Still to pay on your orders', 'shopcredit' ); ?></th><td><?php echo wp_kses_post( wc_price( $credit['exposure'] ) ); ?></td></tr>
		<?php /* A line used beyond its limit shows no negative figure: it says the limit is reached. */ ?>
		<tr><th><?php esc_html_e( 'Remaining credit', 'shopcredit' ); ?></th><td><?php echo str_starts_with( (string) $credit['remaining'], '-' ) ? esc_html__( 'None: the limit is reached', 'shopcredit' ) : wp_kses_post( wc_price( $credit['remaining'] ) ); ?></td></tr>
		<?php if ( ! empty( $credit['blockingReasons'] ) ) : ?>
		<tr><th><?php esc_html_e( 'New orders on account', 'shopcredit' ); ?></th><td><?php echo esc_html( $words->reasons( (array) $credit['blockingReasons'] ) ); ?></td></tr>
		<?php endif; ?>
		<?php if ( ! empty( $credit['nextDueDate'] ) ) : ?>
		<tr><th><?php esc_html_e( 'Next payment due', 'shopcredit' ); ?></th><td><?php echo esc_html( $words->date( (string) $credit['nextDueDate'] ) ); ?></td></tr>
		<?php endif; ?>
	</table>
	<h3><?php esc_html_e( 'Orders on account', 'shopcredit' ); ?></h3>
	<table class="woocommerce-table shop_table">
		<thead><tr><th><?php esc_html_e( 'Order', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Amount', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Paid', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Remaining', 'shopcredit' ); ?></th><th><?php esc_html_e( 'Due', 'shopcredit' ); ?></th></tr></thead>
		<tbody>
		<?php foreach ( (array) $summary['receivables'] as $r ) : ?>
			<tr><td><?php echo $order( (string) $r['orderRef'] ); // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in $order ?></td><td><?php echo wp_kses_post( wc_price( $r['amount'] ) ); ?></td><td><?php echo wp_kses_post( wc_price( $r['paid'] ) ); ?></td><td><?php echo wp_kses_post( wc_price( $r['remaining'] ) ); ?></td><td><?php echo esc_html( null === $r['dueDate'] ? __( 'Not started yet', 'shopcredit' ) : $words->date( (string) $r['dueDate'] ) ); ?></td></tr>
		<?php endforeach; ?>
		</tbody>
	</table>
	<?php
}
if ( ! empty( $others ) ) :
	?>
	<ul class="shopcredit-other-credit-lines">
	<?php
	foreach ( $others as $cur => $other ) {
		$args = \ShopCreditWC\Money::priceArgs( $cur );
		echo '<li>' . wp_kses_post(
			sprintf(
				/* translators: 1: currency code, 2: credit limit, 3: still to pay, 4: remaining credit, all in that currency */
				__( 'Credit line in %1$s: limit %2$s, still to pay %3$s, remaining %4$s', 'shopcredit' ),
				esc_html( $cur ),
				wc_price( $other['limit'], $args ),
				wc_price( $other['exposure'], $args ),
				str_starts_with( (string) $other['remaining'], '-' ) ? esc_html__( 'None: the limit is reached', 'shopcredit' ) : wc_price( $other['remaining'], $args )
			)
		) . '</li>';
	}
	?>
	</ul>
<?php endif; ?>
<h3><?php esc_html_e( 'Ask for a higher credit limit', 'shopcredit' ); ?></h3>
<form method="post">
	<?php wp_nonce_field( 'shopcredit_increase' ); ?>
	<input type="hidden" name="shopcredit_form" value="increase" />
	<p><label><?php esc_html_e( 'Requested limit', 'shopcredit' ); ?> <input name="amount" inputmode="decimal" required /></label></p>
	<p><label><?php esc_html_e( 'Message', 'shopcredit' ); ?> <textarea name="message"></textarea></label></p>
	<p><button class="button"><?php esc_html_e( 'Send request', 'shopcredit' ); ?></button></p>
</form>
