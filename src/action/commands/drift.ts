import * as core from '@actions/core';
import { drift } from '../../commands/drift.js';
import { driftExitCode } from '../../drift/drift-result.js';
import { renderDriftMarkdown, renderDriftText } from '../../report/drift.js';
import { renderJson } from '../../report/json.js';
import { UsageError } from '../../util/errors.js';
import { redact } from '../../util/redact.js';
import { driftPorts, withConfiguredShadow } from '../../wiring.js';
import { maskConfigured, PRISMA_VERSION_INPUT, type ActionInputs } from '../inputs.js';
import { withWorkspacePaths } from '../workspace-paths.js';

/** `command: drift`: the live database against the history, then outputs, annotations and the job summary. */
export async function driftAction(inputs: ActionInputs): Promise<void> {
  if (!inputs.databaseUrl) throw new UsageError("Input 'database-url': command drift needs the URL of the database to compare.");
  const log = (line: string) => core.info(redact(line));
  const judged = await drift(
    {
      cwd: inputs.workingDirectory,
      schema: inputs.schema,
      migrations: inputs.migrations,
      names: { schema: "Input 'schema'", migrations: "Input 'migrations'" },
      failOn: inputs.failOn,
      log,
    },
    driftPorts(
      { databaseUrl: inputs.databaseUrl, inputName: "Input 'database-url'", cwd: inputs.workingDirectory, limits: inputs.sessionLimits },
      maskConfigured(
        await withConfiguredShadow(
          {
            shadowDatabaseUrl: inputs.shadowDatabaseUrl,
            inputName: "Input 'shadow-database-url'",
            shadowDatabase: inputs.shadowDatabase,
            log,
            debug: (line) => core.debug(redact(line)),
            engine: inputs.engine,
            engineInputName: "Input 'engine'",
            prismaVersion: inputs.prismaVersion,
            prismaVersionInputName: PRISMA_VERSION_INPUT,
          },
          { cwd: inputs.workingDirectory, schema: inputs.schema },
        ),
      ),
    ),
  );
  const result = withWorkspacePaths(judged, inputs.workingDirectory);
  core.info(renderDriftText(result, { color: false }));
  core.setOutput('verdict', result.verdict);
  core.setOutput('gate', result.gate);
  core.setOutput('report-json', renderJson(result).trim());
  for (const finding of result.findings) {
    if (!finding.file) continue;
    const annotate = finding.failsGate ? core.error : core.notice;
    annotate(redact(finding.message), {
      title: `drift: ${finding.kind}${finding.migration ? ` (${finding.migration})` : ''}`,
      file: finding.file,
      startLine: finding.line,
    });
  }
  await core.summary.addRaw(renderDriftMarkdown(result)).write();
  if (driftExitCode(result) !== 0) {
    const failing = result.findings.filter((finding) => finding.failsGate);
    core.setFailed(
      `${failing.length} drift finding${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the gate (${[...new Set(failing.map((f) => f.kind))].join(', ')}); see the job summary.`,
    );
  }
}
