<?php
/**
 * The provider's signed webhook. The bridge verifies the signature and stores the event before
 * applying it under the subscription's lock (a duplicate is answered, never applied twice, even
 * when deliveries arrive together); the order's host actions are performed once.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Bridge;
use ShopCreditPs\Order\Lifecycle;

class ShopcreditWebhookModuleFrontController extends ModuleFrontController
{
    public $ajax = true;

    public function postProcess()
    {
        if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
            $this->reply(405, ['code' => 'method_not_allowed']);
        }
        $body = (string) file_get_contents('php://input');
        $headers = [];
        foreach ($_SERVER as $k => $v) {
            if (str_starts_with($k, 'HTTP_')) {
                $headers[strtolower(str_replace('_', '-', substr($k, 5)))] = (string) $v;
            }
        }
        try {
            $r = Bridge::sc()->financing()->receiveWebhook(Bridge::shopId(), $body, $headers);
        } catch (ShopCredit\Financing\WebhookRejected $e) {
            $this->reply(401, ['code' => $e->reason]);
        } catch (LogicException) {
            $this->reply(503, ['code' => 'webhooks_not_configured']);
        } catch (Throwable $e) {
            PrestaShopLogger::addLog('ShopCredit: webhook: ' . $e->getMessage(), 3);
            $this->reply(503, ['code' => 'unavailable']);
        }
        // The order follows through Orders: a duplicate or stale delivery carries no actions.
        Lifecycle::perform($this->module, (array) ($r['order']['actions'] ?? []));
        $this->reply(200, ['stored' => $r['stored'], 'applied' => $r['applied'], 'code' => $r['code']]);
    }

    private function reply(int $status, array $payload): never
    {
        http_response_code($status);
        header('Content-Type: application/json');
        header('Cache-Control: no-store');
        echo json_encode($payload);
        exit;
    }
}
