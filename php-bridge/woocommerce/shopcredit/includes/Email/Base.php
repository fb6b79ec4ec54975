<?php
/**
 * One ShopCredit e-mail: a WC_Email (editable subject, heading, recipient, on/off in WooCommerce >
 * Settings > Emails) triggered by `shopcredit_email_{template}` with an order, or with the
 * customer id and the data of a decision or reminder.
 */

namespace ShopCreditWC\Email;

use ShopCreditWC\Checkout;

defined( 'ABSPATH' ) || exit;

abstract class Base extends \WC_Email {

	protected bool $toAdmin = false;
	/** @var list<string> */
	protected array $reasons = array();
	protected string $link = '';
	protected string $detail = '';

	abstract protected function hook(): string;

	abstract protected function message(): string;

	public function __construct() {
		$this->template_html  = 'emails/shopcredit-notice.php';
		$this->template_plain = 'emails/plain/shopcredit-notice.php';
		$this->template_base  = SHOPCREDIT_WC_DIR . '/templates/';
		$this->customer_email = ! $this->toAdmin;
		$this->placeholders   = array( '{order_number}' => '' );
		add_action( $this->hook(), array( $this, 'trigger' ), 10, 3 );
		parent::__construct();
		if ( $this->toAdmin ) {
			$this->recipient = $this->get_option( 'recipient', get_option( 'admin_email' ) );
		}
	}

	/**
	 * @param \WC_Order|array<string, mixed>|int $subject the order, or a reminder/decision array with customerId
	 * @param mixed $reasons reason codes (orders) or the decision
	 */
	public function trigger( $subject, $reasons = array(), $extra = array() ): void {
		$this->setup_locale();
		$this->reasons = is_array( $reasons ) ? array_values( array_filter( $reasons, 'is_string' ) ) : array();
		$this->object  = null;
		if ( $subject instanceof \WC_Order ) {
			$this->object                         = $subject;
			$this->placeholders['{order_number}'] = $subject->get_order_number();
			if ( ! $this->toAdmin ) {
				$this->recipient = $subject->get_billing_email();
			}
			$this->link = $subject->get_checkout_payment_url();
		} elseif ( is_array( $subject ) ) {
			$order = isset( $subject['orderRef'] ) ? wc_get_order( (int) \ShopCreditWC\Requests::orderIdFromRef( (string) $subject['orderRef'] ) ) : false;
			$user  = get_userdata( (int) ( $subject['customerId'] ?? ( $order ? $order->get_customer_id() : 0 ) ) );
			if ( ! $this->toAdmin && $user ) {
				$this->recipient = $user->user_email;
			}
			if ( $order ) {
				$this->object                         = $order;
				$this->placeholders['{order_number}'] = $order->get_order_number();
			}
			$this->detail = $this->describe( $subject );
		}
		if ( $this->is_enabled() && $this->get_recipient() ) {
			$this->send( $this->get_recipient(), $this->get_subject(), $this->get_content(), $this->get_headers(), $this->get_attachments() );
		}
		$this->restore_locale();
	}

	/** @param array<string, mixed> $data */
	protected function describe( array $data ): string {
		$out = array();
		foreach ( array( 'orderRef', 'dueDate', 'remaining', 'amount', 'state', 'newLimit', 'reason', 'level' ) as $k ) {
			if ( isset( $data[ $k ] ) && is_scalar( $data[ $k ] ) ) {
				$out[] = $k . ': ' . $data[ $k ];
			}
		}
		return implode( "\n", $out );
	}

	public function get_content_html() {
		return wc_get_template_html( $this->template_html, $this->args( false ), '', $this->template_base );
	}

	public function get_content_plain() {
		return wc_get_template_html( $this->template_plain, $this->args( true ), '', $this->template_base );
	}

	private function args( bool $plain ): array {
		return array(
			'email'         => $this,
			'email_heading' => $this->get_heading(),
			'message'       => $this->message(),
			'reasons'       => '' === implode( '', $this->reasons ) ? '' : Checkout::reasonsText( $this->reasons ),
			'detail'        => $this->detail,
			'link'          => $this->link,
			'order'         => $this->object,
			'sent_to_admin' => $this->toAdmin,
			'plain_text'    => $plain,
		);
	}

	public function init_form_fields() {
		parent::init_form_fields();
		if ( ! $this->toAdmin ) {
			unset( $this->form_fields['recipient'] );
		}
	}
}
