<?php
/**
 * ShopCredit e-mail (plain text).
 *
 * @var \WC_Email $email
 * @var string    $email_heading
 * @var string    $message
 * @var string    $reasons
 * @var string    $detail
 * @var string    $link
 * @var bool      $sent_to_admin
 */

defined( 'ABSPATH' ) || exit;

echo esc_html( wp_strip_all_tags( $email_heading ) ) . "\n\n";
echo esc_html( $message ) . "\n\n";
if ( '' !== $reasons ) {
	echo esc_html__( 'Reason:', 'shopcredit' ) . ' ' . esc_html( $reasons ) . "\n\n";
}
if ( '' !== $detail ) {
	echo esc_html( $detail ) . "\n\n";
}
if ( '' !== $link && ! $sent_to_admin && 'shopcredit_credit_check_failed_customer' === $email->id ) {
	echo esc_html__( 'Pay another way', 'shopcredit' ) . ': ' . esc_url_raw( $link ) . "\n\n";
}
