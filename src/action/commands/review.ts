import * as core from '@actions/core';
import { review, reviewExitCode } from '../../commands/review.js';
import { renderJson } from '../../report/json.js';
import { renderReviewMarkdown } from '../../report/review-markdown.js';
import { renderErDiagram } from '../../report/er-diagram.js';
import { renderReviewText, reviewAnnotations } from '../../report/review-text.js';
import { redact } from '../../util/redact.js';
import { reviewPorts } from '../../wiring.js';
import type { ActionInputs } from '../inputs.js';
import { withWorkspacePaths } from '../workspace-paths.js';
import { publishStickyComment } from '../sticky-comment.js';

/** The job summary takes up to 1 MiB; the review's section keeps well below it. */
const SUMMARY_LIMIT = 512 * 1024;

/** `command: review`: the migrations the pull request adds, reviewed; annotations on their lines and the job summary. */
export async function reviewAction(inputs: ActionInputs): Promise<void> {
  const log = (line: string) => core.info(redact(line));
  const judged = await review(
    {
      cwd: inputs.workingDirectory,
      schema: inputs.schema,
      migrations: inputs.migrations,
      base: inputs.base,
      rules: inputs.rules,
      failOn: inputs.failOn,
      names: {
        schema: "Input 'schema'",
        migrations: "Input 'migrations'",
        base: "Input 'base'",
        rules: "Input 'rules'",
        failOn: "Input 'fail-on'",
      },
      log,
    },
    reviewPorts(
      inputs.workingDirectory,
      inputs.databaseUrl ? { databaseUrl: inputs.databaseUrl, inputName: "Input 'database-url'" } : undefined,
    ),
  );
  const result = withWorkspacePaths(judged, inputs.workingDirectory);
  core.info(renderReviewText(result, { color: false }));
  core.setOutput('verdict', result.verdict);
  core.setOutput('gate', result.gate);
  core.setOutput('report-json', renderJson(result).trim());
  for (const annotation of reviewAnnotations(result.findings)) {
    const properties = { title: annotation.title, file: annotation.file, startLine: annotation.line };
    const message = redact(annotation.message);
    if (annotation.level === 'error') core.error(message, properties);
    else if (annotation.level === 'warning') core.warning(message, properties);
    else core.notice(message, properties);
  }
  // The schema change as a picture: a collapsed Mermaid erDiagram of the models the PR touches.
  const picture = result.schemaChange ? renderErDiagram(result.schemaChange) : '';
  await core.summary
    .addRaw(
      renderReviewMarkdown(result.findings, {
        migrations: result.migrations,
        base: result.base.ref,
        maxLength: SUMMARY_LIMIT,
        appendix: picture,
      }),
    )
    .write();
  // After the summary: a GitHub error is added to it and fails the step, never hides the review.
  await publishStickyComment(inputs, {
    kind: 'review',
    hasFindings: result.findings.some((finding) => !finding.ignored),
    markdown: renderReviewMarkdown(result.findings, { migrations: result.migrations, base: result.base.ref, appendix: picture }),
  });
  if (reviewExitCode(result) !== 0) {
    const failing = result.findings.filter((finding) => finding.failsGate);
    core.setFailed(
      `${failing.length} finding${failing.length === 1 ? '' : 's'} in the added migrations fail${failing.length === 1 ? 's' : ''} the gate (${[...new Set(failing.map((finding) => finding.rule))].join(', ')}); see the annotations and the job summary.`,
    );
  }
}
