<?php
/**
 * What our gateways share (modelled on WC_Gateway_BACS): settings fields, availability from the
 * core's eligibility answer, the placement through the order lifecycle (Orders re-checks it on
 * the server and answers what the order becomes).
 */

namespace ShopCreditWC\Gateway;

use ShopCreditWC\Availability;
use ShopCreditWC\Checkout;
use ShopCreditWC\Money;
use ShopCreditWC\Orders\OrderEvents;

defined( 'ABSPATH' ) || exit;

abstract class AbstractGateway extends \WC_Payment_Gateway {

	/** The core's method name this gateway offers (credit_line, wallet_full, financing). */
	abstract public function coreMethod(): string;

	public function __construct() {
		$this->has_fields = false;
		$this->supports   = array( 'products', 'refunds' );
		$this->init_form_fields();
		$this->init_settings();
		$this->title       = (string) $this->get_option( 'title' );
		$this->description = (string) $this->get_option( 'description' );
		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
	}

	/** @var array{0: string, 1: array<string, string>}|null the settings fields' words and their language */
	private static ?array $fieldWords = null;

	/**
	 * The settings fields' words, translated once per page and language: WooCommerce builds every
	 * gateway (five of ours) on each checkout, cart and Store API request, and the fields with it.
	 * @return array<string, string>
	 */
	private static function fieldWords(): array {
		$locale = get_locale();
		if ( null === self::$fieldWords || self::$fieldWords[0] !== $locale ) {
			self::$fieldWords = array(
				$locale,
				array(
					'enableDisable'   => __( 'Enable/Disable', 'shopcredit' ),
					/* translators: %s: method name */
					'enable'          => __( 'Enable %s', 'shopcredit' ),
					'title'           => __( 'Title', 'shopcredit' ),
					'titleHelp'       => __( 'This controls the title which the user sees during checkout.', 'shopcredit' ),
					'description'     => __( 'Description', 'shopcredit' ),
					'descriptionHelp' => __( 'Payment method description that the customer will see on your checkout.', 'shopcredit' ),
				),
			);
		}
		return self::$fieldWords[1];
	}

	public function init_form_fields() {
		$w                 = self::fieldWords();
		$this->form_fields = array(
			'enabled'     => array(
				'title'   => $w['enableDisable'],
				'type'    => 'checkbox',
				'label'   => sprintf( $w['enable'], $this->method_title ),
				'default' => 'yes',
			),
			'title'       => array(
				'title'       => $w['title'],
				'type'        => 'safe_text',
				'description' => $w['titleHelp'],
				'default'     => $this->method_title,
				'desc_tip'    => true,
			),
			'description' => array(
				'title'       => $w['description'],
				'type'        => 'textarea',
				'description' => $w['descriptionHelp'],
				'default'     => $this->method_description,
				'desc_tip'    => true,
			),
		);
	}

	/** The core's answer for the current cart (or order being paid). */
	protected function availability(): Availability {
		return Checkout::forCart();
	}

	/**
	 * This method's figure for the current cart in words, or null for none. Amounts go through
	 * $price (wc_price() markup, put in after the words are texturized: payment_fields()).
	 * @param callable(string): string $price an amount → its place in the words
	 */
	abstract protected function figure( Availability $avail, callable $price ): ?string;

	/** @var array{0: Availability, 1: string, 2: string, 3: string, 4: array<string, string>}|null the last description: its answer, the merchant's text, the language, the words with a mark per price, the prices */
	private ?array $described = null;

	/**
	 * The merchant's description followed by this method's figure for the current cart. WooCommerce
	 * asks twice per gateway on a checkout page (whether to print the box, then its content): the
	 * figure is worded once per answer (and language: a mail may switch it).
	 */
	public function get_description() {
		[ $text, $prices ] = $this->describedParts();
		return strtr( $text, $prices );
	}

	/**
	 * WooCommerce's payment box (wpautop(wptexturize(description))) with the prices put in after:
	 * texturizing wc_price()'s markup cost ~0.1M instructions per method on every checkout page,
	 * and it is WooCommerce's own HTML, not prose.
	 */
	public function payment_fields() {
		[ $text, $prices ] = $this->describedParts();
		if ( $text ) {
			echo strtr( wpautop( wptexturize( $text ) ), $prices ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- as WooCommerce prints it (kses ran on the merchant's text)
		}
	}

	/** @return array{0: string, 1: array<string, string>} the description with a mark per price, mark → wc_price() markup */
	private function describedParts(): array {
		$avail = $this->availability();
		$text  = $this->merchantDescription();
		$key   = array( $avail, $text, get_locale() );
		if ( null === $this->described || array_slice( $this->described, 0, 3 ) !== $key ) {
			$prices = array();
			$marks  = array();
			// Private-use characters: neither texturize nor autop touches them; each amount priced once.
			$price  = static function ( string $amount ) use ( &$prices, &$marks ): string {
				if ( ! isset( $marks[ $amount ] ) ) {
					$marks[ $amount ]            = "\u{E000}" . count( $marks ) . "\u{E001}";
					$prices[ $marks[ $amount ] ] = wc_price( $amount );
				}
				return $marks[ $amount ];
			};
			$words           = $this->figure( $avail, $price );
			$this->described = array( ...$key, null === $words ? $text : $text . ( '' === $text ? '' : ' ' ) . $words, $prices );
		}
		return array( $this->described[3], $this->described[4] );
	}

	/** @var array<string, string> WooCommerce's sanitised title and description per raw text (kses: ~75k instructions each) */
	private static array $sanitised = array();

	/**
	 * The title as WooCommerce gives it (sanitised, then its filter). A checkout page asks for it
	 * in the payment box, the block data and the disabled-methods list: sanitised once per text
	 * while nothing filters it (a filter may answer per context: then asked every time).
	 */
	public function get_title() {
		if ( has_filter( 'woocommerce_gateway_title' ) ) {
			return parent::get_title();
		}
		return self::$sanitised[ 't' . $this->title ] ??= (string) parent::get_title();
	}

	/** The merchant's description as WooCommerce gives it (kses, then its filter), the same way. */
	private function merchantDescription(): string {
		if ( has_filter( 'woocommerce_gateway_description' ) ) {
			return (string) parent::get_description();
		}
		return self::$sanitised[ 'd' . $this->description ] ??= (string) parent::get_description();
	}

	/**
	 * Listed only when enabled and the core says available for this cart (fail closed). The block
	 * checkout also lists a method the core shows disabled, to say why in its content (Blocks
	 * shows only the methods of this list, and tells shoppers nothing about the others); placing
	 * the order with it is refused there and here (place()).
	 */
	public function is_available() {
		if ( ! parent::is_available() ) {
			return false;
		}
		if ( is_admin() && ! wp_doing_ajax() ) {
			return true; // settings screens list every enabled gateway
		}
		$avail = $this->availability();
		return Checkout::blockCheckout() ? $avail->isListed( $this->coreMethod(), $this->solutionCode() ) : $avail->isAvailable( $this->coreMethod(), $this->solutionCode() );
	}

	public function solutionCode(): ?string {
		return null;
	}

	/**
	 * Places the order with this method; the host actions (status, mails, notes) are performed.
	 * @param array<string, mixed> $placement extra placement fields
	 */
	protected function place( int $orderId, array $placement = array() ): array {
		$order = wc_get_order( $orderId );
		$avail = Checkout::forOrder( $order );
		if ( ! $avail->isAvailable( $this->coreMethod(), $this->solutionCode() ) ) {
			return $this->fail( $avail->reasons( $this->coreMethod(), $this->solutionCode() ) ); // shown disabled: refused, in words
		}
		$a     = OrderEvents::place( $order, $placement + array( 'method' => $this->coreMethod(), 'total' => Money::fromWc( $order->get_total( 'edit' ), $order->get_currency() ) ) );
		if ( true !== ( $a['accepted'] ?? false ) ) {
			return $this->fail( (array) ( $a['reasons'] ?? array( 'runtime_unavailable' ) ) );
		}
		if ( WC()->cart ) {
			WC()->cart->empty_cart();
		}
		return array( 'result' => 'success', 'redirect' => $this->get_return_url( wc_get_order( $orderId ) ) );
	}

	/**
	 * WooCommerce asks the gateway to give money back: ours hold none outside the books, which
	 * the refund itself books (split by funding source, OrderEvents::refunded) right after this.
	 */
	public function process_refund( $order_id, $amount = null, $reason = '' ) {
		return true;
	}

	/** A refusal the customer sees at checkout, in words (the order's note keeps them too). */
	protected function fail( array $reasons ): array {
		wc_add_notice( Checkout::reasonsText( $reasons ), 'error' );
		return array( 'result' => 'failure' );
	}
}
