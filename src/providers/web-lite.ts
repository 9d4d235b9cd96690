/**
 * `Headers`, `Response` and an `instanceof FormData` check without undici.
 *
 * Why: on Node 20 the first touch of the global `Headers`, `Response` or `FormData`
 * evaluates all of undici (~35 ms, measured with `node -e "new Headers()"` against
 * `node -e 0`), and both SDKs build a `Headers` for every request. Our fetch
 * (http-fetch.ts) answers with these classes, and the build injects them into the SDKs
 * in place of the globals (scripts/build.mjs), so `aichat ask` never loads undici.
 *
 * They follow the Fetch standard for what an HTTP client does with them: names are
 * case-insensitive and validated, values are trimmed, iteration is sorted by name with
 * repeated values joined by ", " (Set-Cookie kept apart), and a body is read once.
 * A response's body is a Node stream (see `body`).
 */

import { PassThrough, type Readable } from 'node:stream';

// Node's own typings also allow a record of lists, one header line per item.
type HeadersInit = Iterable<readonly string[]> | Record<string, string | readonly string[]>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Leading and trailing HTTP whitespace is removed; a value may not contain NUL, CR or LF.
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

function headerName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: invalid header name "${text}"`);
  return text.toLowerCase();
}

function headerValue(value: string): string {
  const text = String(value).replace(EDGE_WHITESPACE, '');
  if (FORBIDDEN_IN_VALUE.test(text)) throw new TypeError('Headers: invalid header value');
  return text;
}

export class LiteHeaders implements Iterable<[string, string]> {
  // Each lower-cased name keeps its values in order; Set-Cookie values are never joined.
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersInit | null) {
    if (init === undefined || init === null) return;
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2)
          throw new TypeError('Headers: each header must be a name and a value');
        this.append(pair[0]!, pair[1]!);
      }
      return;
    }
    for (const [name, value] of Object.entries(init)) {
      for (const item of typeof value === 'string' ? [value] : value) this.append(name, item);
    }
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const list = this.#values.get(key);
    if (list) list.push(headerValue(value));
    else this.#values.set(key, [headerValue(value)]);
  }

  set(name: string, value: string): void {
    this.#values.set(headerName(name), [headerValue(value)]);
  }

  delete(name: string): void {
    this.#values.delete(headerName(name));
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name))?.join(', ') ?? null;
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name)!;
      if (name === 'set-cookie') for (const value of values) yield [name, value];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: this) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

export interface LiteResponseInit {
  status: number;
  statusText?: string | undefined;
  headers: LiteHeaders;
  url?: string;
}

export class LiteResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LiteHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  #body: Readable | null;
  #used = false;

  constructor(body: Readable | null, init: LiteResponseInit) {
    this.#body = body;
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.headers = init.headers;
    this.url = init.url ?? '';
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  /**
   * A Node stream rather than a web ReadableStream: both SDKs read any async iterable,
   * and Node 20's web streams cost a few milliseconds to load and to release.
   */
  get body(): Readable | null {
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#body?.readableDidRead ?? false);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    return buffer;
  }

  async bytes(): Promise<Uint8Array> {
    if (this.bodyUsed) throw new TypeError('Response: body already used');
    this.#used = true;
    if (!this.#body) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#body) chunks.push(chunk as Uint8Array);
    return Buffer.concat(chunks);
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  clone(): LiteResponse {
    if (this.bodyUsed) throw new TypeError('Response: body already used');
    let body: Readable | null = null;
    if (this.#body) {
      // Like a web stream's tee: both copies see every chunk; a slow one holds back both.
      const source = this.#body;
      const copies = [new PassThrough(), new PassThrough()] as const;
      for (const copy of copies) source.pipe(copy);
      source.on('error', (err) => copies.forEach((copy) => copy.destroy(err)));
      [this.#body, body] = copies;
    }
    return new LiteResponse(body, {
      status: this.status,
      statusText: this.statusText,
      headers: new LiteHeaders(this.headers),
      url: this.url,
    });
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }
}

/**
 * Stands in for the global `FormData` where the SDKs only ask `body instanceof FormData`:
 * answers without loading undici, and builds the real one if anything constructs it.
 */
export class LiteFormData {
  static [Symbol.hasInstance](value: unknown): boolean {
    return Object.prototype.toString.call(value) === '[object FormData]';
  }

  constructor(...args: ConstructorParameters<typeof FormData>) {
    return new globalThis.FormData(...args);
  }
}

/**
 * Stands in for `globalThis.ReadableStream` where the SDKs ask whether a request body is
 * a web stream: the first touch of that global loads Node's web streams (~2 ms), and a
 * body without `getReader` cannot be one. Anything more loads and uses the real class.
 */
export class LiteReadableStream {
  static [Symbol.hasInstance](value: unknown): boolean {
    const reader = (value as { getReader?: unknown } | null | undefined)?.getReader;
    return typeof reader === 'function' && value instanceof webReadableStream();
  }

  constructor(...args: ConstructorParameters<typeof ReadableStream>) {
    return new (webReadableStream())(...args);
  }
}

// Not `globalThis.ReadableStream`, which the build replaces with the class above.
const webReadableStream = (): typeof ReadableStream => Reflect.get(globalThis, 'ReadableStream');
