// Loader for the zero-import host-ABI module (build/shopcredit_host.wasm): the same module the
// PHP bridge runs in wasmtime, usable from Node or a browser with no glue code.
//   const core = await loadHostCore(bytes); core.call('{"v":1,...}') → response string
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export function instantiateHostCore(bytes) {
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, {});
  const { memory, alloc, dealloc, sc_call } = instance.exports;
  return {
    call(request) {
      const input = enc.encode(request);
      const ptr = alloc(input.length);
      if (ptr === 0 && input.length > 0) throw new Error('wasm alloc failed');
      new Uint8Array(memory.buffer, ptr, input.length).set(input);
      const ret = sc_call(ptr, input.length);
      dealloc(ptr, input.length);
      const outPtr = Number(BigInt.asUintN(64, ret) >> 32n);
      const outLen = Number(BigInt.asUintN(64, ret) & 0xffffffffn);
      if (outPtr === 0) throw new Error('wasm response allocation failed');
      // Memory may have grown during the call: take a fresh view of the buffer.
      const out = dec.decode(new Uint8Array(memory.buffer, outPtr, outLen).slice());
      dealloc(outPtr, outLen);
      return out;
    },
  };
}

export async function loadHostCore(bytes) {
  return instantiateHostCore(bytes);
}
