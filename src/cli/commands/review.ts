import { review, reviewExitCode } from '../../commands/review.js';
import { renderJson } from '../../report/json.js';
import { renderReviewText } from '../../report/review-text.js';
import { renderRulesText, rulesJson } from '../../report/rules.js';
import { IGNORE_COMMENT } from '../../review/rule-docs.js';
import { registerSecret } from '../../util/redact.js';
import { reviewPorts } from '../../wiring.js';
import type { CliCommand } from '../command.js';

export const reviewCommand: CliCommand = {
  name: 'review',
  summary: 'Review the migrations a pull request adds (compared with --base) for destructive and locking statements.',
  help: `  --base <git ref>             the branch, tag or commit the pull request merges into
                               (default: GITHUB_BASE_REF)
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --schema <file|folder>       the Prisma schema, to find the migrations folder
  --rules <list>               rules to run: rule ids, destructive, lock or all (default);
                               -<rule> leaves one out
  --fail-on <list>             categories that fail: destructive (default), lock, or none
  --database-url <url>         a database to count the rows affected (only read, in a READ ONLY
                               transaction): rows, non-null values dropped, duplicates
  --list-rules                 print every rule: why it matters and the safer way (with --json:
                               as JSON), then exit`,
  notes: `Silence a finding you have checked with a comment in the lines right above its statement in migration.sql: \`${IGNORE_COMMENT}\`. The reason is shown in the report. Run \`prisma-schema-guard review --list-rules\` for the rule ids.`,
  options: {
    base: { type: 'string' },
    migrations: { type: 'string' },
    schema: { type: 'string' },
    rules: { type: 'string' },
    'fail-on': { type: 'string' },
    'database-url': { type: 'string' },
    'list-rules': { type: 'boolean', default: false },
  },
  async run({ values, json, color, cwd, env, log, stdout }) {
    if (values['list-rules']) {
      stdout(json ? `${JSON.stringify({ rules: rulesJson(), ignoreComment: IGNORE_COMMENT }, null, 2)}\n` : renderRulesText());
      return 0;
    }
    const databaseUrl = (values['database-url'] as string | undefined) || undefined;
    registerSecret(databaseUrl);
    const result = await review(
      {
        cwd,
        schema: values.schema as string | undefined,
        migrations: values.migrations as string | undefined,
        base: (values.base as string | undefined) || env.GITHUB_BASE_REF || undefined,
        rules: values.rules as string | undefined,
        failOn: values['fail-on'] as string | undefined,
        names: { schema: '--schema', migrations: '--migrations', base: '--base', rules: '--rules', failOn: '--fail-on' },
        log,
      },
      reviewPorts(cwd, databaseUrl ? { databaseUrl, inputName: '--database-url' } : undefined),
    );
    stdout(json ? renderJson(result) : renderReviewText(result, { color }));
    return reviewExitCode(result);
  },
};
