import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 229;
export const ids = [229];
export const modules = {

/***/ 21229:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CliEngine: () => (/* binding */ CliEngine),
  adaptSchema: () => (/* binding */ adaptSchema)
});

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(81260);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./.bundle/tsc/src/dialect/index.js + 12 modules
var dialect = __webpack_require__(86547);
// EXTERNAL MODULE: ./.bundle/tsc/src/lifecycle/cleanup.js
var cleanup = __webpack_require__(27497);
// EXTERNAL MODULE: ./.bundle/tsc/src/schema/datasource.js
var datasource = __webpack_require__(915);
// EXTERNAL MODULE: ./.bundle/tsc/src/schema/normalise.js
var normalise = __webpack_require__(30926);
// EXTERNAL MODULE: ./.bundle/tsc/src/util/errors.js
var errors = __webpack_require__(5588);
// EXTERNAL MODULE: ./.bundle/tsc/src/util/redact.js
var redact = __webpack_require__(11558);
// EXTERNAL MODULE: ./.bundle/tsc/src/engine/engine.js
var engine = __webpack_require__(92147);
;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/cli/flags.js
function diffArgs(context, from, to, format) {
    const args = ['migrate', 'diff', ...side('from', from, context), ...side('to', to, context)];
    const replaysMigrations = from.kind === 'migrations' || to.kind === 'migrations';
    if (replaysMigrations && !context.shadowUrl)
        throw new Error('A diff that replays migrations needs a shadow database, and none was given.');
    if (context.major < 7 && replaysMigrations)
        args.push('--shadow-database-url', context.shadowUrl);
    if (format === 'script')
        args.push('--script');
    args.push('--exit-code');
    if (context.major >= 7)
        args.push('--config', requireConfig(context));
    return args;
}
function side(direction, target, context) {
    const flag = `--${direction}`;
    switch (target.kind) {
        case 'empty':
            return [`${flag}-empty`];
        case 'migrations':
            return [`${flag}-migrations`, target.dir];
        case 'schema':
            return context.major >= 7 ? [`${flag}-schema`, target.path] : [`${flag}-schema-datamodel`, target.path];
        case 'database':
            return context.major >= 7 ? [`${flag}-config-datasource`] : [`${flag}-url`, context.databaseUrl];
    }
}
/** `db push` of the schema to the engine's own database; never prompts (non-interactive). */
function pushArgs(context, force) {
    const args = ['db', 'push', '--schema', context.schemaPath];
    if (force)
        args.push('--accept-data-loss');
    if (context.major >= 7)
        args.push('--config', requireConfig(context));
    else
        args.push('--skip-generate');
    return args;
}
/** `migrate reset` of the engine's own database, without generators or seed. */
function resetArgs(context) {
    const args = ['migrate', 'reset', '--force', '--schema', context.schemaPath];
    if (context.major >= 7)
        args.push('--config', requireConfig(context));
    else
        args.push('--skip-generate', '--skip-seed');
    return args;
}
function requireConfig(context) {
    if (!context.configPath)
        throw new Error('Prisma 7 takes its URLs from a config file, and none was written.');
    return context.configPath;
}
/**
 * The temporary `prisma.config.ts` for Prisma 7: a plain object (Prisma accepts a default export
 * that has the `PrismaConfig` shape without `defineConfig`), so it imports nothing and can live in a
 * temporary folder. The user's own config is never read or written.
 */
function prisma7Config(input) {
    const config = {
        schema: input.schemaPath,
        ...(input.migrationsDir ? { migrations: { path: input.migrationsDir } } : {}),
        datasource: { url: input.databaseUrl, ...(input.shadowUrl ? { shadowDatabaseUrl: input.shadowUrl } : {}) },
    };
    return `// Written by prisma-schema-guard for one command, deleted right after.\nexport default ${JSON.stringify(config, null, 2)};\n`;
}

// EXTERNAL MODULE: ./.bundle/tsc/src/engine/cli/locate.js
var locate = __webpack_require__(66916);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/cli/output.js
/**
 * Reading what the Prisma CLI prints. Formats (see test/engine/stand-in/README.md for the sources):
 * - an error: `Error: ` + the error's message on stderr, exit code 1 (packages/cli/src/bin.ts); an
 *   engine error's message is `<code>\n\n<message>` (e.g. `P1003\n\nDatabase ... does not exist`);
 * - `migrate diff --exit-code`: 0 empty, 2 changes, 1 error; the script or summary on stdout;
 * - `db push`: `⚠️  There might be data loss when applying the changes:` then `  • <warning>` lines
 *   on stdout, and without `--accept-data-loss` in a non-interactive shell the error
 *   `Use the --accept-data-loss flag ...`; changes that cannot run: the error
 *   `⚠️ We found changes that cannot be executed:` with `  • <step>` lines.
 */

/** The error the CLI printed (the last `Error: ` block on stderr), or the whole output. */
function parseCliError(stderr, stdout = '') {
    const text = (0,external_node_util_.stripVTControlCharacters)(stderr).replace(/\r\n/g, '\n');
    const at = text.lastIndexOf('Error: ');
    const body = (at === -1 ? `${text}\n${(0,external_node_util_.stripVTControlCharacters)(stdout)}` : text.slice(at + 'Error: '.length)).trim();
    const coded = /^(P\d{4})\s*\n\s*\n?([\s\S]*)$/.exec(body);
    if (coded)
        return { code: coded[1], message: coded[2].trim() };
    const inline = /^(P\d{4}):?\s+([\s\S]*)$/.exec(body);
    if (inline)
        return { code: inline[1], message: inline[2].trim() };
    return { message: body || 'The Prisma CLI failed without a message.' };
}
function parseMigrationFailure(message) {
    const text = (0,external_node_util_.stripVTControlCharacters)(message).replace(/\r\n/g, '\n');
    const migration = /Migration `([^`]+)` failed to apply/.exec(text)?.[1] ?? /Migration name: `?([^`\n]+)`?/.exec(text)?.[1];
    const databaseCode = /Database error code: (\S+)/.exec(text)?.[1];
    let databaseMessage = /Database error:\n\s*([\s\S]*?)(?:\n\s*\n|$)/.exec(text)?.[1]?.trim();
    if (databaseMessage)
        databaseMessage = databaseMessage.replace(/^(?:db error: )?ERROR: /, '');
    const query = /query number (\d+) from the migration file/.exec(text)?.[1];
    return { migration, databaseCode, databaseMessage, queryNumber: query ? Number(query) : undefined };
}
/** `db push`'s outcome, in the same fields as the in-process engine's `schemaPush`. */
function parsePushOutput(stdout, stderr, exitCode) {
    const out = (0,external_node_util_.stripVTControlCharacters)(stdout).replace(/\r\n/g, '\n');
    const err = (0,external_node_util_.stripVTControlCharacters)(stderr).replace(/\r\n/g, '\n');
    const warnings = bulletsAfter(out, 'There might be data loss when applying the changes:');
    const unexecutable = bulletsAfter(`${out}\n${err}`, 'We found changes that cannot be executed:');
    if (exitCode !== 0) {
        // Stopped by its own warnings or unexecutable steps: an outcome, not a failure to run.
        if (unexecutable.length > 0)
            return { executedSteps: 0, warnings, unexecutable };
        if (warnings.length > 0 && /--accept-data-loss/.test(err))
            return { executedSteps: 0, warnings, unexecutable };
        return parseCliError(stderr, stdout);
    }
    // The CLI does not print a step count: "already in sync" means none ran, the rocket line that some did.
    const inSync = /already in sync with the Prisma schema/.test(out);
    return { executedSteps: inSync ? 0 : 1, warnings, unexecutable };
}
function bulletsAfter(text, heading) {
    const at = text.indexOf(heading);
    if (at === -1)
        return [];
    const items = [];
    for (const line of text.slice(at + heading.length).split('\n')) {
        const bullet = /^\s*•\s+(.*)$/.exec(line);
        if (bullet)
            items.push(bullet[1].trim());
        else if (line.trim() && items.length > 0)
            break;
    }
    return items;
}
function isCliError(value) {
    return 'message' in value;
}

;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/cli/version.js
function parsePrismaVersion(output) {
    const match = /^prisma\s*:\s*(\d+)\.(\d+)\.(\d+)(\S*)/m.exec(output);
    if (!match)
        return undefined;
    return { version: `${match[1]}.${match[2]}.${match[3]}${match[4]}`, major: Number(match[1]) };
}
/** The majors whose flags this tool maps (5 and 6 share them; 7 renamed them). */
const SUPPORTED_MAJORS = (/* unused pure expression or super */ null && ([5, 6, 7]));

// EXTERNAL MODULE: ./.bundle/tsc/src/util/promises.js
var promises = __webpack_require__(11881);
;// CONCATENATED MODULE: ./.bundle/tsc/src/engine/cli/cli-engine.js

















/** The environment variable the Prisma 5/6 schema's `url` is pointed at (never the user's own). */
const URL_VARIABLE = 'PSG_CLI_DATABASE_URL';
/**
 * Prisma's schema engine through the project's own Prisma CLI (`node_modules/.bin/prisma`), run
 * with `@actions/exec`: the only way to reach connectors the WebAssembly engine lacks (MySQL), and
 * the exact engine version the project pins. Everything it writes (schema copy, migrations copy,
 * Prisma 7 config) lives in one temporary folder, removed on `close()`.
 */
class CliEngine {
    options;
    prisma;
    version;
    folder;
    registration;
    provider;
    name = 'cli';
    calls = 0;
    constructor(options, prisma, version, folder, registration, provider) {
        this.options = options;
        this.prisma = prisma;
        this.version = version;
        this.folder = folder;
        this.registration = registration;
        this.provider = provider;
    }
    static async open(options) {
        const prisma = options.prisma ?? (0,locate/* findProjectPrisma */.j)(options.cwd);
        (0,redact/* registerSecret */.cl)(options.databaseUrl);
        if (options.shadowUrl)
            (0,redact/* registerSecret */.cl)(options.shadowUrl);
        const folder = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'psg_cli_'));
        const registration = (0,cleanup/* registerCleanup */.qE)(`temporary folder ${folder}`, () => (0,promises_.rm)(folder, { recursive: true, force: true }));
        try {
            const versions = options.versions ?? new Map();
            let known = versions.get(prisma);
            if (!known) {
                known = readVersion(prisma, folder);
                versions.set(prisma, known);
                known.catch(() => versions.delete(prisma));
                const version = await known;
                options.log?.(`Engine: the project's Prisma CLI ${version.version} (${prisma})`);
            }
            return new CliEngine(options, prisma, await known, folder, registration, (0,datasource/* findDatasource */.j6)(options.schema)?.provider);
        }
        catch (error) {
            await registration.run();
            throw error;
        }
    }
    async diff(from, to, format) {
        const call = await this.prepare([from, to]);
        const args = diffArgs(call.context, call.targets[0], call.targets[1], format);
        const result = await this.exec(args);
        if (result.exitCode === 0 || result.exitCode === 2)
            return { changed: result.exitCode === 2, text: result.stdout };
        const error = parseCliError(result.stderr, result.stdout);
        if (error.code === 'P3006')
            await this.reportMigrationFailure(error.message, [from, to]);
        throw new engine/* EngineError */.N(error.message, error.code);
    }
    async push(schema, options) {
        const call = await this.prepare([{ kind: 'schema', files: schema }]);
        const result = await this.exec(pushArgs(call.context, options.force));
        const outcome = parsePushOutput(result.stdout, result.stderr, result.exitCode);
        if (isCliError(outcome))
            throw new engine/* EngineError */.N(outcome.message, outcome.code);
        return outcome;
    }
    async reset() {
        const call = await this.prepare([{ kind: 'schema', files: this.options.schema }]);
        const result = await this.exec(resetArgs(call.context));
        if (result.exitCode !== 0) {
            const error = parseCliError(result.stderr, result.stdout);
            throw new engine/* EngineError */.N(error.message, error.code);
        }
    }
    async close() {
        await (0,promises/* orUndefined */.y)(this.registration.run());
    }
    /** Writes what one command reads into its own subfolder of the temporary folder. */
    async prepare(sources) {
        const dir = (0,external_node_path_.join)(this.folder, `call-${++this.calls}`);
        await (0,promises_.mkdir)(dir, { recursive: true });
        let schemaPath;
        let migrationsDir;
        const targets = [];
        for (const source of sources) {
            switch (source.kind) {
                case 'empty':
                    targets.push({ kind: 'empty' });
                    break;
                case 'database':
                    targets.push({ kind: 'database' });
                    break;
                case 'schema':
                    schemaPath = await this.writeSchema((0,external_node_path_.join)(dir, 'schema'), source.files);
                    targets.push({ kind: 'schema', path: schemaPath });
                    break;
                case 'migrations':
                    migrationsDir = await writeMigrations((0,external_node_path_.join)(dir, 'migrations'), source.history, this.provider);
                    targets.push({ kind: 'migrations', dir: migrationsDir });
                    break;
            }
        }
        // Every command needs a schema to name the provider (`--config-datasource`, `db push`).
        schemaPath ??= await this.writeSchema((0,external_node_path_.join)(dir, 'schema'), this.options.schema);
        const context = {
            major: this.version.major,
            schemaPath,
            databaseUrl: this.options.databaseUrl,
            shadowUrl: this.options.shadowUrl,
        };
        if (this.version.major >= 7) {
            context.configPath = (0,external_node_path_.join)(dir, 'prisma.config.ts');
            await (0,promises_.writeFile)(context.configPath, prisma7Config({ schemaPath, migrationsDir, databaseUrl: this.options.databaseUrl, shadowUrl: this.options.shadowUrl }));
        }
        return { context, targets };
    }
    async writeSchema(dir, files) {
        const adapted = adaptSchema(files, this.version.major);
        const base = commonDirectory(adapted.map((file) => file.path));
        for (const file of adapted) {
            const target = (0,external_node_path_.join)(dir, files.length === 1 ? (0,external_node_path_.basename)(file.path) : (0,external_node_path_.relative)(base, file.path));
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
            await (0,promises_.writeFile)(target, file.content);
        }
        return files.length === 1 ? (0,external_node_path_.join)(dir, (0,external_node_path_.basename)(adapted[0].path)) : dir;
    }
    exec(args) {
        return run(this.prisma, args, this.folder, { [URL_VARIABLE]: this.options.databaseUrl });
    }
    /**
     * Prisma names the failing migration and the database's error, and for MySQL the statement's
     * number ("query number N"): the observer gets the same failure the in-process adapter reports.
     */
    async reportMigrationFailure(message, sources) {
        if (!this.options.observer)
            return;
        const details = parseMigrationFailure(message);
        const history = sources.find((source) => source.kind === 'migrations')?.history;
        const migration = history?.migrations.find((candidate) => candidate.name === details.migration);
        if (!migration)
            return;
        let statementStart = 0;
        let statement = migration.sql;
        if (details.queryNumber) {
            // Cut as the provider's database reads it; a schema without a datasource is PostgreSQL's, as everywhere.
            const statements = (await (0,dialect/* dialectOf */.E)(this.provider ?? 'postgresql')
                ?.splitStatements(migration.sql)
                .catch(() => [])) ?? [];
            const failing = statements[details.queryNumber - 1];
            if (failing)
                ({ start: statementStart, text: statement } = failing);
        }
        this.options.observer.onScriptFailure({
            script: migration.sql,
            statementStart,
            statement,
            error: { code: details.databaseCode ?? '', message: details.databaseMessage ?? innerError(message) },
        });
    }
}
async function readVersion(prisma, cwd) {
    const result = await run(prisma, ['--version'], cwd, {});
    const version = parsePrismaVersion(result.stdout);
    if (!version)
        throw new errors/* UsageError */.e(`Could not read the Prisma version from \`${prisma} --version\` (exit code ${result.exitCode}): ${(result.stderr || result.stdout).trim().slice(0, 300)}`);
    if (version.major < 5 || version.major > 7) {
        throw new errors/* UsageError */.e(`The project's Prisma CLI is version ${version.version}; the cli engine maps the flags of Prisma 5, 6 and 7.`, 'Use Prisma 5, 6 or 7, or engine: wasm for PostgreSQL and SQLite.');
    }
    return version;
}
/** P3006's inner error: the text after its "Migration ... failed to apply" and "Error:" lines. */
function innerError(message) {
    return message
        .replace(/^Migration `[^`]+` failed to apply cleanly to the shadow database\.\s*\n(?:Error code: \S+\n)?Error:\n/, '')
        .trim();
}
async function run(prisma, args, cwd, env) {
    return (0,exec/* getExecOutput */.H)(prisma, args, {
        cwd,
        // Silent: the command line carries URLs (Prisma 5/6 flags), which must never be echoed.
        silent: true,
        ignoreReturnCode: true,
        env: {
            ...process.env,
            ...env,
            PRISMA_HIDE_UPDATE_MESSAGE: '1',
            CHECKPOINT_DISABLE: '1',
            NO_COLOR: '1',
            FORCE_COLOR: '0',
        },
    });
}
/**
 * The schema in the installed major's syntax. Prisma 7 rejects `url`, `directUrl` and
 * `shadowDatabaseUrl` in `datasource` (P1012), so they are blanked line for line; Prisma 5/6 needs a
 * `url`, pointed at an environment variable this process sets, so no URL is written to disk.
 */
function adaptSchema(files, major) {
    const { files: normalised, removed } = (0,normalise/* normaliseSchema */.e)(files);
    if (major >= 7)
        return normalised;
    return normalised.map((file) => {
        if (!(0,datasource/* findDatasource */.j6)([file]))
            return file;
        const lines = file.content.split('\n');
        const urlLine = removed.find((entry) => entry.file === file.path && entry.setting === 'url')?.line;
        const setting = `  url = env("${URL_VARIABLE}")`;
        if (urlLine)
            lines[urlLine - 1] = setting;
        else {
            const provider = (0,datasource/* findDatasource */.j6)([file]).line;
            lines.splice(provider, 0, setting);
        }
        return { path: file.path, content: lines.join('\n') };
    });
}
async function writeMigrations(dir, history, provider) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const lock = history.lockfile.content ?? `provider = "${provider ?? 'postgresql'}"\n`;
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'migration_lock.toml'), lock);
    for (const migration of history.migrations) {
        await (0,promises_.mkdir)((0,external_node_path_.join)(dir, migration.name), { recursive: true });
        await (0,promises_.writeFile)((0,external_node_path_.join)(dir, migration.name, 'migration.sql'), migration.sql);
    }
    return dir;
}
function commonDirectory(paths) {
    if (paths.length === 0)
        return '.';
    let common = (0,external_node_path_.dirname)(paths[0]);
    for (const path of paths.slice(1)) {
        while (common !== '.' && common !== '/' && !`${path}`.startsWith(`${common}/`))
            common = (0,external_node_path_.dirname)(common);
    }
    return common === '.' ? '' : common;
}


/***/ })

};
