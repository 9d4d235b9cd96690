/** Checks on model parameters, shared by the commands, settings and the TUI. */
import { usageError } from './errors.js';

/**
 * A number written in plain decimals (`0.7`, `.5`, `-1`, `4096`), else NaN. Number() alone
 * would take `0x1`, `1e3`, ` 1 `, `Infinity` and even `` (0), none of which a person means
 * as a temperature, a token limit or a number of seconds.
 */
function decimalNumber(value: string | number): number {
  if (typeof value === 'number') return value;
  return /^-?(?:\d+(?:\.\d+)?|\.\d+)$/.test(value) ? Number(value) : NaN;
}

export function parseTemperature(value: string | number): number {
  const t = decimalNumber(value);
  if (!Number.isFinite(t) || t < 0 || t > 2) {
    throw usageError(`temperature must be a number from 0 to 2, not "${value}"`);
  }
  return t;
}

export function parseMaxTokens(value: string | number): number {
  const n = decimalNumber(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw usageError(`max tokens must be a whole number from 1 to 1000000, not "${value}"`);
  }
  return n;
}

/** A model id as the endpoint knows it: trimmed, not empty, no control characters. */
export function parseModelId(value: string): string {
  const id = value.trim();
  const problem = modelIdProblem(id);
  if (problem) throw usageError(problem);
  return id;
}

/** Whether an endpoint's listed id can be used as it is. */
export const isModelId = (id: string) => id === id.trim() && !modelIdProblem(id);

function modelIdProblem(id: string): string | undefined {
  if (!id) return 'a model id cannot be empty';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id))
    return `a model id cannot hold control characters: ${JSON.stringify(id)}`;
  return undefined;
}

/** What a request uses when neither the model nor the user chose a limit. */
export const DEFAULT_MAX_TOKENS = 4096;

export function parseTimeout(value: string | number): number {
  const n = decimalNumber(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw usageError(
      `timeout must be a number of seconds more than 0 and at most 3600, not "${value}"`,
    );
  }
  return n;
}

// What OpenAI-protocol servers list beside their chat models: embeddings, speech,
// images, moderation, the realtime API and completion-only models.
const NOT_FOR_CHAT =
  /embed|whisper|tts|transcribe|dall-e|image|moderation|realtime|babbage|davinci/i;

/** Of the models an endpoint lists, the first that looks like it can chat, else the first. */
export function likelyChatModel(ids: readonly string[]): string | undefined {
  return ids.find((id) => !NOT_FOR_CHAT.test(id)) ?? ids[0];
}
