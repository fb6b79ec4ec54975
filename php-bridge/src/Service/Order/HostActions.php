<?php

declare(strict_types=1);

namespace ShopCredit\Service\Order;

/**
 * What a host adapter implements to perform the host actions of order events (see HostAction):
 * translate each into host API calls (status, note, mail, gateway refund, stock, payment). It
 * decides nothing and computes no money: every figure comes in the action.
 *
 * Throw to say the host could not do it: the action is released and the job tries again later
 * (Orders::redrive). Return normally once it is done: it is never performed again.
 */
interface HostActions
{
    public function perform(HostAction $action): void;
}
