<?php
/**
 * `php bin/console shopcredit:jobs`: expiry, webhook inbox, financing polling (orders follow),
 * reminders. Safe to run twice at once (see Jobs).
 */

namespace ShopCreditPs\Command;

use ShopCreditPs\Jobs;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

final class JobsCommand extends Command
{
    protected static $defaultName = 'shopcredit:jobs';

    protected function configure(): void
    {
        $this->setName('shopcredit:jobs')->setDescription('ShopCredit: expire reservations, apply webhooks, poll financing, send reminders');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $ctx = \Context::getContext();
        $ctx->shop = $ctx->shop ?: new \Shop((int) \Configuration::get('PS_SHOP_DEFAULT'));
        $ctx->link = $ctx->link ?: new \Link();
        $ctx->language = $ctx->language ?: new \Language((int) \Configuration::get('PS_LANG_DEFAULT'));
        $ctx->currency = $ctx->currency ?: new \Currency((int) \Configuration::get('PS_CURRENCY_DEFAULT'));
        $module = \Module::getInstanceByName('shopcredit');
        if (!$module instanceof \Shopcredit || !$module->active) {
            $output->writeln('<error>shopcredit is not installed or not active</error>');
            return 1;
        }
        $output->writeln(json_encode(Jobs::run($module), JSON_UNESCAPED_SLASHES));
        return 0;
    }
}
