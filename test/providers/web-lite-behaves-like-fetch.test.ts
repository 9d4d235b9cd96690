import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  LiteFormData,
  LiteHeaders,
  LiteReadableStream,
  LiteResponse,
} from '../../src/providers/web-lite.js';

// The light classes stand in for Node's own (undici's) in the bundled SDKs, so each case
// runs the same steps on both and expects the same answers.

type Step = (h: Headers | LiteHeaders) => unknown;

const headerCases: Record<string, Step[]> = {
  'names are case-insensitive and values trimmed': [
    (h) => h.append('Content-Type', '  text/plain \t'),
    (h) => h.get('content-type'),
    (h) => h.has('CONTENT-TYPE'),
  ],
  'repeated values join with a comma, in order': [
    (h) => h.append('X-A', '1'),
    (h) => h.append('x-a', '2'),
    (h) => h.get('X-A'),
  ],
  'set replaces and delete removes': [
    (h) => h.append('x-a', '1'),
    (h) => h.set('X-a', '3'),
    (h) => h.get('x-a'),
    (h) => h.delete('X-A'),
    (h) => h.get('x-a'),
    (h) => h.has('x-a'),
  ],
  'iteration is sorted by lower-cased name': [
    (h) => h.append('b', '2'),
    (h) => h.append('A', '1'),
    (h) => h.append('c', '3'),
    (h) => [...h],
    (h) => [...h.keys()],
    (h) => [...h.values()],
  ],
  'set-cookie values stay apart': [
    (h) => h.append('Set-Cookie', 'a=1'),
    (h) => h.append('set-cookie', 'b=2'),
    (h) => h.getSetCookie(),
    (h) => [...h.entries()],
    (h) => h.get('set-cookie'),
  ],
  'forEach sees value, name and the headers': [
    (h) => h.append('x', '1'),
    (h) => {
      const seen: unknown[] = [];
      h.forEach((value, name, self) => seen.push([value, name, self === h]));
      return seen;
    },
  ],
  'a missing header is null': [(h) => h.get('nope')],
  'an invalid name is refused': [(h) => h.append('bad name', 'x')],
  'a value with a newline is refused': [(h) => h.set('x', 'a\nb')],
};

function outcome(step: Step, headers: Headers | LiteHeaders): unknown {
  try {
    return { value: step(headers) };
  } catch (err) {
    return { threw: (err as Error).name };
  }
}

describe('LiteHeaders answers as Headers does', () => {
  for (const [name, steps] of Object.entries(headerCases)) {
    it(name, () => {
      const real = new Headers();
      const lite = new LiteHeaders();
      for (const step of steps) expect(outcome(step, lite)).toEqual(outcome(step, real));
    });
  }

  it('is built from a record, a list of pairs or other headers', () => {
    const inits = [
      { 'X-One': '1', two: ' 2 ' },
      [
        ['x-one', '1'],
        ['X-One', '2'],
      ],
      new Headers({ a: '1', b: '2' }),
      new LiteHeaders({ a: '1', b: '2' }),
    ];
    for (const init of inits) {
      expect([...new LiteHeaders(init as Iterable<string[]>)]).toEqual([
        ...new Headers(init as ConstructorParameters<typeof Headers>[0]),
      ]);
    }
    expect(() => new LiteHeaders([['only-a-name']])).toThrow(TypeError);
  });
});

const partsOf = (text: string) =>
  [text.slice(0, 3), text.slice(3)].map((part) => new TextEncoder().encode(part));

describe('LiteResponse answers as Response does', () => {
  const both = (text: string | null, status = 200) => {
    const headers = { 'content-type': 'application/json' };
    return [
      new Response(text === null ? null : new Blob(partsOf(text)).stream(), { status, headers }),
      new LiteResponse(text === null ? null : Readable.from(partsOf(text)), {
        status,
        headers: new LiteHeaders(headers),
      }),
    ] as const;
  };

  it('reads text and JSON once, and says when the body is used', async () => {
    const [real, lite] = both('{"é": [1, 2]}');
    expect(lite.ok).toBe(real.ok);
    expect(lite.status).toBe(real.status);
    expect(lite.bodyUsed).toBe(false);
    expect(await lite.json()).toEqual(await real.json());
    expect(lite.bodyUsed).toBe(real.bodyUsed);
    await expect(lite.text()).rejects.toThrow(TypeError);
    await expect(real.text()).rejects.toThrow(TypeError);
  });

  it('gives a clone its own copy of the body', async () => {
    const [real, lite] = both('hello there');
    const [realCopy, liteCopy] = [real.clone(), lite.clone()];
    expect(await liteCopy.text()).toBe(await realCopy.text());
    expect(await lite.text()).toBe(await real.text());
    expect(liteCopy.headers.get('content-type')).toBe('application/json');
  });

  it('counts a body read through its stream as used', async () => {
    const [, lite] = both('streamed');
    for await (const chunk of lite.body!) expect(chunk).toBeInstanceOf(Uint8Array);
    expect(lite.bodyUsed).toBe(true);
    expect(() => lite.clone()).toThrow(TypeError);
  });

  it('reads bytes, and an empty body as nothing', async () => {
    const [real, lite] = both('abc');
    expect(new Uint8Array(await lite.arrayBuffer())).toEqual(
      new Uint8Array(await real.arrayBuffer()),
    );
    const [realEmpty, liteEmpty] = both(null, 204);
    expect(liteEmpty.ok).toBe(realEmpty.ok);
    expect(liteEmpty.body).toBe(null);
    expect(await liteEmpty.text()).toBe(await realEmpty.text());
  });

  it('is ok only for 2xx', () => {
    for (const status of [199, 200, 299, 300, 404, 500]) {
      const lite = new LiteResponse(null, { status, headers: new LiteHeaders() });
      expect(lite.ok, String(status)).toBe(status >= 200 && status <= 299);
    }
  });
});

describe('LiteFormData', () => {
  it('recognises real FormData and builds it', () => {
    const form = new LiteFormData();
    expect(form).toBeInstanceOf(FormData);
    expect(new FormData() instanceof LiteFormData).toBe(true);
    expect(('text' as unknown) instanceof LiteFormData).toBe(false);
    expect({} instanceof LiteFormData).toBe(false);
  });
});

describe('LiteReadableStream', () => {
  it('recognises real web streams and builds them; other bodies are not one', () => {
    const built = new LiteReadableStream({ start: (c) => c.close() });
    expect(built).toBeInstanceOf(ReadableStream);
    expect(new ReadableStream() instanceof LiteReadableStream).toBe(true);
    for (const body of ['text', Buffer.from('x'), Readable.from(['x']), {}, null, undefined]) {
      expect(body instanceof LiteReadableStream).toBe(false);
    }
    // Something shaped like a stream is asked of the real class.
    expect({ getReader: () => undefined } instanceof LiteReadableStream).toBe(false);
  });
});
