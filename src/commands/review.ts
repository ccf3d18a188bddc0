import { gateOf } from '../gate/outcome.js';
import { parseFailOn, type FailOnCategory } from '../gate/fail-on.js';
import type { GitPort } from '../git/port.js';
import type { Measurement, Measurements } from '../plan/measurements.js';
import { measurementsFor, withCounts } from '../review/data.js';
import { reviewPullRequest } from '../review/pull-request.js';
import { parseRules } from '../review/rules.js';
import { discoverProject } from '../schema/discovery.js';
import { schemaChangeSince } from '../review/schema-change.js';
import { displayPath } from '../schema/files.js';
import { UsageError } from '../util/errors.js';
import { resolve } from 'node:path';
import type { ReviewResult } from '../verdict/review-result.js';

export type { ReviewResult, ReviewVerdict } from '../verdict/review-result.js';

export interface ReviewOptions {
  cwd: string;
  schema?: string;
  migrations?: string;
  /** The git ref the PR merges into (`--base`, `GITHUB_BASE_REF`). */
  base?: string;
  /** `--rules` / input `rules`. */
  rules?: string;
  /** `--fail-on` / input `fail-on`: as written, or already parsed. */
  failOn?: string | Set<FailOnCategory>;
  /** Names of the inputs, for errors: CLI flags or action inputs. */
  names?: { schema: string; migrations: string; base: string; rules: string; failOn: string };
  log?: (line: string) => void;
}

export interface ReviewPorts {
  git: GitPort;
  /** Read-only counts on a database (`database-url`): row counts, non-null values, duplicates. */
  measure?: (measurements: Measurement[]) => Promise<Measurements>;
}

/**
 * Reviews the migrations a pull request adds (folders present at the head, absent at the base) for
 * destructive and locking statements. Findings are values; only "could not run" throws.
 */
export async function review(options: ReviewOptions, ports: ReviewPorts): Promise<ReviewResult> {
  const started = Date.now();
  const names = options.names ?? {
    schema: "Input 'schema'",
    migrations: "Input 'migrations'",
    base: "Input 'base'",
    rules: "Input 'rules'",
    failOn: "Input 'fail-on'",
  };
  const rules = parseRules(options.rules, names.rules);
  const failOn = options.failOn instanceof Set ? options.failOn : parseFailOn(options.failOn, names.failOn);
  if (!options.base) {
    throw new UsageError(
      'No base to compare with: the review looks at the migrations a pull request adds to its base branch.',
      `Pass ${names.base} with the base branch (e.g. main), or run on a pull_request event (GITHUB_BASE_REF).`,
    );
  }
  const location = options.migrations && !options.schema ? undefined : tryDiscover(options, names);
  const directory = options.migrations
    ? resolve(options.cwd, options.migrations)
    : (
        location ??
        discoverProject({ cwd: options.cwd, schema: options.schema, schemaName: names.schema, migrationsName: names.migrations })
      ).migrations;
  const {
    pr,
    prisma,
    findings: found,
  } = await reviewPullRequest({ git: ports.git, directory, baseRef: options.base, cwd: options.cwd, rules, failOn });
  options.log?.(
    `${pr.added.length} migration${pr.added.length === 1 ? '' : 's'} added since ${options.base} (${pr.base.commit.slice(0, 7)}); ${pr.before.length} at the base.`,
  );
  const measurements = ports.measure ? measurementsFor(found) : [];
  const findings = measurements.length > 0 && ports.measure ? withCounts(found, await ports.measure(measurements)) : found;
  const active = findings.filter((finding) => !finding.ignored);
  const schemaChange = location ? await schemaChangeSince(ports.git, pr.base.commit, location.schema) : undefined;
  return {
    command: 'review',
    verdict: active.some((finding) => finding.failsGate) ? 'failing' : active.length > 0 ? 'findings' : 'clear',
    gate: gateOf(reviewExitCode({ findings })),
    base: pr.base,
    migrationsDirectory: displayPath(directory, options.cwd),
    migrations: pr.added.map((migration) => migration.name),
    prisma,
    rules: [...rules],
    failOn: [...failOn],
    findings,
    schemaChange,
    timings: { totalMs: Date.now() - started },
  };
}

/** The schema's location when it can be found (the picture needs it; the review itself does not). */
function tryDiscover(options: ReviewOptions, names: { schema: string; migrations: string }) {
  try {
    return discoverProject({ cwd: options.cwd, schema: options.schema, schemaName: names.schema, migrationsName: names.migrations });
  } catch (error) {
    if (options.schema) throw error;
    return undefined;
  }
}

/** 0: nothing fails the gate; 2: a finding does. ("Could not run" is an exception → 1.) */
export function reviewExitCode(result: Pick<ReviewResult, 'findings'>): 0 | 2 {
  return result.findings.some((finding) => finding.failsGate) ? 2 : 0;
}
