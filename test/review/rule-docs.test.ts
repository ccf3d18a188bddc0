/**
 * Every rule is documented where users look: `review --list-rules` (spawned through the real entry),
 * `review --help` (the ignore comment), and the README's table, which must equal the rules' own docs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { renderRulesMarkdown } from '../../src/report/rules.js';
import { RULE_IDS } from '../../src/review/rules.js';
import { CLI_ENTRY_ARGS } from '../support/entries.js';
import { repoRoot } from '../support/paths.js';

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [...CLI_ENTRY_ARGS, ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the review rules, documented', () => {
  test('review --list-rules: every rule with why and the safer way, then the ignore comment; exit 0', () => {
    const run = cli(['review', '--list-rules']);
    assert.equal(run.code, 0, run.stderr);
    for (const id of RULE_IDS)
      assert.match(run.stdout, new RegExp(`^${id} \\((destructive|locking), (error|warning|notice)\\)$`, 'm'), `${id} is listed`);
    assert.equal(run.stdout.match(/^ {4}Why: /gm)?.length, RULE_IDS.length);
    assert.equal(run.stdout.match(/^ {4}Safer: /gm)?.length, RULE_IDS.length);
    assert.match(run.stdout, /-- prisma-schema-guard-ignore <rule>\[, <rule>\]: <reason>/);
    assert.ok(
      run.stdout.split('\n').every((line) => line.length <= 80),
      'wrapped at 80 columns',
    );
  });

  test('review --list-rules --json: one entry per rule', () => {
    const run = cli(['review', '--list-rules', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const parsed = JSON.parse(run.stdout) as {
      rules: Array<{ id: string; why: string; safer: string; category: string }>;
      ignoreComment: string;
    };
    assert.deepEqual(
      parsed.rules.map((rule) => rule.id),
      RULE_IDS,
    );
    assert.ok(parsed.rules.every((rule) => rule.why.length > 10 && rule.safer.length > 10));
    assert.match(parsed.ignoreComment, /prisma-schema-guard-ignore/);
  });

  test('review --help names the ignore comment and --list-rules', () => {
    const run = cli(['review', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /prisma-schema-guard-ignore <rule>/);
    assert.match(run.stdout, /--list-rules/);
  });

  test("the README's rules table is the rules' own docs", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1];
    assert.ok(block, 'README.md has the rules table between <!-- rules:start --> and <!-- rules:end -->');
    assert.equal(
      block,
      renderRulesMarkdown(),
      'regenerate it: npx tsx -e "import(\'./src/report/rules.ts\').then((m) => process.stdout.write(m.renderRulesMarkdown()))"',
    );
    assert.match(readme, /-- prisma-schema-guard-ignore drop-column: /, 'the README shows the ignore comment');
  });
});
