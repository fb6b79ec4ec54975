<?php
/**
 * Scheduled work through Action Scheduler: reservation expiry, the financing inbox and polling,
 * reminders (e-mailed), order events kept while the core could not run, and the host actions of
 * order events nobody performed yet (a poll's, or those of a request that stopped after its
 * commit). Every job is safe when two runs overlap (each action is claimed before it is performed).
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Jobs {

	public const HOOK     = Plugin::JOBS_HOOK;
	public const GROUP    = 'shopcredit';
	public const INTERVAL = 900;

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
	}

	public static function schedule(): void {
		if ( function_exists( 'as_has_scheduled_action' ) && ! as_has_scheduled_action( self::HOOK, array(), self::GROUP ) ) {
			as_schedule_recurring_action( time() + 60, self::INTERVAL, self::HOOK, array(), self::GROUP, true );
		}
	}

	/** @return array<string, mixed> what ran (also logged) */
	public static function run(): array {
		$host = Orders\OrderEvents::host();
		// With the host: the financing provider's answers the jobs got are noted on their orders now.
		$out = Bridge::sc()->jobs()->runAll( Bridge::shopId(), $host );
		if ( array() !== (array) $out['reminders'] ) {
			Emails::ensure();
		}
		foreach ( (array) $out['reminders'] as $reminder ) {
			do_action( 'shopcredit_email_overdue_reminder', $reminder );
		}
		$orders = Bridge::sc()->orders();
		try {
			$out['ordersWaiting'] = $orders->applyWaiting( $host );
		} catch ( \ShopCredit\Runtime\RuntimeUnavailable $e ) {
			$out['errors']['ordersWaiting'] = $e->getMessage();
		}
		$out['orderActions'] = $orders->redrive( $host, 0 );
		wc_get_logger()->info( 'jobs: ' . wp_json_encode( $out ), array( 'source' => 'shopcredit' ) );
		return $out;
	}
}
