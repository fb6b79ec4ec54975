<?php

declare(strict_types=1);

/**
 * The fake provider's solution catalog. Amount bounds are integer EUR cents (no floats).
 * FR codes are real Scalexpert codes; the BE codes are invented for tests (Scalexpert documents
 * FR and DE markets only) and are marked as such in their kit title.
 *
 * kind: "split" (3x/4x: accepted directly, no delivery confirmation) or "credit" (long credit:
 * pre-accepted, then accepted waiting for the delivery confirmation).
 */
return [
    'SCFRSP-3XTS' => ['market' => 'FR', 'kind' => 'split', 'installments' => 3, 'minMinor' => 5000, 'maxMinor' => 300000, 'conditions' => 'TS', 'title' => 'Payez en 3 fois'],
    'SCFRSP-4XTS' => ['market' => 'FR', 'kind' => 'split', 'installments' => 4, 'minMinor' => 5000, 'maxMinor' => 300000, 'conditions' => 'TS', 'title' => 'Payez en 4 fois'],
    'SCFRLT-TXPS' => ['market' => 'FR', 'kind' => 'credit', 'installments' => null, 'minMinor' => 100000, 'maxMinor' => 1000000, 'conditions' => 'PS', 'title' => 'Crédit long de 6 à 48 mois'],
    'SCBESP-3XTS' => ['market' => 'BE', 'kind' => 'split', 'installments' => 3, 'minMinor' => 5000, 'maxMinor' => 200000, 'conditions' => 'TS', 'title' => 'Payez en 3 fois (fake BE)'],
    'SCBESP-4XTS' => ['market' => 'BE', 'kind' => 'split', 'installments' => 4, 'minMinor' => 5000, 'maxMinor' => 200000, 'conditions' => 'TS', 'title' => 'Payez en 4 fois (fake BE)'],
    'SCDELT-DXTS' => ['market' => 'DE', 'kind' => 'credit', 'installments' => null, 'minMinor' => 20000, 'maxMinor' => 500000, 'conditions' => 'TS', 'title' => 'Ratenkauf'],
];
