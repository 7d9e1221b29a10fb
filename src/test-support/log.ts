import { Writable } from 'node:stream';

/** Collects what a test Lantern logs, to check what it says (and what it must never say). */
export interface CapturedLog {
  stream: Writable;
  /** Everything written so far, exactly as it would have reached standard output. */
  text(): string;
  /** Each line parsed as the JSON object it is. */
  entries(): Record<string, unknown>[];
}

export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    entries: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
