<?php
/**
 * The block checkout side of one gateway (AbstractPaymentMethodType): the shared script
 * (assets/build/shopcredit-blocks.js) registers every ShopCredit method from its `<name>_data`
 * settings: title, description, the figure (remaining credit, balance, instalments) and whether
 * the core offers it for this cart. The cart's extension data (`shopcredit.methods`) carries the
 * same live, for the cart as it changes. A method the core shows disabled ("show disabled") stays
 * listed with its reasons in words: Blocks only tells admins why a method is missing. The
 * script refuses it when the customer places the order, and process_payment re-checks on the
 * server in any case.
 */

namespace ShopCreditWC\Blocks;

use Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType;
use ShopCreditWC\Availability;
use ShopCreditWC\Checkout;

defined( 'ABSPATH' ) || exit;

abstract class AbstractBlock extends AbstractPaymentMethodType {

	public const SCRIPT = 'shopcredit-blocks';

	abstract protected function gateway(): \WC_Payment_Gateway;

	abstract protected function coreMethod(): string;

	protected function solutionCode(): ?string {
		return null;
	}

	public function initialize() {
		$this->settings = get_option( 'woocommerce_' . $this->name . '_settings', array() );
	}

	public function is_active() {
		return 'no' !== ( $this->settings['enabled'] ?? 'yes' );
	}

	public function get_payment_method_script_handles() {
		if ( ! wp_script_is( self::SCRIPT, 'registered' ) ) {
			$asset = SHOPCREDIT_WC_DIR . '/assets/build/shopcredit-blocks.asset.php';
			$deps  = is_file( $asset ) ? require $asset : array( 'dependencies' => array(), 'version' => SHOPCREDIT_WC_VERSION );
			// No wp_set_script_translations(): the script's words come translated in its data (i18n),
			// and asking WordPress to look for JSON translation files cost every checkout page.
			wp_register_script( self::SCRIPT, plugins_url( 'assets/build/shopcredit-blocks.js', SHOPCREDIT_WC_FILE ), $deps['dependencies'], $deps['version'], true );
		}
		return array( self::SCRIPT );
	}

	/** WooCommerce's own instance of the gateway when it has one: a new one reads its settings and translates its fields again. */
	private function gatewayInstance(): \WC_Payment_Gateway {
		$all = function_exists( 'WC' ) && WC()->payment_gateways() ? WC()->payment_gateways()->payment_gateways() : array();
		return isset( $all[ $this->name ] ) && $all[ $this->name ] instanceof \WC_Payment_Gateway ? $all[ $this->name ] : $this->gateway();
	}

	public function get_payment_method_data() {
		$g     = $this->gatewayInstance();
		$avail = is_admin() ? null : Checkout::forCart();
		return array(
			'name'        => $this->name,
			'title'       => $g->get_title(),
			'description' => wp_strip_all_tags( (string) $g->get_option( 'description' ) ),
			'method'      => $this->coreMethod(),
			'currency'    => \ShopCreditWC\Bridge::currency(),
			'supports'    => array_values( array_filter( $g->supports, array( $g, 'supports' ) ) ),
			'i18n'        => self::words(),
		) + ( null === $avail ? self::live( null, $this->coreMethod(), $this->solutionCode() ) : ( self::liveMethods( $avail )[ $this->name ] ?? self::live( $avail, $this->coreMethod(), $this->solutionCode() ) ) );
	}

	/** @var array{0: string, 1: array<string, string>}|null the script's words and their language */
	private static ?array $words = null;

	/** The script's words, translated once per page and language (every method's data carries them). */
	private static function words(): array {
		$locale = get_locale(); // switch_to_locale() changes it (and the translations) too
		if ( null === self::$words || self::$words[0] !== $locale ) {
			self::$words = array(
				$locale,
				array(
					'remainingCredit' => __( 'Remaining credit', 'shopcredit' ),
					'balance'         => __( 'Your balance', 'shopcredit' ),
					'instalments'     => __( 'Instalments', 'shopcredit' ),
					'useBalance'      => __( 'Use my store balance and pay the rest with another method', 'shopcredit' ),
					'paidFromBalance' => __( 'Paid from store balance', 'shopcredit' ),
					'unavailable'     => __( 'Not available for this order:', 'shopcredit' ),
				),
			);
		}
		return self::$words[1];
	}

	/**
	 * One method for this cart: available, listed (available, or shown disabled), the reasons in
	 * words, the figure and instalments.
	 * @return array{available: bool, listed: bool, reasons: string, figure: ?string, schedule: list<string>}
	 */
	public static function live( ?Availability $avail, string $method, ?string $solutionCode ): array {
		$m = null === $avail ? null : $avail->method( $method, $solutionCode );
		return array(
			'available' => null !== $avail && $avail->isAvailable( $method, $solutionCode ),
			'listed'    => null !== $avail && $avail->isListed( $method, $solutionCode ),
			'reasons'   => null === $avail || $avail->isAvailable( $method, $solutionCode ) ? '' : Checkout::reasonsText( $avail->reasons( $method, $solutionCode ) ),
			'figure'    => null === $m ? null : ( $m['remainingCredit'] ?? $m['balance'] ?? null ),
			'schedule'  => null === $m ? array() : array_values( (array) ( $m['schedule'] ?? array() ) ),
		);
	}

	/** @var array{0: Availability, 1: string, 2: array<string, array<string, mixed>>}|null liveMethods()' last answer, its language and result */
	private static ?array $lastLive = null;

	/**
	 * gateway id → live(), for every one of our methods. A block checkout asks for each block's
	 * data and twice for the cart's extension data with one answer: worded once per answer and language.
	 * @return array<string, array<string, mixed>>
	 */
	public static function liveMethods( Availability $avail ): array {
		$locale = get_locale();
		if ( null === self::$lastLive || self::$lastLive[0] !== $avail || self::$lastLive[1] !== $locale ) {
			self::$lastLive = array( $avail, $locale, self::liveFor( $avail ) );
		}
		return self::$lastLive[2];
	}

	/** @return array<string, array<string, mixed>> */
	private static function liveFor( Availability $avail ): array {
		$out = array(
			\ShopCreditWC\GatewayIds::CREDIT_LINE => self::live( $avail, 'credit_line', null ),
			\ShopCreditWC\GatewayIds::WALLET      => self::live( $avail, 'wallet_full', null ),
		);
		foreach ( $avail->financingSolutions() as $s ) {
			$out[ \ShopCreditWC\GatewayIds::financing( (string) $s['solutionCode'] ) ] = self::live( $avail, 'financing', (string) $s['solutionCode'] );
		}
		return $out;
	}
}
