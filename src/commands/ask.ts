/**
 * `aichat ask [PROMPT...]`: the reply streams to stdout, which carries nothing else;
 * notes and errors go to stderr. Loads no TUI.
 */
import { isatty } from 'node:tty';
import { Command } from 'commander';
import { AichatError, signalExitCode, STOP_SIGNALS, type StopSignal } from '../core/errors.js';
import { parseMaxTokens, parseTemperature } from '../core/model-rules.js';
import { createStreamSanitizer } from '../core/text.js';
import { ask } from '../services/ask.js';
import type { App } from './app.js';
import { run } from './app.js';
import { readStdin } from './input.js';
import { isStdoutClosed, note, onStdoutClosed, printJson, printText } from './output.js';

/** How long `ask` waits for a new chat's title after the reply: a normal one takes ~1 s. */
const TITLE_WAIT_MS = 5_000;

interface AskOptions {
  model?: string;
  system?: string;
  temperature?: string;
  maxTokens?: string;
  chat?: string;
  continue?: boolean;
  from?: string;
  save: boolean;
  json?: boolean;
}

export function askCommand(app: App): Command {
  return new Command('ask')
    .description('ask once; the reply streams to stdout (stdin is appended as context)')
    .argument('[prompt...]', 'the question')
    .option('--model <model>', 'model name (default: the chat’s, else your default)')
    .option('--system <prompt>', 'system prompt for this request')
    .option('--temperature <t>', 'temperature for this request, 0 to 2')
    .option('--max-tokens <n>', 'limit on the reply length')
    .option('--chat <chat>', 'continue this chat (id or title)')
    .option('--continue', 'continue your last active chat')
    .option('--from <message>', 'branch off this message')
    .option('--no-save', 'save nothing')
    .option('--json', 'print one JSON object with the text, model, usage and ids')
    .action(
      run(async (words: string[], opts: AskOptions) => {
        const stdin = isatty(0) ? '' : await readStdin();
        const prompt = [words.join(' '), stdin].filter((part) => part.trim()).join('\n\n');
        const output = replyWriter(Boolean(opts.json));
        const controller = new AbortController();
        const titleWait = new AbortController();
        // Listeners (not `once`): proper-lockfile's signal-exit re-raises a signal that no
        // other listener handles, which would kill the process before the reply is saved.
        // A second signal does not wait for that save (a lock held elsewhere, a slow disk).
        let stoppedBy: StopSignal | undefined;
        const interrupt = (signal: StopSignal) => {
          if (controller.signal.aborted) process.exit(signalExitCode(signal));
          stoppedBy = signal;
          controller.abort();
        };
        for (const signal of STOP_SIGNALS) process.on(signal, interrupt);
        output.onClosed(() => controller.abort());
        try {
          let sent = false;
          const result = await ask(await app.context(), {
            prompt,
            save: opts.save,
            ...(opts.model !== undefined ? { model: opts.model } : {}),
            ...(opts.system !== undefined ? { system: opts.system } : {}),
            ...(opts.temperature !== undefined
              ? { temperature: parseTemperature(opts.temperature) }
              : {}),
            ...(opts.maxTokens !== undefined ? { maxTokens: parseMaxTokens(opts.maxTokens) } : {}),
            ...(opts.chat !== undefined ? { chat: opts.chat } : {}),
            ...(opts.continue ? { continueLast: true } : {}),
            ...(opts.from !== undefined ? { from: opts.from } : {}),
            signal: controller.signal,
            titleSignal: titleWait.signal,
            onText: output.write,
            onNotice: note,
            onStart: () => (sent = true),
          }).catch((err: unknown) => {
            // The prompt is saved before it is sent; when saving fails, say that nothing
            // went out, so repeating the command is known to be safe.
            if (!sent && err instanceof AichatError && err.kind === 'store') {
              throw new AichatError(
                'store',
                `${err.message}; your prompt was not sent: run the same command again`,
              );
            }
            throw err;
          });
          output.end();
          // A new chat's title is asked for after the reply; the command waits for it only
          // a little (unref: a title that comes sooner ends the process at once).
          setTimeout(() => titleWait.abort(), TITLE_WAIT_MS).unref();
          if (opts.json) {
            printJson({
              text: result.text,
              status: result.status,
              model: result.model,
              usage: result.usage ?? null,
              chatId: result.chatId ?? null,
              userMessageId: result.userMessageId ?? null,
              messageId: result.replyId ?? null,
              ...(result.error ? { error: result.error } : {}),
            });
          }
          if (output.closed) return; // The reader went away (`| head`): the chat is saved, nothing more to say.
          if (result.errorKind === 'cancelled') {
            const signal = stoppedBy === 'SIGINT' ? undefined : stoppedBy;
            const stopped = signal ? `stopped by ${signal}` : 'interrupted';
            const kept = !result.chatId
              ? ''
              : result.text
                ? `; the partial reply is saved in chat ${result.chatId}`
                : ` before the reply began; your message is saved in chat ${result.chatId}`;
            throw new AichatError('interrupted', stopped + kept, signal ? { signal } : {});
          }
          if (result.error) throw new AichatError('provider', result.error);
        } finally {
          for (const signal of STOP_SIGNALS) process.off(signal, interrupt);
        }
      }),
    );
}

/**
 * Writes deltas to stdout: raw bytes to a pipe, made inert for a terminal. Notices when
 * the reader closes the pipe, so the caller can stop and exit quietly.
 */
function replyWriter(json: boolean) {
  const toTerminal = process.stdout.isTTY;
  const sanitizer = toTerminal ? createStreamSanitizer() : undefined;
  let endsWithNewline = true;
  const write = (text: string) => {
    if (json || !text) return;
    const out = sanitizer ? sanitizer.push(text) : text;
    if (out) {
      printText(out);
      endsWithNewline = out.endsWith('\n');
    }
  };
  return {
    write,
    get closed() {
      return isStdoutClosed();
    },
    onClosed: onStdoutClosed,
    end() {
      if (sanitizer) write(sanitizer.end());
      // A terminal prompt should start on its own line; a pipe gets the bytes as sent.
      if (toTerminal && !json && !endsWithNewline) printText('\n');
    },
  };
}
