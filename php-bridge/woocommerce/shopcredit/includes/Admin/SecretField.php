<?php
/**
 * A write-only settings field: the stored secret is never printed into the page; the field stays
 * empty, says whether a value is stored, and an empty submit keeps it (Options::keepSecrets).
 */

namespace ShopCreditWC\Admin;

defined( 'ABSPATH' ) || exit;

final class SecretField {

	public static function render( string $name, string $label, bool $stored ): string {
		return sprintf(
			'<tr><th>%s</th><td><input type="password" name="%s" value="" placeholder="%s" class="regular-text" autocomplete="new-password" /></td></tr>',
			esc_html( $label ),
			esc_attr( $name ),
			esc_attr( $stored ? __( '(stored; leave empty to keep)', 'shopcredit' ) : __( '(not set)', 'shopcredit' ) )
		);
	}
}
