// The build injects these into the bundled SDKs in place of the globals of the same
// names, so that building a request never loads undici: see web-lite.ts.
export { LiteFormData as FormData, LiteHeaders as Headers } from './web-lite.js';
