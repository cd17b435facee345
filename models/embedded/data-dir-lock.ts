import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly ownerPid: number) {
    super(
      `DATA_DIR ${dataDir} is in use by another bot process (pid ${ownerPid}). ` +
        'The embedded store allows one process only: stop the other one, or use STORE=mongo to run several instances.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Takes an exclusive lock on the data folder. nedb files are safe for one process only, so a second
 * process is refused; a lock left by a process that died (kill -9, power loss) is taken over.
 */
export function acquireDataDirLock(dataDir: string): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return { release: () => releaseIfOurs(lockFile) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const ownerPid = readPid(lockFile);
      if (ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid)) {
        throw new DataDirLockedError(dataDir, ownerPid);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, readPid(lockFile) ?? -1);
}

function readPid(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(lockFile: string): void {
  if (readPid(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}
