<?php
/**
 * The header badge's JSON: the logged-in customer's own remaining credit and balance, in the
 * cart's currency. No customer id is ever read from the request.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Bridge;
use ShopCreditPs\Summary;

class ShopcreditSummaryModuleFrontController extends ModuleFrontController
{
    public $ajax = true;

    public function postProcess()
    {
        header('Content-Type: application/json');
        header('Cache-Control: private, no-store');
        $who = Summary::subject((int) $this->context->customer->id, (bool) $this->context->customer->isLogged());
        if ($who === null) {
            http_response_code(401);
            echo json_encode(['available' => false, 'reason' => 'customer_not_logged_in']);
            exit;
        }
        try {
            $o = Bridge::sc()->overview()->customer(Bridge::shopId(), $who, (string) $this->context->currency->iso_code);
        } catch (Throwable) {
            $o = ['available' => false, 'reason' => 'runtime_unavailable'];
        }
        echo json_encode(Summary::payload($o, (string) $this->context->language->locale, time()));
        exit;
    }
}
