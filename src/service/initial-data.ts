import { rm } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { scanFolderQuota, scanUserQuota } from '../common/quota-scan.js';
import type { RestoreMode, ScanQuotaMode } from '../dataprovider/index.js';
import { readDumpFile } from '../dataprovider/index.js';
import type { Runtime } from './runtime.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'service';

/** The `--loaddata-*` options of `serve` and `initprovider`. */
export interface InitialDataOptions {
  /** Absolute path of a dump (SFTPGo's `dumpdata` format); empty loads nothing. */
  readonly from: string;
  readonly mode: RestoreMode;
  readonly scan: ScanQuotaMode;
  /** Remove the file after a successful load. */
  readonly clean: boolean;
}

/** Initial data that cannot be loaded: the data provider is left as it was. */
export class InitialDataError extends Error {
  readonly code = 'ERR_INITIAL_DATA';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InitialDataError';
  }
}

/**
 * Restores a dump into the data provider in one transaction (nothing is stored when any object is
 * invalid), then scans the quotas it asks for and removes the file if asked to.
 * @throws InitialDataError naming the file and what is wrong with it.
 */
export async function loadInitialData(runtime: Runtime, options: InitialDataOptions): Promise<void> {
  const { provider, logger } = runtime;
  const file = options.from;
  if (!isAbsolute(file)) throw new InitialDataError(`loaddata-from "${file}" must be an absolute path`);
  let report;
  try {
    report = await provider.restore(await readDumpFile(file), {
      mode: options.mode,
      scanQuota: options.scan,
    });
  } catch (err) {
    throw new InitialDataError(`cannot load data from ${file}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  logger.info(logSender, `data loaded from ${file}`, { mode: options.mode });
  await scanRestoredQuotas(runtime, report.quotaScans);
  if (options.clean) {
    try {
      await rm(file);
      logger.info(logSender, `${file} removed after a successful load`);
    } catch (err) {
      logger.warn(logSender, `cannot remove ${file} after loading it: ${errorMessage(err)}`);
    }
  }
}

async function scanRestoredQuotas(
  { provider, logger }: Runtime,
  scans: { readonly users: readonly string[]; readonly folders: readonly string[] },
): Promise<void> {
  // One scan at a time: each walks a whole tree, and the load happens before serving anyway.
  const jobs = [
    ...scans.users.map((name) => ({
      label: `user ${name}`,
      run: async () => {
        const user = await provider.users.get(name);
        return user && scanUserQuota(provider, user);
      },
    })),
    ...scans.folders.map((name) => ({
      label: `folder ${name}`,
      run: async () => {
        const folder = await provider.folders.get(name);
        return folder && scanFolderQuota(provider, folder);
      },
    })),
  ];
  for (const job of jobs) {
    try {
      const totals = await job.run();
      if (totals)
        logger.info(logSender, `quota scan of ${job.label} done`, { size: totals.size, files: totals.files });
    } catch (err) {
      logger.warn(logSender, `quota scan of ${job.label} failed: ${errorMessage(err)}`);
    }
  }
}
