// Type-checked by tests/node/types.test.mjs (tsc --strict): the npm package's functions carry each
// operation's generated input and result types. Each @ts-expect-error must be an error, so types
// that fell back to `any` fail the check.
import init, { eligibilityEvaluate, moneyAllocate } from '../../../pkg/index.js';
import type { EligibilityEvaluateResult, OpTypes } from '../../../js/src/generated/ops.js';

export async function typedCalls(): Promise<string[]> {
  await init();
  const allocated = moneyAllocate({ currency: 'EUR', parts: 3, total: '100.00' });
  const parts: string[] = allocated.parts;
  // @ts-expect-error a misspelt field is not part of the input
  moneyAllocate({ currency: 'EUR', parts: 3, totl: '100.00' });
  // @ts-expect-error an amount is a decimal string, never a number
  moneyAllocate({ currency: 'EUR', parts: 3, total: 100 });
  // @ts-expect-error the result has no such field
  void allocated.remaining;

  const decision: EligibilityEvaluateResult = eligibilityEvaluate({
    cart: { billingCountry: 'FR', currency: 'EUR', total: '120.00' },
    customer: { groupIds: [], loggedIn: true },
    display: 'show_disabled',
  });
  const total: string = decision.total;
  // @ts-expect-error `display` is one of the documented words
  eligibilityEvaluate({ cart: { billingCountry: 'FR', currency: 'EUR', total: '1.00' }, customer: { groupIds: [], loggedIn: true }, display: 'sometimes' });
  const byName: OpTypes['money.allocate']['result'] = allocated;
  return [...parts, total, ...byName.parts];
}
