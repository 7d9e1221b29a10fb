import fs from 'node:fs';
import path from 'node:path';
import { flockSync } from 'fs-ext-extra-prebuilt';

/** Another process already holds the embedded data folder (PGlite is single-process). */
export class DataFolderBusyError extends Error {}

export const LOCK_FILE_NAME = 'lantern.lock';

/**
 * Holds the embedded data folder for this process with an exclusive kernel lock (flock) on
 * `lantern.lock`. The kernel takes the lock atomically, so of several processes starting together
 * exactly one gets it, and it releases the lock when the process ends however it ends (kill -9
 * included), so a crash never leaves a lock that someone must delete by hand.
 *
 * The file itself is never deleted: removing it would let a later starter lock a new file while an
 * earlier one still holds the old, unlinked one. Its content (the holder's pid) is only a hint for
 * the error message; the lock, not the pid, decides.
 *
 * `create` false refuses a folder that does not exist instead of making it (for commands that
 * must only read an existing database).
 */
export function lockDataFolder(dataDir: string, { create = true }: { create?: boolean } = {}): () => void {
  if (create) fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, LOCK_FILE_NAME);
  const fd = fs.openSync(lockFile, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  try {
    flockSync(fd, 'exnb');
  } catch (error) {
    const holder = readHolder(fd);
    fs.closeSync(fd);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
      throw new DataFolderBusyError(
        `the embedded database in ${dataDir} is in use by another Lantern process${holder ? ` (pid ${holder})` : ''}. ` +
          'Stop that process first, or use a PostgreSQL server with DATABASE_URL.',
      );
    }
    throw error;
  }
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, String(process.pid), 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    fs.closeSync(fd); // closing the only descriptor releases the lock
  };
}

function readHolder(fd: number): number | undefined {
  try {
    const buffer = Buffer.alloc(32);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const pid = Number(buffer.subarray(0, length).toString('utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
