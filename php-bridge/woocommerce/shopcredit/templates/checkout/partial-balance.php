<?php
/**
 * Classic checkout: "use my store balance" for part of the order.
 *
 * @var bool   $checked
 * @var string $balance
 * @var string $covers
 */

defined( 'ABSPATH' ) || exit;
?>
<div class="shopcredit-partial-balance">
	<label>
		<input type="checkbox" name="shopcredit_use_balance" value="1" <?php checked( $checked ); ?> onchange="jQuery(document.body).trigger('update_checkout')" />
		<?php
		// wc_price() is WooCommerce's own escaped markup, printed as its templates print it (kses
		// on it cost ~75k instructions per amount on every checkout page).
		printf(
			/* translators: 1: balance, 2: amount used */
			esc_html__( 'Use my store balance (%1$s available, %2$s for this order) and pay the rest with the method below.', 'shopcredit' ),
			wc_price( $balance ), // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
			wc_price( $covers ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
		);
		?>
	</label>
</div>
