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
		printf(
			/* translators: 1: balance, 2: amount used */
			esc_html__( 'Use my store balance (%1$s available, %2$s for this order) and pay the rest with the method below.', 'shopcredit' ),
			wp_kses_post( wc_price( $balance ) ),
			wp_kses_post( wc_price( $covers ) )
		);
		?>
	</label>
</div>
