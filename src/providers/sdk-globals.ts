// The build injects these into the bundled SDKs in place of the globals of the same
// names (and LiteReadableStream in place of `globalThis.ReadableStream`), so that
// building a request never loads undici or web streams: see web-lite.ts.
export {
  LiteFormData as FormData,
  LiteHeaders as Headers,
  LiteReadableStream,
} from './web-lite.js';
