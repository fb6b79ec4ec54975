<?php
/**
 * The core's settings (store balance, credit lines, financing solutions and the financing
 * status → order mapping) as real form fields: check boxes, selects, money fields in the shop's
 * currency and one row of amounts per other currency, and back into the core's wire shapes.
 * Values the form does not show (the time offset the bridge's clock sets, recorded rates) are
 * kept as stored. Errors are shown next to their field (the core's path, e.g. wallet.maxTopUp).
 */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\Money;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

final class SettingsForm {

	public const AMOUNTS        = array( 'minTopUp', 'maxTopUp', 'minWithdrawal' );
	public const RISK_EFFECTS   = array( 'none', 'manual_approval', 'block' );
	public const MAPPED_STATUSES = array( 'awaiting_financing', 'paid', 'payment_error', 'cancelled' );

	/** @var array<string, string> core path → message, from the last refused save */
	private static array $errors = array();

	/** @param array<string, string> $errors */
	public static function withErrors( array $errors ): void {
		self::$errors = $errors;
	}

	private static function error( string $path ): string {
		return isset( self::$errors[ $path ] ) ? '<p class="shopcredit-field-error" id="' . esc_attr( self::errorId( $path ) ) . '" style="color:#b32d2e;margin:.3em 0"><strong>' . esc_html( self::$errors[ $path ] ) . '</strong></p>' : '';
	}

	private static function errorId( string $path ): string {
		return 'sc-error-' . preg_replace( '/[^A-Za-z0-9_-]+/', '-', $path );
	}

	private static function row( string $label, string $field, string $path = '', string $help = '' ): string {
		if ( '' !== $path && isset( self::$errors[ $path ] ) ) {
			// The field is marked wrong and names its error, so a screen reader reads both together.
			$field = (string) preg_replace( '/<(input|select|textarea)\b(?![^>]*type="hidden")/', '<$1 aria-invalid="true" aria-describedby="' . esc_attr( self::errorId( $path ) ) . '"', $field, 1 );
		}
		return sprintf( '<tr><th scope="row">%s</th><td>%s%s%s</td></tr>', $label, $field, '' === $help ? '' : '<p class="description">' . esc_html( $help ) . '</p>', '' === $path ? '' : self::error( $path ) );
	}

	private static function box( string $name, bool $on, string $text ): string {
		return sprintf( '<label><input type="checkbox" name="%s" value="1" %s /> %s</label>', esc_attr( $name ), checked( $on, true, false ), esc_html( $text ) );
	}

	/** A money field showing $value the way WooCommerce writes amounts (its decimal separator, no thousands, the currency's own decimals), the currency code after it. */
	public static function amountField( string $name, ?string $value, string $currency, string $id = '', string $label = '' ): string {
		$shown = null === $value ? '' : html_entity_decode( wp_strip_all_tags( wc_price( $value, array( 'currency' => $currency, 'decimal_separator' => wc_get_price_decimal_separator(), 'thousand_separator' => '', 'decimals' => Money::decimals( $currency ) ) ) ), ENT_QUOTES, 'UTF-8' );
		// wc_price() puts a no-break space before the symbol: none of it stays in what the merchant edits.
		$shown = (string) preg_replace( '/^[\s\x{00A0}\x{202F}]+|[\s\x{00A0}\x{202F}]+$/u', '', str_replace( html_entity_decode( get_woocommerce_currency_symbol( $currency ), ENT_QUOTES, 'UTF-8' ), '', $shown ) );
		return sprintf( '<input name="%s" %s%s value="%s" inputmode="decimal" size="10" /> %s', esc_attr( $name ), '' === $id ? '' : 'id="' . esc_attr( $id ) . '" ', '' === $label ? '' : 'aria-label="' . esc_attr( $label ) . '" ', esc_attr( $shown ), esc_html( $currency ) );
	}

	/** @param array<string, mixed> $wallet */
	public static function wallet( array $wallet ): string {
		$cur  = Bridge::currency();
		$out  = '<h2>' . esc_html__( 'Store balance', 'shopcredit' ) . '</h2><table class="form-table" role="presentation">';
		$out .= self::row( esc_html__( 'Store balance', 'shopcredit' ), self::box( 'wallet[enabled]', ! empty( $wallet['enabled'] ), __( 'Customers have a store balance they can pay with', 'shopcredit' ) ) . '<br />' . self::box( 'wallet[allowPartial]', ! empty( $wallet['allowPartial'] ), __( 'The balance may pay part of an order, the rest with another method', 'shopcredit' ) ) . '<br />' . self::box( 'wallet[allowTopUp]', ! empty( $wallet['allowTopUp'] ), __( 'Customers may top up their balance', 'shopcredit' ) ) . '<br />' . self::box( 'wallet[allowWithdrawal]', ! empty( $wallet['allowWithdrawal'] ), __( 'Customers may ask to withdraw their balance', 'shopcredit' ) ), 'wallet' );
		$roles = '';
		foreach ( wp_roles()->get_names() as $slug => $name ) {
			$roles .= self::box( 'wallet[allowedGroups][' . $slug . ']', in_array( $slug, (array) ( $wallet['allowedGroups'] ?? array() ), true ), translate_user_role( $name ) ) . ' &nbsp; ';
		}
		$out .= self::row( esc_html__( 'Customer groups', 'shopcredit' ), $roles, 'wallet.allowedGroups', __( 'None ticked: every customer.', 'shopcredit' ) );
		$labels = array( 'minTopUp' => __( 'Smallest top-up', 'shopcredit' ), 'maxTopUp' => __( 'Largest top-up', 'shopcredit' ), 'minWithdrawal' => __( 'Smallest withdrawal', 'shopcredit' ) );
		foreach ( $labels as $k => $label ) {
			$out .= self::row( '<label for="sc-wallet-' . esc_attr( $k ) . '">' . esc_html( $label ) . '</label>', self::amountField( 'wallet[' . $k . ']', isset( $wallet[ $k ] ) ? (string) $wallet[ $k ] : null, $cur, 'sc-wallet-' . $k ), 'wallet.' . $k );
		}
		$vat   = (array) ( $wallet['topUpVat'] ?? array( 'mode' => 'none' ) );
		$out  .= self::row(
			esc_html__( 'VAT in top-up prices', 'shopcredit' ),
			sprintf( '<select name="wallet[topUpVat][mode]" aria-label="%s"><option value="none" %s>%s</option><option value="included" %s>%s</option></select> <label>%s <input name="wallet[topUpVat][rate]" value="%s" size="5" inputmode="decimal" /> %%</label>', esc_attr__( 'VAT in top-up prices', 'shopcredit' ), selected( $vat['mode'] ?? 'none', 'none', false ), esc_html__( 'No VAT: the balance is credited what is paid', 'shopcredit' ), selected( $vat['mode'] ?? 'none', 'included', false ), esc_html__( 'VAT included: the balance is credited the price without VAT', 'shopcredit' ), esc_html__( 'rate', 'shopcredit' ), esc_attr( (string) ( $vat['rate'] ?? '' ) ) ),
			'wallet.topUpVat'
		);
		$out .= self::row( esc_html__( 'Amounts in other currencies', 'shopcredit' ), self::perCurrency( (array) ( $wallet['perCurrency'] ?? array() ), (array) ( $wallet['rates'] ?? array() ), $labels ), 'wallet.perCurrency', __( 'Each currency your shop offers has its own amounts; a currency without amounts takes no top-up or withdrawal (never the amounts of another currency).', 'shopcredit' ) );
		return $out . '</table>';
	}

	/**
	 * One row per enabled currency other than the store's (Currencies), per currency that has
	 * amounts or books, and an empty row for one more; each says what a currency without amounts
	 * does. @param array<string, array<string, string>> $per @param array<string, array<string, string>> $rates @param array<string, string> $labels
	 */
	private static function perCurrency( array $per, array $rates, array $labels ): string {
		$shop       = Bridge::currency(); // the settings' own currency (walletValue)
		$currencies = array_values( array_diff( array_unique( array_merge( Ledger::currencies(), array_keys( $per ) ) ), array( $shop ) ) );
		$out        = '<table class="widefat shopcredit-per-currency" style="width:auto"><thead><tr><th>' . esc_html( Words::get()->text( 'word', 'currency' ) ) . '</th>';
		foreach ( $labels as $label ) {
			$out .= '<th>' . esc_html( $label ) . '</th>';
		}
		$out .= '<th>' . esc_html__( 'Without amounts', 'shopcredit' ) . '</th></tr></thead><tbody>';
		$all  = array_keys( get_woocommerce_currencies() );
		foreach ( array_merge( $currencies, array( '' ) ) as $i => $c ) {
			$select = '<select name="wallet[perCurrency][' . (int) $i . '][currency]" aria-label="' . esc_attr( Words::get()->text( 'word', 'currency' ) ) . '"><option value="">—</option>';
			foreach ( $all as $code ) {
				if ( $code !== $shop ) {
					$select .= sprintf( '<option value="%1$s" %2$s>%1$s</option>', esc_attr( $code ), selected( $c, $code, false ) );
				}
			}
			$out .= '<tr><td>' . $select . '</select></td>';
			foreach ( array_keys( $labels ) as $k ) {
				$out .= '<td>' . self::amountField( 'wallet[perCurrency][' . (int) $i . '][' . $k . ']', '' === $c || ! isset( $per[ $c ][ $k ] ) ? null : (string) $per[ $c ][ $k ], '' === $c ? '' : $c, '', trim( $c . ' ' . $labels[ $k ] ) ) . '</td>';
			}
			$out .= '<td class="shopcredit-currency-state">' . esc_html( '' === $c ? '' : self::withoutAmounts( $c, isset( $per[ $c ] ), $rates[ $c ] ?? null, $shop ) ) . '</td></tr>';
		}
		return $out . '</tbody></table>';
	}

	/** What the core does for a currency: its own amounts, a recorded rate, or a refusal (currency_not_supported). */
	private static function withoutAmounts( string $currency, bool $hasRow, ?array $rate, string $shop ): string {
		if ( $hasRow ) {
			return __( 'Its own amounts', 'shopcredit' );
		}
		if ( is_array( $rate ) && isset( $rate['rate'] ) ) {
			/* translators: 1: store currency, 2: exchange rate, 3: date it was recorded */
			return sprintf( __( 'Converted from %1$s at %2$s (rate recorded on %3$s)', 'shopcredit' ), $shop, (string) $rate['rate'], Words::get()->date( (string) ( $rate['asOf'] ?? '' ) ) );
		}
		/* translators: %s: currency code */
		return sprintf( __( 'Top-ups and withdrawals in %s are refused', 'shopcredit' ), $currency );
	}

	/**
	 * The store balance setting from the posted fields, on top of the stored one.
	 * @param array<string, mixed> $post $_POST['wallet'] @param array<string, mixed> $stored
	 * @return array{0: array<string, mixed>, 1: array<string, string>} the value and the field errors
	 */
	public static function walletValue( array $post, array $stored ): array {
		$cur    = Bridge::currency();
		$errors = array();
		$w      = $stored;
		foreach ( array( 'enabled', 'allowPartial', 'allowTopUp', 'allowWithdrawal' ) as $k ) {
			$w[ $k ] = ! empty( $post[ $k ] );
		}
		$w['allowedGroups'] = array_values( array_intersect( array_keys( (array) ( $post['allowedGroups'] ?? array() ) ), array_keys( wp_roles()->get_names() ) ) );
		foreach ( self::AMOUNTS as $k ) {
			[ $w[ $k ], $err ] = self::amount( (string) ( $post[ $k ] ?? '' ), $cur );
			if ( null === $w[ $k ] ) {
				unset( $w[ $k ] );
			}
			if ( null !== $err ) {
				$errors[ 'wallet.' . $k ] = $err;
			}
		}
		$mode            = 'included' === ( $post['topUpVat']['mode'] ?? '' ) ? 'included' : 'none';
		$w['topUpVat']   = 'included' === $mode ? array( 'mode' => 'included', 'rate' => str_replace( ',', '.', sanitize_text_field( (string) ( $post['topUpVat']['rate'] ?? '' ) ) ) ) : array( 'mode' => 'none' );
		$w['currency']   = $cur;
		$per             = array();
		foreach ( (array) ( $post['perCurrency'] ?? array() ) as $row ) {
			$c = strtoupper( sanitize_key( (string) ( $row['currency'] ?? '' ) ) );
			if ( '' === $c || ! array_key_exists( $c, get_woocommerce_currencies() ) ) {
				continue;
			}
			foreach ( self::AMOUNTS as $k ) {
				[ $v, $err ] = self::amount( (string) ( $row[ $k ] ?? '' ), $c );
				if ( null !== $v ) {
					$per[ $c ][ $k ] = $v;
				}
				if ( null !== $err ) {
					$errors['wallet.perCurrency'] = "$c: $err";
				}
			}
		}
		unset( $w['perCurrency'] );
		if ( array() !== $per ) {
			$w['perCurrency'] = $per;
		}
		return array( $w, $errors );
	}

	/** @return array{0: ?string, 1: ?string} the decimal amount (null when empty) and the error in words */
	private static function amount( string $typed, string $currency ): array {
		$typed = trim( sanitize_text_field( wp_unslash( $typed ) ) );
		if ( '' === $typed ) {
			return array( null, null );
		}
		try {
			return array( Money::fromTyped( $typed, $currency ), null );
		} catch ( \Throwable $e ) {
			return array( null, Money::typedError( $e ) );
		}
	}

	/** @param array<string, mixed> $credit */
	public static function credit( array $credit, bool $enabled ): string {
		$out  = '<h2>' . esc_html__( 'Pay on account (credit lines)', 'shopcredit' ) . '</h2><table class="form-table" role="presentation">';
		$out .= self::row( esc_html__( 'Pay on account', 'shopcredit' ), self::box( 'flags[credit.enabled]', $enabled, __( 'Customers with a credit line may pay on account', 'shopcredit' ) ), 'credit.enabled' );
		$out .= self::row( '<label for="sc-terms">' . esc_html__( 'Payment terms (days)', 'shopcredit' ) . '</label>', sprintf( '<input id="sc-terms" type="number" min="0" max="365" name="credit[defaultPaymentTermsDays]" value="%d" class="small-text" />', (int) ( $credit['defaultPaymentTermsDays'] ?? 30 ) ), 'credit.defaultPaymentTermsDays', __( 'For customers without terms of their own.', 'shopcredit' ) );
		$out .= self::row( esc_html__( 'New orders on account', 'shopcredit' ), self::box( 'credit[blockWhenOverdue]', ! empty( $credit['blockWhenOverdue'] ), __( 'Refused while an order is overdue', 'shopcredit' ) ) . '<br />' . self::box( 'credit[blockWhenUnpaid]', ! empty( $credit['blockWhenUnpaid'] ), __( 'Refused while an order is unpaid, even if not due yet', 'shopcredit' ) ), 'credit' );
		$out .= self::row( '<label for="sc-reminders">' . esc_html__( 'Payment reminders', 'shopcredit' ) . '</label>', sprintf( '<input id="sc-reminders" name="credit[reminderOffsetsDays]" value="%s" class="regular-text" />', esc_attr( implode( ', ', array_map( 'intval', (array) ( $credit['reminderOffsetsDays'] ?? array() ) ) ) ) ), 'credit.reminderOffsetsDays', __( 'Days from the due date, separated by commas (−3 = three days before, 7 = a week after).', 'shopcredit' ) );
		$effects = array( 'none' => __( 'Accepted', 'shopcredit' ), 'manual_approval' => __( 'Reviewed by you first', 'shopcredit' ), 'block' => __( 'Refused', 'shopcredit' ) );
		$risk    = '';
		foreach ( Words::get()->options( 'risk_level' ) as $level => $label ) {
			$opts = '';
			foreach ( $effects as $e => $el ) {
				$opts .= sprintf( '<option value="%s" %s>%s</option>', esc_attr( $e ), selected( (string) ( $credit['riskEffects'][ $level ] ?? 'none' ), $e, false ), esc_html( $el ) );
			}
			$risk .= sprintf( '<label>%s <select name="credit[riskEffects][%s]">%s</select></label><br />', esc_html( $label ), esc_attr( $level ), $opts );
		}
		return $out . self::row( esc_html__( 'Orders on account by risk', 'shopcredit' ), $risk, 'credit.riskEffects' ) . '</table>';
	}

	/** @param array<string, mixed> $post @param array<string, mixed> $stored @return array<string, mixed> */
	public static function creditValue( array $post, array $stored ): array {
		$c                            = $stored;
		$c['defaultPaymentTermsDays'] = absint( $post['defaultPaymentTermsDays'] ?? 30 );
		$c['blockWhenOverdue']        = ! empty( $post['blockWhenOverdue'] );
		$c['blockWhenUnpaid']         = ! empty( $post['blockWhenUnpaid'] );
		$days                         = preg_split( '/[\s,;]+/', str_replace( '−', '-', sanitize_text_field( wp_unslash( (string) ( $post['reminderOffsetsDays'] ?? '' ) ) ) ), -1, PREG_SPLIT_NO_EMPTY );
		$c['reminderOffsetsDays']     = array_values( array_unique( array_map( 'intval', array_filter( (array) $days, static fn ( $d ): bool => (bool) preg_match( '/^-?\d{1,3}$/', $d ) ) ) ) );
		sort( $c['reminderOffsetsDays'] );
		foreach ( array_keys( Words::get()->options( 'risk_level' ) ) as $level ) {
			$e                            = (string) ( $post['riskEffects'][ $level ] ?? 'none' );
			$c['riskEffects'][ $level ] = in_array( $e, self::RISK_EFFECTS, true ) ? $e : 'none';
		}
		return $c;
	}

	/** @param list<array<string, mixed>> $solutions @param array<string, array<string, mixed>> $mapping */
	public static function financing( array $solutions, array $mapping, bool $enabled ): string {
		$w    = Words::get();
		$out  = '<h2>' . esc_html__( 'Financing', 'shopcredit' ) . '</h2><table class="form-table" role="presentation">';
		$out .= self::row( esc_html__( 'Financing', 'shopcredit' ), self::box( 'flags[financing.enabled]', $enabled, __( 'Offer the provider\'s financing at checkout', 'shopcredit' ) ), 'financing.enabled' );
		$rows = '';
		foreach ( $solutions as $i => $sol ) {
			$cur   = (string) ( $sol['currency'] ?? Bridge::currency() );
			$rows .= sprintf(
				'<tr><td>%s</td><td><input name="solutions[%d][label]" value="%s" class="regular-text" aria-label="%s" /></td><td><input name="solutions[%d][solutionCode]" value="%s" size="12" aria-label="%s" /></td><td>%s</td><td>%s</td><td>%s</td></tr>',
				sprintf( '<input type="checkbox" name="solutions[%d][enabled]" value="1" %s aria-label="%s" />', (int) $i, checked( ! empty( $sol['enabled'] ), true, false ), esc_attr( sprintf( /* translators: %s: solution name */ __( 'Offer %s', 'shopcredit' ), (string) ( $sol['label'] ?? $sol['solutionCode'] ?? '' ) ) ) ),
				(int) $i,
				esc_attr( (string) ( $sol['label'] ?? '' ) ),
				esc_attr__( 'Name shown at checkout', 'shopcredit' ),
				(int) $i,
				esc_attr( (string) ( $sol['solutionCode'] ?? '' ) ),
				esc_attr__( 'Code in your contract with the provider', 'shopcredit' ),
				self::amountField( 'solutions[' . (int) $i . '][minAmount]', isset( $sol['minAmount'] ) ? (string) $sol['minAmount'] : null, $cur, '', __( 'From', 'shopcredit' ) ),
				self::amountField( 'solutions[' . (int) $i . '][maxAmount]', isset( $sol['maxAmount'] ) ? (string) $sol['maxAmount'] : null, $cur, '', __( 'Up to', 'shopcredit' ) ),
				esc_html( implode( ', ', (array) ( $sol['countries'] ?? array() ) ) )
			);
		}
		$table = sprintf( '<table class="widefat" style="width:auto"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>', esc_html__( 'Offered', 'shopcredit' ), esc_html__( 'Name shown at checkout', 'shopcredit' ), esc_html__( 'Code in your contract with the provider', 'shopcredit' ), esc_html__( 'From', 'shopcredit' ), esc_html__( 'Up to', 'shopcredit' ), esc_html__( 'Countries', 'shopcredit' ), $rows );
		$out  .= self::row( esc_html__( 'Financing solutions', 'shopcredit' ), $table, 'financing.solutions' );
		$labels = array( 'awaiting_financing' => __( 'Awaiting financing', 'shopcredit' ), 'paid' => __( 'Paid', 'shopcredit' ), 'payment_error' => __( 'Payment failed', 'shopcredit' ), 'cancelled' => __( 'Cancelled', 'shopcredit' ) );
		$map    = '';
		foreach ( $w->options( 'financing_status' ) as $status => $label ) {
			$opts = '';
			foreach ( $labels as $k => $l ) {
				$opts .= sprintf( '<option value="%s" %s>%s</option>', esc_attr( $k ), selected( (string) ( $mapping[ $status ]['orderStatus'] ?? '' ), $k, false ), esc_html( $l ) );
			}
			$map .= sprintf( '<tr><td>%s</td><td><select name="mapping[%s][orderStatus]" aria-label="%s">%s</select></td><td>%s</td></tr>', esc_html( $label ), esc_attr( $status ), esc_attr( $label ), $opts, self::box( 'mapping[' . $status . '][isPaid]', ! empty( $mapping[ $status ]['isPaid'] ), __( 'the order is paid', 'shopcredit' ) ) );
		}
		$out .= self::row( esc_html__( 'Order status for each financing status', 'shopcredit' ), '<table class="widefat" style="width:auto"><tbody>' . $map . '</tbody></table>', 'financing.mapping' );
		return $out . '</table>';
	}

	/**
	 * @param array<string, mixed> $post $_POST['solutions'] @param list<array<string, mixed>> $stored
	 * @return array{0: list<array<string, mixed>>, 1: array<string, string>}
	 */
	public static function solutionsValue( array $post, array $stored ): array {
		$errors = array();
		foreach ( $stored as $i => &$sol ) {
			$row            = (array) ( $post[ $i ] ?? array() );
			$cur            = (string) ( $sol['currency'] ?? Bridge::currency() );
			$sol['enabled'] = ! empty( $row['enabled'] );
			$label          = sanitize_text_field( wp_unslash( (string) ( $row['label'] ?? '' ) ) );
			if ( '' !== $label ) {
				$sol['label'] = $label;
			}
			$code = strtoupper( sanitize_text_field( wp_unslash( (string) ( $row['solutionCode'] ?? '' ) ) ) );
			if ( '' !== $code ) {
				$sol['solutionCode'] = $code; // the core checks its form
			}
			foreach ( array( 'minAmount', 'maxAmount' ) as $k ) {
				[ $v, $err ] = self::amount( (string) ( $row[ $k ] ?? '' ), $cur );
				if ( null !== $v ) {
					$sol[ $k ] = $v;
				}
				if ( null !== $err ) {
					$errors['financing.solutions'] = $err;
				}
			}
		}
		unset( $sol );
		return array( array_values( $stored ), $errors );
	}

	/** @param array<string, mixed> $post $_POST['mapping'] @param array<string, array<string, mixed>> $stored @return array<string, array<string, mixed>> */
	public static function mappingValue( array $post, array $stored ): array {
		$out = $stored;
		foreach ( array_keys( Words::get()->options( 'financing_status' ) ) as $status ) {
			$status_ = (string) $status;
			$s       = (string) ( $post[ $status_ ]['orderStatus'] ?? '' );
			$out[ $status_ ] = array(
				'isPaid'      => ! empty( $post[ $status_ ]['isPaid'] ),
				'orderStatus' => in_array( $s, self::MAPPED_STATUSES, true ) ? $s : (string) ( $stored[ $status_ ]['orderStatus'] ?? 'awaiting_financing' ),
			);
		}
		ksort( $out ); // the stored order: an unchanged mapping is not saved again
		return $out;
	}
}
