import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 692;
export const ids = [692,355];
export const modules = {

/***/ 19692:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SqlJsAdapterFactory: () => (/* binding */ SqlJsAdapterFactory)
/* harmony export */ });
/* unused harmony export SqlJsAdapter */
/* harmony import */ var _prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40617);
/* harmony import */ var _load_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58355);


const ADAPTER_NAME = 'prisma-schema-guard-sqljs';
/** SQLITE_ERROR: sql.js reports errors as messages only. */
const SQLITE_ERROR = 1;
function raise(error) {
    const message = error?.message ?? String(error);
    throw new _prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_1__/* .DriverAdapterError */ .sL({ kind: 'sqlite', extendedCode: SQLITE_ERROR, message });
}
/**
 * Column types without declared types (sql.js does not expose them): inferred from the first
 * non-NULL value, as `@prisma/adapter-better-sqlite3` does for expressions and pragmas; a column of
 * NULLs only is Int32, as quaint does.
 */
function columnTypes(rows, width) {
    const types = [];
    for (let column = 0; column < width; column++) {
        const value = rows.find((row) => row[column] !== null && row[column] !== undefined)?.[column];
        if (typeof value === 'string')
            types.push(_prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_1__/* .ColumnTypeEnum */ .UE.Text);
        else if (typeof value === 'number')
            types.push(_prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_1__/* .ColumnTypeEnum */ .UE.UnknownNumber);
        else if (value instanceof Uint8Array)
            types.push(_prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_1__/* .ColumnTypeEnum */ .UE.Bytes);
        else
            types.push(_prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_1__/* .ColumnTypeEnum */ .UE.Int32);
    }
    return types;
}
function toSqlValue(arg) {
    if (arg === null || arg === undefined)
        return null;
    if (typeof arg === 'boolean')
        return arg ? 1 : 0;
    if (typeof arg === 'bigint')
        return Number(arg);
    if (arg instanceof Date)
        return arg.toISOString().replace('Z', '+00:00');
    if (typeof arg === 'number' || typeof arg === 'string' || arg instanceof Uint8Array)
        return arg;
    return JSON.stringify(arg);
}
class SqlJsQueryable {
    db;
    observer;
    provider = 'sqlite';
    adapterName = ADAPTER_NAME;
    constructor(db, observer) {
        this.db = db;
        this.observer = observer;
    }
    async queryRaw(query) {
        let statement;
        try {
            statement = this.db.prepare(query.sql);
        }
        catch (error) {
            raise(error);
        }
        try {
            statement.bind(query.args.map(toSqlValue));
            const rows = [];
            while (statement.step())
                rows.push(statement.get());
            const columnNames = statement.getColumnNames();
            return { columnNames, columnTypes: columnTypes(rows, columnNames.length), rows };
        }
        catch (error) {
            raise(error);
        }
        finally {
            statement.free();
        }
    }
    /**
     * The engine sends each whole migration here, with no arguments: argument-less SQL runs as a
     * script (statement by statement, as the SQLite CLI does). A statement that fails is reported
     * with its place in the script; the ones before it stay applied, as with Prisma's own connector.
     */
    async executeRaw(query) {
        if (query.args.length > 0) {
            await this.queryRaw(query);
            return this.db.getRowsModified();
        }
        this.runScript(query.sql);
        return this.db.getRowsModified();
    }
    runScript(script) {
        this.observer?.onScriptStart?.(script);
        const statements = this.db.iterateStatements(script);
        let start = 0;
        for (;;) {
            let next;
            try {
                start = script.length - statements.getRemainingSQL().length;
                next = statements.next();
            }
            catch (error) {
                this.report(script, start, error);
                raise(error);
            }
            if (next.done)
                return;
            const statement = next.value;
            try {
                while (statement.step()) {
                    // Rows of a statement in a script are discarded, as the SQLite CLI would print and forget them.
                }
            }
            catch (error) {
                this.report(script, start, error);
                raise(error);
            }
            finally {
                statement.free();
            }
        }
    }
    report(script, rawStart, error) {
        if (!this.observer)
            return;
        const rest = script.slice(rawStart);
        const skipped = rest.length - rest.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '').length;
        const statementStart = rawStart + skipped;
        const end = script.indexOf(';', statementStart);
        const statement = script.slice(statementStart, end === -1 ? undefined : end).trim();
        this.observer.onScriptFailure({
            script,
            statementStart,
            statement,
            error: { code: 'SQLITE_ERROR', message: error?.message ?? String(error) },
        });
    }
}
class SqlJsTransaction extends SqlJsQueryable {
    options = { usePhantomQuery: false };
    async commit() {
        this.db.exec('COMMIT');
    }
    async rollback() {
        this.db.exec('ROLLBACK');
    }
}
class SqlJsAdapter extends SqlJsQueryable {
    async executeScript(script) {
        this.runScript(script);
    }
    async startTransaction() {
        try {
            this.db.exec('BEGIN');
        }
        catch (error) {
            raise(error);
        }
        return new SqlJsTransaction(this.db, this.observer);
    }
    getConnectionInfo() {
        return { supportsRelationJoins: false };
    }
    /** The database belongs to the factory (main and shadow may be one in-memory database). */
    async dispose() { }
}
/**
 * Hands the engine an in-memory SQLite database (sql.js) as both its main database and its shadow:
 * no server, no file. The check replays into the shadow and then reads the same database, as it does
 * on PostgreSQL. `dispose()` closes it.
 *
 * Given `main` (a SQLite file's bytes, for `drift`), the main database is an in-memory copy of those
 * bytes and the shadow a separate, empty in-memory database: nothing the engine does reaches the file.
 */
class SqlJsAdapterFactory {
    observer;
    options;
    provider = 'sqlite';
    adapterName = ADAPTER_NAME;
    db;
    shadow;
    constructor(observer, options = {}) {
        this.observer = observer;
        this.options = options;
    }
    async connect() {
        return new SqlJsAdapter(await this.database(), this.observer);
    }
    async connectToShadowDb() {
        if (!this.options.main)
            return new SqlJsAdapter(await this.database(), this.observer);
        this.shadow ??= await openDatabase();
        return new SqlJsAdapter(this.shadow, this.observer);
    }
    /**
     * The main database's bytes now (for `preview`, which writes them back to the file); undefined
     * before the engine connected. sql.js reopens the database to export it: its pragmas are set again.
     */
    exportMain() {
        if (!this.db)
            return undefined;
        const bytes = this.db.export();
        this.db.exec('PRAGMA foreign_keys = ON');
        return bytes;
    }
    async dispose() {
        this.db?.close();
        this.db = undefined;
        this.shadow?.close();
        this.shadow = undefined;
    }
    async database() {
        this.db ??= await openDatabase(this.options.main);
        return this.db;
    }
}
/** An in-memory database, empty or a copy of a file's bytes (sql.js copies them: the caller's stay as they are). */
async function openDatabase(bytes) {
    const SQL = await (0,_load_js__WEBPACK_IMPORTED_MODULE_0__.loadSqlite)();
    const db = new SQL.Database(bytes);
    db.exec('PRAGMA foreign_keys = ON');
    return db;
}


/***/ }),

/***/ 58355:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadSqlite: () => (/* binding */ loadSqlite)
/* harmony export */ });
/* unused harmony export SQLITE_WASM_FILE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(98995);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73136);




/**
 * SQLite compiled to WebAssembly (sql.js), loaded once per process. The module's own loader looks
 * for `sql-wasm.wasm` beside its script, which inside the bundle in dist/ is not there: the bytes
 * are read from beside this module (where the build copies the `.wasm`) or from node_modules, and
 * handed over as `wasmBinary`.
 */
const SQLITE_WASM_FILE = 'sql-wasm.wasm';
let loaded;
function wasmPath() {
    const beside = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url)), SQLITE_WASM_FILE);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(beside))
        return beside;
    return (0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.resolve(`sql.js/dist/${SQLITE_WASM_FILE}`));
}
function loadSqlite() {
    loaded ??= (async () => {
        const bytes = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(wasmPath());
        return loader()({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    })();
    return loaded;
}
/** sql.js's own loader file, copied beside the bundle in dist/ (see scripts/runtime-files.mjs). */
const LOADER_FILE = 'sql-wasm.cjs';
/**
 * sql.js's Emscripten loader, required at run time: bundled into dist/'s ES module, its Node branch
 * assigns to an undefined `module` ("Cannot set properties of undefined"), so the bundle carries the
 * file as is beside it. From the sources (tsc build, tests) it is the package's own.
 */
function loader() {
    const here = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url));
    const load = (0,node_module__WEBPACK_IMPORTED_MODULE_1__.createRequire)(import.meta.url);
    const beside = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(here, LOADER_FILE);
    const target = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(beside) ? beside : ['sql.js'].join('');
    return load(target);
}


/***/ })

};
