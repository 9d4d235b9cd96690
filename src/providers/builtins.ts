import { createRequire } from 'node:module';
import type * as Https from 'node:https';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';

// Node's HTTPS, TLS and zlib modules cost ~6 ms to load, and a request to a loopback or
// plain-http endpoint with an uncompressed reply needs none of them: they are loaded the
// first time a request does.
const require = createRequire(import.meta.url);

export const https = () => require('node:https') as typeof Https;
export const tls = () => require('node:tls') as typeof Tls;
export const zlib = () => require('node:zlib') as typeof Zlib;
