/**
 * Where the shadow database comes from, measured: for each source available on this machine, the
 * start-up time of the server (start to accepting connections) and the end-to-end time of
 * `check --json --shadow-database <source>` on examples/blog (CLI in-process, the same code users run).
 * Sources that cannot run here are listed with the reason.
 *
 *   node --import ./node_modules/tsx/dist/esm/index.mjs bench/shadow/provisioners.ts [--runs 3] [--url <postgresql url>]
 *
 * MySQL sources are measured for start-up only until `check` replays MySQL histories.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCli } from '../../src/cli/main.js';
import { runAllCleanups } from '../../src/lifecycle/cleanup.js';
import { DockerShadowServer, dockerRuntime } from '../../src/shadow/docker.js';
import { EmbeddedShadowServer } from '../../src/shadow/embedded.js';
import { findMysqlBinaries, LocalMysqlServer } from '../../src/shadow/mysql-local.js';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import type { ShadowServer } from '../../src/shadow/shadow.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const project = join(root, 'examples', 'blog');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    url: { type: 'string' },
    'docker-postgres': { type: 'string', default: 'postgres:15' },
    'docker-mysql': { type: 'string', default: 'mariadb:10.11' },
  },
});
const runs = Math.max(1, Number(values.runs));

interface Source {
  name: string;
  provider: 'postgresql' | 'mysql';
  /** The `--shadow-database` value for the end-to-end check; none for MySQL (not checked yet). */
  flag?: string;
  available: () => Promise<string | undefined>;
  start?: () => Promise<ShadowServer>;
}

const dockerReason = async () => {
  const runtime = await dockerRuntime();
  return runtime.ok ? undefined : runtime.reason;
};

const sources: Source[] = [
  {
    name: 'url (a running server)',
    provider: 'postgresql',
    flag: values.url ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    available: async () =>
      (await urlAnswers(values.url ?? 'postgresql://postgres@127.0.0.1:5432/postgres')) ? undefined : 'no server at the URL (--url)',
  },
  {
    name: 'local PostgreSQL',
    provider: 'postgresql',
    flag: 'local',
    available: async () => (binariesFromSystem() ? undefined : 'no PostgreSQL binaries installed'),
    start: () => EmbeddedShadowServer.startLocal(),
  },
  {
    name: 'embedded PostgreSQL',
    provider: 'postgresql',
    flag: 'embedded',
    available: async () => undefined,
    start: () => EmbeddedShadowServer.start(),
  },
  {
    name: `docker ${values['docker-postgres']}`,
    provider: 'postgresql',
    flag: `docker:${values['docker-postgres']}`,
    available: dockerReason,
    start: () => DockerShadowServer.start({ provider: 'postgresql', image: values['docker-postgres'] }),
  },
  { name: 'auto (PostgreSQL)', provider: 'postgresql', flag: 'auto', available: async () => undefined },
  {
    name: 'local MySQL/MariaDB',
    provider: 'mysql',
    available: async () => (findMysqlBinaries() ? undefined : 'no mysqld/mariadbd installed'),
    start: () => LocalMysqlServer.start(),
  },
  {
    name: `docker ${values['docker-mysql']}`,
    provider: 'mysql',
    available: dockerReason,
    start: () => DockerShadowServer.start({ provider: 'mysql', image: values['docker-mysql'] }),
  },
];

async function urlAnswers(url: string): Promise<boolean> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function endToEnd(flag: string): Promise<number> {
  let stdout = '';
  const started = performance.now();
  const code = await runCli(['check', '--json', '--shadow-database', flag], {
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    env: {},
    isTty: false,
    cwd: project,
  });
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`check with --shadow-database ${flag} exited ${code}: ${stdout.slice(0, 300)}`);
  return elapsed;
}

const rows: string[][] = [];
try {
  for (const source of sources) {
    const unavailable = await source.available();
    if (unavailable) {
      rows.push([source.name, '-', '-', `skipped: ${unavailable}`]);
      continue;
    }
    try {
      const startups: number[] = [];
      if (source.start) {
        for (let i = 0; i < runs; i++) {
          const server = await source.start();
          startups.push(server.startupMs);
          await server.close();
        }
      }
      const checks: number[] = [];
      if (source.flag) for (let i = 0; i < runs; i++) checks.push(await endToEnd(source.flag));
      rows.push([
        source.name,
        startups.length ? `${median(startups)} ms` : source.flag === 'auto' ? '(see local)' : '0 ms',
        checks.length ? `${Math.round(median(checks))} ms` : '-',
        source.flag ? '' : 'check replays PostgreSQL only for now',
      ]);
    } catch (error) {
      rows.push([source.name, '-', '-', `failed: ${(error as Error).message.split('\n')[0]}`]);
    }
    process.stderr.write('.');
  }
} finally {
  await runAllCleanups();
}
process.stderr.write('\n');

const header = ['source', `start-up (median of ${runs})`, `check end to end (median of ${runs})`, 'note'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) =>
  cells
    .map((cell, column) => cell.padEnd(widths[column]!))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(line(row));
