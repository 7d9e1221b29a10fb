import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { DataFolderBusyError, LOCK_FILE_NAME, lockDataFolder } from './data-folder-lock.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const folders: string[] = [];
const running = new Set<ChildProcess>();

function tempFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-lock-'));
  folders.push(folder);
  return folder;
}

after(() => {
  for (const child of running) child.kill('SIGKILL');
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  /** 'running' once the server says so, or the exit code and standard error if it stopped first. */
  outcome: Promise<{ running: true } | { running: false; code: number | null; stderr: string }>;
}

/** Starts a real Lantern server process on `dataDir` (embedded database, any free port, no demo data). */
function startLantern(dataDir: string): Started {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LANTERN_DEMO: 'false', LANTERN_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const outcome = new Promise<{ running: true } | { running: false; code: number | null; stderr: string }>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Lantern is running')) resolve({ running: true });
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ running: false, code, stderr });
    });
  });
  return { child, outcome };
}

async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('the embedded data folder lock', () => {
  test('a second holder in the same process is refused until the first lets go', () => {
    const folder = tempFolder();
    const release = lockDataFolder(folder);
    assert.throws(() => lockDataFolder(folder), DataFolderBusyError);
    release();
    const again = lockDataFolder(folder);
    again();
  });

  test('a folder that must exist is not created', () => {
    const missing = path.join(tempFolder(), 'not-here');
    assert.throws(() => lockDataFolder(missing, { create: false }), /ENOENT/);
    assert.equal(fs.existsSync(missing), false);
  });

  test('after kill -9 Lantern starts again at once, and of ten started together over the stale lock exactly one runs', { timeout: 240_000 }, async (t) => {
    const dataDir = tempFolder();
    const first = startLantern(dataDir);
    assert.deepEqual(await within(90_000, 'the first start', first.outcome), { running: true });
    await killHard(first.child);
    // The lock file outlives the killed process, still naming it: nobody has to delete it.
    assert.equal(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8'), String(first.child.pid));

    const restartedAt = Date.now();
    const second = startLantern(dataDir);
    assert.deepEqual(await within(60_000, 'the restart after kill -9', second.outcome), { running: true });
    const restartSeconds = (Date.now() - restartedAt) / 1000;
    // A lock left by the killed process would refuse at once; the bound above only guards against a hang.
    t.diagnostic(`restart after kill -9 took ${restartSeconds.toFixed(1)} s (process start-up included)`);
    await killHard(second.child);

    // A stale lock naming a live process (as when a dead server's pid is reused) must not block either.
    fs.writeFileSync(path.join(dataDir, LOCK_FILE_NAME), String(process.pid));
    const ten = Array.from({ length: 10 }, () => startLantern(dataDir));
    const outcomes = await within(150_000, 'ten simultaneous starts', Promise.all(ten.map((start) => start.outcome)));
    const winners = ten.filter((_, i) => outcomes[i]!.running);
    try {
      assert.equal(winners.length, 1, `exactly one of ten holds the folder (${winners.length} did)`);
      for (const outcome of outcomes) {
        if (outcome.running) continue;
        assert.notEqual(outcome.code, 0);
        const lines = outcome.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `one line on standard error, got: ${outcome.stderr}`);
        assert.match(lines[0]!, /^Lantern could not start: the embedded database in .* is in use by another Lantern process/);
      }
      assert.equal(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8'), String(winners[0]!.child.pid));
    } finally {
      for (const winner of winners) await killHard(winner.child);
    }
  });
});
