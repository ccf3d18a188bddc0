import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 163;
export const ids = [163];
export const modules = {

/***/ 15163:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MysqlMeasurements: () => (/* binding */ MysqlMeasurements),
/* harmony export */   castTargetOf: () => (/* binding */ castTargetOf),
/* harmony export */   currentMysqlColumns: () => (/* binding */ currentMysqlColumns),
/* harmony export */   measureMysql: () => (/* binding */ measureMysql)
/* harmony export */ });
/* harmony import */ var _plan_measurements_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(79763);
/* harmony import */ var _plan_mysql_changes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19246);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5588);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92003);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(45928);
/* harmony import */ var _sql_quote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8765);
/* harmony import */ var _util_promises_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(11881);







/**
 * Read-only measurements for the data-loss plan, on MySQL and MariaDB: every query runs inside a
 * `START TRANSACTION READ ONLY` that is rolled back, so nothing can be written even by mistake.
 */
class MysqlMeasurements {
    connection;
    info;
    constructor(connection, info) {
        this.connection = connection;
        this.info = info;
    }
    static async open(url, what = "Input 'database-url'", options = {}) {
        const connection = await (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .connectMysql */ .xo)(url, what);
        try {
            const info = await (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .serverInfo */ .CR)(connection);
            if (options.timeoutMs) {
                // Older servers lack the variable: the counts then run unbounded, as before.
                const limit = info.flavor === 'mariadb'
                    ? `max_statement_time = ${options.timeoutMs / 1000}`
                    : `max_execution_time = ${Math.round(options.timeoutMs)}`;
                await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_4__/* .orUndefined */ .y)(connection.query(`SET SESSION ${limit}`));
            }
            await connection.query('START TRANSACTION READ ONLY');
            return new MysqlMeasurements(connection, info);
        }
        catch (error) {
            await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_4__/* .orUndefined */ .y)(connection.end());
            throw error;
        }
    }
    async close() {
        await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_4__/* .orUndefined */ .y)(this.connection.query('ROLLBACK'));
        await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_4__/* .orUndefined */ .y)(this.connection.end());
    }
    /** Rows of a table (a table that is dropped loses them all). */
    async rowCount(table) {
        return this.count(`SELECT COUNT(*) AS n FROM ${this.table(table)}`);
    }
    /** Non-NULL values in a column (a dropped column loses them). */
    async nonNullCount(table, column) {
        return this.count(`SELECT COUNT(${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteMysqlIdent */ .p1)(column)}) AS n FROM ${this.table(table)}`);
    }
    /** NULLs in a column that is about to become required. */
    async nullCount(table, column) {
        return this.count(`SELECT COUNT(*) AS n FROM ${this.table(table)} WHERE ${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteMysqlIdent */ .p1)(column)} IS NULL`);
    }
    /**
     * Values that occur more than once in the columns of a new unique index: how many groups and how
     * many rows they hold (rows with a NULL in any column never collide, as in MySQL's unique indexes).
     */
    async duplicateGroups(table, columns) {
        const list = columns.map(_sql_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteMysqlIdent */ .p1).join(', ');
        const notNull = columns.map((column) => `${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteMysqlIdent */ .p1)(column)} IS NOT NULL`).join(' AND ');
        const [rows] = await this.connection.query(`SELECT COUNT(*) AS groups_, COALESCE(SUM(n), 0) AS rows_ FROM (SELECT COUNT(*) AS n FROM ${this.table(table)} WHERE ${notNull} GROUP BY ${list} HAVING COUNT(*) > 1) AS d`);
        const row = rows[0];
        return { groups: Number(row.groups_), rows: Number(row.rows_) };
    }
    /** Non-NULL values of a column that the new type cannot hold (the cast would fail or truncate). */
    async failedCasts(table, column, target) {
        const c = (0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteMysqlIdent */ .p1)(column);
        const text = `TRIM(CAST(${c} AS CHAR))`;
        let failing;
        switch (target.kind) {
            case 'integer':
                failing = `${text} NOT REGEXP '${target.unsigned ? '^[+]?[0-9]+$' : '^[+-]?[0-9]+$'}'`;
                // Well-formed but out of the type's range (a TINYINT holds -128..127): strict mode rejects it.
                if (target.range && target.range.every((bound) => /^-?\d+$/.test(bound)))
                    failing += ` OR CAST(${text} AS DECIMAL(65,0)) NOT BETWEEN ${target.range[0]} AND ${target.range[1]}`;
                break;
            case 'float':
                failing = `${text} NOT REGEXP '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'`;
                break;
            case 'enum':
                failing = `CAST(${c} AS CHAR) NOT IN (${target.values.map(stringLiteral).join(', ') || "''"})`;
                break;
            case 'decimal': {
                const whole = Math.max(target.precision - target.scale, 0);
                failing = `${text} NOT REGEXP '^[+-]?[0-9]{0,${whole}}(\\\\.[0-9]{0,${target.scale}})?$' OR ${text} IN ('', '+', '-', '.')`;
                break;
            }
            case 'datetime':
                failing = `COALESCE(STR_TO_DATE(${text}, '%Y-%m-%d %H:%i:%s.%f'), STR_TO_DATE(${text}, '%Y-%m-%d %H:%i:%s'), STR_TO_DATE(${text}, '%Y-%m-%d')) IS NULL`;
                break;
            case 'json':
                failing = `NOT JSON_VALID(${c})`;
                break;
            case 'varchar':
                failing = `CHAR_LENGTH(CAST(${c} AS CHAR)) > ${Math.trunc(target.length)}`;
                break;
        }
        return this.count(`SELECT COUNT(*) AS n FROM ${this.table(table)} WHERE ${c} IS NOT NULL AND (${failing})`);
    }
    /**
     * The columns of some tables as they are now (`COLUMN_TYPE`, nullability): what a `MODIFY` that
     * restates them changes. MariaDB's JSON is a LONGTEXT with a `json_valid` check: reported as `json`.
     */
    async columns(tables) {
        if (tables.length === 0)
            return [];
        const names = [...new Set(tables.map((table) => (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .storedTableName */ .Ze)(table, this.info)))];
        const [rows] = await this.connection.query('SELECT TABLE_NAME AS tableName, COLUMN_NAME AS columnName, COLUMN_TYPE AS columnType, IS_NULLABLE AS isNullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)', [names]);
        const json = new Set();
        if (this.info.flavor === 'mariadb') {
            const [checks] = await this.connection
                .query('SELECT TABLE_NAME AS tableName, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME IN (?)', [names])
                .catch(() => [[]]);
            for (const check of checks) {
                const column = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(check.clause.trim())?.[1];
                if (column)
                    json.add(`${check.tableName}\u0000${column.replace(/``/g, '`').toLowerCase()}`);
            }
        }
        return rows.map((row) => {
            const type = String(row.columnType);
            const isJson = /^longtext$/i.test(type) && json.has(`${row.tableName}\u0000${row.columnName.toLowerCase()}`);
            return { table: row.tableName, column: row.columnName, type: isJson ? 'json' : type, nullable: row.isNullable === 'YES' };
        });
    }
    table(name) {
        return (0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quoteMysqlIdent */ .p1)((0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .storedTableName */ .Ze)(name, this.info));
    }
    async count(sql) {
        const [rows] = await this.connection.query(sql);
        return Number(rows[0].n);
    }
}
function stringLiteral(text) {
    return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
const INTEGER_BITS = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, integer: 32, bigint: 64 };
const TEXT_LENGTH = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295 };
/**
 * What a type Prisma writes (`INTEGER`, `VARCHAR(191)`, `DECIMAL(65, 30)`, `ENUM('A', 'B')`, `BOOLEAN`)
 * can hold, for counting the values that would not convert; undefined for a type these counts do not
 * cover (binary, bit, time, year, spatial).
 */
function castTargetOf(type) {
    const match = /^\s*([A-Za-z]+)(?:\s+(?:PRECISION|VARYING))?\s*(?:\(([\s\S]*)\))?((?:\s+[A-Za-z]+)*)\s*$/i.exec(type);
    if (!match)
        return undefined;
    const name = match[1].toLowerCase();
    const args = match[2]?.trim();
    const words = (match[3] ?? '').toLowerCase();
    const numbers = (args ?? '').split(',').map((part) => Number(part.trim()));
    if (name === 'boolean' || name === 'bool')
        return { kind: 'integer', range: ['-128', '127'] };
    const bits = INTEGER_BITS[name];
    if (bits) {
        const unsigned = /\b(unsigned|zerofill)\b/.test(words);
        const range = unsigned
            ? ['0', (2n ** BigInt(bits) - 1n).toString()]
            : [(-(2n ** BigInt(bits - 1))).toString(), (2n ** BigInt(bits - 1) - 1n).toString()];
        return { kind: 'integer', unsigned, range };
    }
    if (['decimal', 'dec', 'numeric', 'fixed'].includes(name))
        return { kind: 'decimal', precision: args ? numbers[0] : 10, scale: args && numbers.length > 1 ? numbers[1] : 0 };
    if (['float', 'double', 'real'].includes(name))
        return { kind: 'float' };
    if (['datetime', 'timestamp', 'date'].includes(name))
        return { kind: 'datetime' };
    if (name === 'json')
        return { kind: 'json' };
    if (name === 'varchar' || name === 'char' || name === 'character')
        return { kind: 'varchar', length: args ? numbers[0] : 1 };
    const text = TEXT_LENGTH[name];
    if (text)
        return { kind: 'varchar', length: text };
    if (name === 'enum' && args !== undefined)
        return {
            kind: 'enum',
            values: [...args.matchAll(/'((?:[^'\\]|\\.|'')*)'/g)].map((value) => value[1].replace(/''/g, "'").replace(/\\(.)/g, '$1')),
        };
    return undefined;
}
const STATEMENT_TIMEOUT_MS = 30_000;
/**
 * Counts for the data-loss plan on MySQL/MariaDB, in one `READ ONLY` transaction that is rolled
 * back, each query bounded by a timeout. A table or column the same plan creates (errors 1146 and
 * 1054) is reported missing; any other failure as not measured, never guessed.
 */
async function measureMysql(url, measurements, what = "Input 'database-url'") {
    const results = new Map();
    if (measurements.length === 0)
        return results;
    const counts = await MysqlMeasurements.open(url, what, { timeoutMs: STATEMENT_TIMEOUT_MS });
    try {
        for (const measurement of measurements) {
            let measured;
            try {
                measured = await measureOne(counts, measurement);
            }
            catch (error) {
                measured =
                    (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .isMysqlServerError */ ._4)(error) && error.errno === 1146
                        ? { missing: 'table' }
                        : (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .isMysqlServerError */ ._4)(error) && error.errno === 1054
                            ? { missing: 'column' }
                            : { error: reason(error) };
            }
            results.set((0,_plan_measurements_js__WEBPACK_IMPORTED_MODULE_6__/* .measurementKey */ .gu)(measurement), measured);
        }
    }
    finally {
        await counts.close();
    }
    return results;
}
async function measureOne(counts, measurement) {
    // Prisma's MySQL scripts never name another database; a table that does is not counted here.
    if (measurement.table.schema)
        return { error: `\`${measurement.table.schema}\` is another database` };
    const table = measurement.table.name;
    switch (measurement.kind) {
        case 'rows':
            return { count: await counts.rowCount(table) };
        case 'non-null':
            return { count: await counts.nonNullCount(table, measurement.column) };
        case 'nulls':
            return { count: await counts.nullCount(table, measurement.column) };
        case 'duplicate-groups': {
            const { groups, rows } = await counts.duplicateGroups(table, measurement.columns);
            return { count: groups, rows };
        }
        case 'uncastable': {
            const target = castTargetOf(measurement.type);
            if (!target)
                return { error: `values are not checked against ${measurement.type}` };
            return { count: await counts.failedCasts(table, measurement.column, target) };
        }
    }
}
function reason(error) {
    // MariaDB 1969 (max_statement_time), MySQL 3024 (max_execution_time).
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .isMysqlServerError */ ._4)(error) && (error.errno === 1969 || error.errno === 3024))
        return `the count took longer than ${STATEMENT_TIMEOUT_MS / 1000} s`;
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .isMysqlServerError */ ._4)(error) ? error.sqlMessage : (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error);
}
/** The current definitions of the columns `MODIFY` clauses restate, read in a read-only transaction. */
async function currentMysqlColumns(url, restated, what = "Input 'database-url'") {
    const current = new Map();
    const tables = [...new Set(restated.filter((column) => !column.table.schema).map((column) => column.table.name))];
    if (tables.length === 0)
        return current;
    const counts = await MysqlMeasurements.open(url, what);
    try {
        for (const column of await counts.columns(tables))
            current.set((0,_plan_mysql_changes_js__WEBPACK_IMPORTED_MODULE_0__/* .columnKey */ .qN)(column.table, column.column), { type: column.type, nullable: column.nullable });
    }
    finally {
        await counts.close();
    }
    return current;
}


/***/ })

};
