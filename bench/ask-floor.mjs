// The floor under `aichat ask --continue`: the same work with no aichat code and no
// dependencies. It reads the config, db.json and the chat file, hashes a token, writes
// the chat file durably (temp file, fsync, rename, fsync of the directory) before and
// after one streamed request to the same loopback server, and prints the reply.
// Usage: node ask-floor.mjs URL   (HOME points at a store made by bench:ask)
import { createHash } from 'node:crypto';
import { open, readFile, readdir, rename } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';

const dataDir = path.join(process.env.HOME, '.local/share/aichat');
await readFile(path.join(process.env.HOME, '.config/aichat/config.json'), 'utf8');
JSON.parse(await readFile(path.join(dataDir, 'db.json'), 'utf8'));
createHash('sha256').update('session token').digest('hex');
const chatsDir = path.join(dataDir, 'chats');
const chatFile = path.join(
  chatsDir,
  (await readdir(chatsDir)).find((f) => f.endsWith('.json')),
);
const chat = JSON.parse(await readFile(chatFile, 'utf8'));

async function save() {
  const temp = `${chatFile}.floor.tmp`;
  const file = await open(temp, 'w');
  await file.writeFile(JSON.stringify(chat));
  await file.sync();
  await file.close();
  await rename(temp, chatFile);
  const dir = await open(chatsDir, 'r');
  await dir.sync();
  await dir.close();
}

await save();
const body = JSON.stringify({
  model: 'fast',
  max_tokens: 100,
  stream: true,
  messages: [{ role: 'user', content: 'hello' }],
});
const reply = await new Promise((resolve, reject) => {
  const req = request(new URL('/v1/messages', process.argv[2]), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  req.on('response', (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => resolve(text));
  });
  req.on('error', reject);
  req.end(body);
});
await save();
process.stdout.write(`${JSON.stringify(reply).length} bytes\n`);
