import { review, reviewExitCode } from '../../commands/review.js';
import { renderJson } from '../../report/json.js';
import { renderReviewText } from '../../report/review-text.js';
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
                               transaction): rows, non-null values dropped, duplicates`,
  options: {
    base: { type: 'string' },
    migrations: { type: 'string' },
    schema: { type: 'string' },
    rules: { type: 'string' },
    'fail-on': { type: 'string' },
    'database-url': { type: 'string' },
  },
  async run({ values, json, color, cwd, env, log, stdout }) {
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
