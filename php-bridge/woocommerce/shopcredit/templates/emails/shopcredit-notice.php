<?php
/**
 * ShopCredit e-mail (HTML). Override in yourtheme/woocommerce/emails/shopcredit-notice.php.
 *
 * @var \WC_Email       $email
 * @var string          $email_heading
 * @var string          $message
 * @var string          $reasons
 * @var string          $detail
 * @var string          $link
 * @var \WC_Order|null  $order
 * @var bool            $sent_to_admin
 */

defined( 'ABSPATH' ) || exit;

do_action( 'woocommerce_email_header', $email_heading, $email );
?>
<p><?php echo esc_html( $message ); ?></p>
<?php if ( '' !== $reasons ) : ?>
	<p><strong><?php esc_html_e( 'Reason:', 'shopcredit' ); ?></strong> <?php echo esc_html( $reasons ); ?></p>
<?php endif; ?>
<?php if ( '' !== $detail ) : ?>
	<p><?php echo nl2br( esc_html( $detail ) ); ?></p>
<?php endif; ?>
<?php if ( '' !== $link && ! $sent_to_admin && 'shopcredit_credit_check_failed_customer' === $email->id ) : ?>
	<p><a href="<?php echo esc_url( $link ); ?>"><?php esc_html_e( 'Pay another way', 'shopcredit' ); ?></a></p>
<?php endif; ?>
<?php
if ( $order instanceof \WC_Order ) {
	do_action( 'woocommerce_email_order_details', $order, $sent_to_admin, false, $email );
}
do_action( 'woocommerce_email_footer', $email );
