/**
 * The `lantern` command line run inside the test's own process: the same program as
 * `npm run lantern -- <args>`, without the seconds a new process spends starting and importing
 * Lantern. Keep a spawned run only where the process itself is tested (src/cli/audit.test.ts runs
 * the real entry; the data-folder lock between processes, kill -9).
 */
import { mock } from 'node:test';
import { format } from 'node:util';
import { runCommandLine } from '../cli/program.ts';

export interface CommandOutcome {
  /** The exit code the process would have ended with. */
  code: number;
  /** What went to standard output (console.log, console.info). */
  stdout: string;
  /** What went to standard error (console.error, console.warn). */
  stderr: string;
  /** Both, in the order they were printed. */
  out: string;
}

/**
 * Runs `lantern <args>` with exactly `env` as its environment (nothing of the test process's own,
 * so set DATABASE_URL or LANTERN_DATA_DIR, and PATH where a command runs a program), printing
 * nothing to the test's output. One at a time: the command line takes over console while it runs.
 */
export async function runLanternCommand(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandOutcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out: string[] = [];
  const into =
    (stream: string[]) =>
    (...parts: unknown[]) => {
      const text = `${format(...parts)}\n`;
      stream.push(text);
      out.push(text);
    };
  const captured = [
    mock.method(console, 'log', into(stdout)),
    mock.method(console, 'info', into(stdout)),
    mock.method(console, 'error', into(stderr)),
    mock.method(console, 'warn', into(stderr)),
  ];
  try {
    const code = await runCommandLine(args, { env });
    return { code, stdout: stdout.join(''), stderr: stderr.join(''), out: out.join('') };
  } finally {
    for (const method of captured) method.mock.restore();
  }
}
