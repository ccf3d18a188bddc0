import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 216;
export const ids = [216];
export const modules = {

/***/ 98216:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   withWholeDatabaseFallback: () => (/* binding */ withWholeDatabaseFallback)
/* harmony export */ });
/* unused harmony export WholeDatabaseShadow */
/* harmony import */ var _lifecycle_cleanup_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27497);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5588);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92003);
/* harmony import */ var _sql_quote_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8765);
/* harmony import */ var _util_promises_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(11881);





/**
 * A shadow that is one whole database given by URL, for servers that do not grant
 * `CREATE DATABASE` (PlanetScale/Vitess, many managed plans). It is used as-is only when it is
 * empty (never a database with data: that would be a database the user did not hand over for
 * writing), and emptied again after each use, on success and on failure.
 */
class WholeDatabaseShadow {
    url;
    inputName;
    kind = 'url';
    startupMs = 0;
    description;
    registration;
    database;
    constructor(url, inputName = "Input 'shadow-database-url'") {
        this.url = url;
        this.inputName = inputName;
        const parsed = (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .parseMysqlUrl */ .LM)(url);
        this.database = (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .databaseOf */ .zJ)(url);
        if (!parsed || !this.database) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .e(`${inputName}: without the right to create databases, the shadow must be a whole, empty database: give a URL that names one (mysql://USER:PASSWORD@HOST:3306/shadow).`);
        }
        this.description = `${parsed.hostname}:${parsed.port || '3306'}/${this.database} (whole database)`;
    }
    async createDatabase() {
        const connection = await (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .connectMysql */ .xo)(this.url, this.inputName);
        try {
            const objects = await objectsIn(connection, this.database);
            if (objects.length > 0) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .e(`${this.inputName}: the database "${this.database}" is not empty (${objects
                    .slice(0, 5)
                    .map((o) => o.name)
                    .join(', ')}${objects.length > 5 ? ', …' : ''}); a shadow database is emptied after every use, so only an empty one is accepted.`, 'Create a separate, empty database (or PlanetScale branch) for the shadow and pass its URL.');
            }
        }
        finally {
            await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_3__/* .orUndefined */ .y)(connection.end());
        }
        this.registration = (0,_lifecycle_cleanup_js__WEBPACK_IMPORTED_MODULE_0__/* .registerCleanup */ .qE)(`shadow database ${this.database} (emptied)`, () => this.empty());
        return { name: this.database, url: this.url };
    }
    async dropDatabase() {
        const registration = this.registration;
        this.registration = undefined;
        if (registration)
            await registration.run();
        else
            await this.empty();
    }
    async close() {
        await this.dropDatabase();
    }
    /** Drops every table, view, routine, trigger and event the replay created. */
    async empty() {
        const connection = await (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .connectMysql */ .xo)(this.url, this.inputName);
        try {
            await connection.query('SET FOREIGN_KEY_CHECKS = 0');
            for (const object of await objectsIn(connection, this.database)) {
                await connection.query(`DROP ${object.type} IF EXISTS ${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteMysqlIdent */ .p1)(this.database)}.${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteMysqlIdent */ .p1)(object.name)}`);
            }
        }
        finally {
            await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_3__/* .orUndefined */ .y)(connection.end());
        }
    }
}
async function objectsIn(connection, database) {
    const [rows] = await connection.query(`SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE') AS type, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
     UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
     UNION ALL SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
     UNION ALL SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`, [database, database, database, database]);
    // Views first: a table under a view can then be dropped without warnings.
    return rows.sort((a, b) => Number(b.type === 'VIEW') - Number(a.type === 'VIEW'));
}
/**
 * A MySQL shadow server that falls back to the URL's own database, used whole, when the user may
 * not create databases (PlanetScale, managed plans): the same check, on the one database the user
 * handed over for it, which must be empty.
 */
function withWholeDatabaseFallback(server, url, inputName, log) {
    let whole;
    return {
        kind: server.kind,
        get description() {
            return whole?.description ?? server.description;
        },
        startupMs: server.startupMs,
        async createDatabase() {
            try {
                return await server.createDatabase();
            }
            catch (error) {
                if (!(error instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .e && /may not create databases/.test(error.message)) || !(0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .databaseOf */ .zJ)(url))
                    throw error;
                log?.(`${error.message} Using the database "${(0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .databaseOf */ .zJ)(url)}" of the URL as the shadow, whole (it must be empty; it is emptied afterwards).`);
                whole = new WholeDatabaseShadow(url, inputName);
                return whole.createDatabase();
            }
        },
        async dropDatabase(database) {
            if (whole && database.name === (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .databaseOf */ .zJ)(url))
                return whole.dropDatabase();
            return server.dropDatabase(database);
        },
        async close() {
            await whole?.close();
            await server.close();
        },
    };
}


/***/ })

};
