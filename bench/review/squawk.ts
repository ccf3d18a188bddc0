/**
 * The review against squawk (npm `squawk-cli`, PostgreSQL's best known migration linter) over every
 * migration of a history: per tool, findings per migration and time, and whether every destructive
 * statement squawk flags is flagged here too.
 *
 *   npx tsx bench/review/squawk.ts [migrations folder] [--json]
 *
 * Each migration is reviewed the way a pull request adding it would be: against the schema its
 * predecessors create. squawk reads each file on its own (one process for all files, its default rules).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { reviewMigrations } from '../../src/review/analyse.js';
import { Catalog } from '../../src/review/catalog.js';
import { parseMigration } from '../../src/review/parse.js';
import type { ReviewFinding } from '../../src/review/rules.js';
import { loadPostgresParser } from '../../src/sql/statements.js';

/**
 * squawk's rules that flag a statement that loses data or fails on existing data. (Its
 * `changing-column-type` and `adding-not-nullable-field` are about the lock and the rewrite or scan:
 * they are checked separately, against any finding here.)
 */
const SQUAWK_DESTRUCTIVE = new Set([
  'ban-drop-column',
  'ban-drop-table',
  'ban-drop-database',
  'ban-truncate-cascade',
  'adding-required-field',
]);
const SQUAWK_REWRITE = new Set(['changing-column-type', 'adding-not-nullable-field']);

interface SquawkViolation {
  file: string;
  line: number;
  rule_name: string;
  message: string;
}

interface Row {
  migration: string;
  ours: number;
  oursDestructive: number;
  squawk: number;
  squawkDestructive: number;
}

const root = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  ...(fileURLToPath(import.meta.url).includes('/.cache/') || fileURLToPath(import.meta.url).includes('/build/') ? ['..'] : []),
);
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runsIndex = args.indexOf('--runs');
const runs = runsIndex === -1 ? 3 : Math.max(1, Number(args[runsIndex + 1]));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const directory = resolve(
  args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--runs') ?? '/work/shared/corpus/papermark/prisma/migrations',
);

const migrations = readdirSync(directory, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'migration.sql')))
  .map((entry) => entry.name)
  .sort()
  .map((name) => ({
    name,
    file: join(directory, name, 'migration.sql'),
    sql: readFileSync(join(directory, name, 'migration.sql'), 'utf8'),
  }));

// This review: each migration as the one a pull request adds, the ones before it as the base.
// The first run includes loading the parser (WebAssembly); the median of `--runs` is reported, and the first.
const ours = new Map<string, ReviewFinding[]>();
const oursTimes: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  await loadPostgresParser();
  const catalog = new Catalog();
  for (const migration of migrations) {
    ours.set(
      migration.name,
      await reviewMigrations({ base: catalog, migrations: [migration], failOn: new Set(['destructive']), advanceBase: true }),
    );
  }
  oursTimes.push(performance.now() - started);
}

// squawk: one process over every file.
// squawk-cli is not a dependency of the project (its package for other platforms is not on every
// registry, which breaks `npm ci`): it is installed once into the bench cache.
const SQUAWK_VERSION = '2.66.0';
function squawkPackage(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('squawk-cli/package.json'));
  } catch {
    const prefix = join(root, 'bench', '.cache', 'squawk');
    const dir = join(prefix, 'node_modules', 'squawk-cli');
    if (!existsSync(join(dir, 'package.json'))) {
      execFileSync(
        'npm',
        ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `squawk-cli@${SQUAWK_VERSION}`],
        { stdio: 'inherit' },
      );
    }
    return dir;
  }
}
const squawkBin = join(squawkPackage(), 'js', 'bin', 'squawk');
let squawkOut = '';
const squawkTimes: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  try {
    squawkOut = execFileSync(process.execPath, [squawkBin, '--reporter', 'json', ...migrations.map((migration) => migration.file)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      cwd: root,
    });
  } catch (error) {
    // squawk exits 1 when it finds something; its report is still on stdout.
    squawkOut = String((error as { stdout?: string }).stdout ?? '');
  }
  squawkTimes.push(performance.now() - started);
}
const violations = JSON.parse(squawkOut || '[]') as SquawkViolation[];
const squawk = new Map<string, SquawkViolation[]>(migrations.map((migration) => [migration.name, []]));
for (const violation of violations)
  squawk.get(migrations.find((migration) => resolve(violation.file) === migration.file)?.name ?? '?')?.push(violation);

// Coverage: each statement squawk flags as destructive must carry a finding of this review.
const missed: string[] = [];
const rewritesMissed: string[] = [];
let destructiveStatements = 0;
let coveredByDestructive = 0;
let rewriteStatements = 0;
for (const migration of migrations) {
  const statements = (await parseMigration(migration.sql)).statements;
  const lines = migration.sql.split('\n').length;
  const rangeOf = (line: number) => {
    const index = statements.findLastIndex((statement) => statement.line <= line);
    if (index === -1) return undefined;
    return { start: statements[index]!.line, end: (statements[index + 1]?.line ?? lines + 1) - 1, text: statements[index]!.text };
  };
  const flagged = new Map<number, { end: number; text: string; rules: string[] }>();
  for (const violation of squawk.get(migration.name) ?? []) {
    if (SQUAWK_REWRITE.has(violation.rule_name)) {
      const range = rangeOf(violation.line + 1);
      rewriteStatements++;
      if (range && !(ours.get(migration.name) ?? []).some((finding) => finding.line >= range.start && finding.line <= range.end))
        rewritesMissed.push(`${migration.name}:${range.start} [${violation.rule_name}] ${range.text.split('\n')[0]}`);
    }
    if (!SQUAWK_DESTRUCTIVE.has(violation.rule_name)) continue;
    const range = rangeOf(violation.line + 1);
    if (!range) continue;
    const entry = flagged.get(range.start) ?? { end: range.end, text: range.text, rules: [] };
    entry.rules.push(violation.rule_name);
    flagged.set(range.start, entry);
  }
  for (const [start, { end, text, rules }] of flagged) {
    destructiveStatements++;
    const here = (ours.get(migration.name) ?? []).filter((finding) => finding.line >= start && finding.line <= end);
    if (here.some((finding) => finding.category === 'destructive')) coveredByDestructive++;
    if (here.length === 0) missed.push(`${migration.name}:${start} [${rules.join(', ')}] ${text.split('\n')[0]}`);
    else if (!here.some((finding) => finding.category === 'destructive'))
      missed.push(
        `${migration.name}:${start} [${rules.join(', ')}] only ${here.map((finding) => finding.rule).join(', ')} here: ${text.split('\n')[0]}`,
      );
  }
}

const rows: Row[] = migrations.map((migration) => {
  const mine = ours.get(migration.name) ?? [];
  const theirs = squawk.get(migration.name) ?? [];
  return {
    migration: migration.name,
    ours: mine.length,
    oursDestructive: mine.filter((finding) => finding.category === 'destructive').length,
    squawk: theirs.length,
    squawkDestructive: theirs.filter((violation) => SQUAWK_DESTRUCTIVE.has(violation.rule_name)).length,
  };
});
const countBy = <T>(items: T[], key: (item: T) => string) =>
  Object.fromEntries(
    [...items.reduce((map, item) => map.set(key(item), (map.get(key(item)) ?? 0) + 1), new Map<string, number>())].sort(
      (a, b) => b[1] - a[1],
    ),
  );
const allOurs = [...ours.values()].flat();
const summary = {
  directory,
  migrations: migrations.length,
  runs,
  review: {
    findings: allOurs.length,
    destructive: allOurs.filter((finding) => finding.category === 'destructive').length,
    medianMs: Math.round(median(oursTimes)),
    firstRunMs: Math.round(oursTimes[0]!),
    byRule: countBy(allOurs, (finding) => finding.rule),
  },
  squawk: {
    findings: violations.length,
    destructive: violations.filter((violation) => SQUAWK_DESTRUCTIVE.has(violation.rule_name)).length,
    medianMs: Math.round(median(squawkTimes)),
    firstRunMs: Math.round(squawkTimes[0]!),
    byRule: countBy(violations, (violation) => violation.rule_name),
  },
  coverage: {
    destructiveStatementsSquawkFlags: destructiveStatements,
    flaggedDestructiveHere: coveredByDestructive,
    notFlaggedAsDestructiveHere: missed,
    rewriteOrScanFindingsSquawkMakes: rewriteStatements,
    rewriteOrScanNotFlaggedHere: rewritesMissed,
  },
};

if (asJson) {
  console.log(JSON.stringify({ ...summary, perMigration: rows }, null, 2));
} else {
  console.log(`${'migration'.padEnd(56)} ${'review'.padStart(8)} ${'squawk'.padStart(8)}   (destructive: review / squawk)`);
  for (const row of rows)
    console.log(
      `${row.migration.padEnd(56)} ${String(row.ours).padStart(8)} ${String(row.squawk).padStart(8)}   ${row.oursDestructive} / ${row.squawkDestructive}`,
    );
  console.log('');
  console.log(`${summary.migrations} migrations in ${directory}`);
  console.log(
    `review: ${summary.review.findings} findings (${summary.review.destructive} destructive) in ${summary.review.medianMs} ms (median of ${runs}, in process; first run with the parser's load: ${summary.review.firstRunMs} ms)`,
  );
  console.log(
    `squawk: ${summary.squawk.findings} findings (${summary.squawk.destructive} destructive) in ${summary.squawk.medianMs} ms (median of ${runs}, one process over all files; first: ${summary.squawk.firstRunMs} ms)`,
  );
  console.log(`review by rule: ${JSON.stringify(summary.review.byRule)}`);
  console.log(`squawk by rule: ${JSON.stringify(summary.squawk.byRule)}`);
  console.log(`destructive statements squawk flags: ${destructiveStatements}; flagged as destructive here: ${coveredByDestructive}`);
  for (const line of missed) console.log(`  not destructive here: ${line}`);
  console.log(
    `statements squawk flags for a rewrite or scan (changing-column-type, adding-not-nullable-field): ${rewriteStatements}; not flagged here: ${rewritesMissed.length}`,
  );
  for (const line of rewritesMissed) console.log(`  not flagged here: ${line}`);
}
