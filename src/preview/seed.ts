import * as exec from '@actions/exec';
import { UsageError } from '../util/errors.js';

/**
 * Runs the seed command once, after a new preview database got its schema, through a shell (so
 * `npm run seed && …` works) with DATABASE_URL set to that database.
 */
export async function runSeedCommand(command: string, databaseUrl: string, cwd: string): Promise<void> {
  const [shell, args] = process.platform === 'win32' ? ['cmd.exe', ['/d', '/s', '/c', command]] : ['sh', ['-c', command]];
  const code = await exec.exec(shell, args as string[], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl } as Record<string, string>,
    ignoreReturnCode: true,
  });
  if (code !== 0) {
    throw new UsageError(
      `Input 'preview-seed-command': \`${command}\` exited with code ${code}; the new preview database was dropped so that the next run starts again.`,
      'Run the command locally against an empty database with the schema pushed (`DATABASE_URL=... sh -c "<command>"`) to see why.',
    );
  }
}
