// The core in the browser for the checkout preview: the storefront build (pkg-storefront/, the
// same core with only eligibility.evaluate), asked through the one JSON protocol. Loaded once per page; every failure becomes a rejected promise or a
// CoreUnavailable, never a half-working core.
import init, { call } from '../../pkg-storefront/shopcredit_storefront.js';
import { PROTOCOL_VERSION, type Op } from './generated/codes';
import type { OpTypes } from './generated/ops';

/** The core could not answer: `code` is the core's error code (or `runtime_unavailable`,
 * `invalid_response`), `path` where in the input it was found (null when the whole request is at fault). */
export class CoreUnavailable extends Error {
  constructor(message: string, readonly code: string = 'runtime_unavailable', readonly path: string | null = null) {
    super(message);
    this.name = 'CoreUnavailable';
  }
}

export interface Core {
  /** The op's `result` (types generated from the core's wire types); throws CoreUnavailable for a malformed request or a trap. */
  ask<O extends Op>(op: O, input: OpTypes[O]['input'], now?: number): OpTypes[O]['result'];
}

export type CallFn = (request: string) => string;

/** A Core over any `call(json) → json` (the wasm export, or a test double). */
export function coreFrom(callFn: CallFn): Core {
  return {
    ask<O extends Op>(op: O, input: OpTypes[O]['input'], now?: number): OpTypes[O]['result'] {
      type R = OpTypes[O]['result'];
      // Core::call's member order (v, op, now, input): with `input` last the core takes the
      // input's text without a pass over it to find its end.
      const request: Record<string, unknown> = { v: PROTOCOL_VERSION, op };
      if (now !== undefined) request.now = Math.floor(now);
      request.input = input;
      let res: { ok?: boolean; result?: R; error?: { code?: string; path?: string } };
      try {
        res = JSON.parse(callFn(JSON.stringify(request)));
      } catch (e) {
        throw new CoreUnavailable(`${op}: the core failed (${(e as Error).message})`);
      }
      if (!res || res.ok !== true) {
        const err = res?.error ?? {};
        throw new CoreUnavailable(`${op}: ${err.code ?? 'invalid_response'} at ${err.path ?? '?'}`, err.code ?? 'invalid_response', err.path ?? null);
      }
      return res.result as R;
    },
  };
}

let loading: Promise<Core> | null = null;

/** Fetches and instantiates the wasm once (streaming when the server sends application/wasm). */
export function loadCore(wasmUrl: string | URL): Promise<Core> {
  loading ??= init({ module_or_path: wasmUrl }).then(
    () => coreFrom(call),
    (e: unknown) => {
      loading = null; // a later refresh may try again
      throw new CoreUnavailable(`the wasm could not be loaded from ${String(wasmUrl)}: ${(e as Error)?.message ?? e}`);
    },
  );
  return loading;
}
