import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 180;
export const ids = [180];
export const modules = {

/***/ 74180:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MysqlPreviewServer: () => (/* binding */ MysqlPreviewServer),
/* harmony export */   grantPattern: () => (/* binding */ grantPattern)
/* harmony export */ });
/* harmony import */ var _database_mysql_connection_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92003);
/* harmony import */ var _database_mysql_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(45928);
/* harmony import */ var _shadow_mysql_server_url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7729);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5588);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(11558);
/* harmony import */ var _database_server_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(24894);
/* harmony import */ var _sql_quote_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8765);
/* harmony import */ var _util_promises_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(11881);








class MysqlPreviewServer {
    url;
    inputName;
    options;
    description;
    user;
    constructor(url, inputName = "Input 'preview-database-url'", 
    /** `preview-database-name`, for the GRANT a missing privilege needs. */
    options = {}) {
        this.url = url;
        this.inputName = inputName;
        this.options = options;
        const parsed = (0,_database_mysql_connection_js__WEBPACK_IMPORTED_MODULE_0__/* .parseMysqlUrl */ .LM)(url);
        if (!parsed)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e(`${inputName}: expected a MySQL server URL like mysql://user:password@host:3306, got ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .redactUrls */ .sK)(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`);
        this.description = `${parsed.hostname}:${parsed.port || '3306'}`;
        this.user = decodeURIComponent(parsed.username) || 'root';
    }
    /** The preview database's URL, spelled `mysql://` (what Prisma's MySQL connector reads). */
    databaseUrl(name) {
        return (0,_shadow_mysql_server_url_js__WEBPACK_IMPORTED_MODULE_2__/* .withMysqlDatabase */ .W)(this.url, name);
    }
    async exists(name) {
        return this.admin((connection) => existsOn(connection, name));
    }
    async ensure(name, options) {
        if (options.template) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e(`${options.templateInput ?? "Input 'preview-template'"}: MySQL and MariaDB have no database templates (CREATE DATABASE … TEMPLATE is PostgreSQL's).`, "Fill a new preview database with 'preview-seed-command' instead: it runs once after the first push, with DATABASE_URL set to the new database.");
        }
        const url = this.databaseUrl(name);
        return this.admin(async (connection) => {
            if (await existsOn(connection, name))
                return { url, created: false };
            const comments = await hasDatabaseComments(connection);
            try {
                await connection.query(`CREATE DATABASE ${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteMysqlIdent */ .p1)(name)}${comments ? ' COMMENT ?' : ''}`, comments ? [(0,_database_server_js__WEBPACK_IMPORTED_MODULE_5__/* .marker */ .xL)(options.pullRequest)] : []);
            }
            catch (error) {
                if ((0,_database_mysql_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isMysqlServerError */ ._4)(error) && error.errno === 1007)
                    return { url, created: false }; // another run created it
                throw error;
            }
            if (comments)
                return { url, created: true };
            const { version } = await (0,_database_mysql_connection_js__WEBPACK_IMPORTED_MODULE_0__/* .serverInfo */ .CR)(connection);
            return {
                url,
                created: true,
                note: `${unmarkable(version)}, so \`${name}\` cannot be marked as this action's: it will not be dropped when the pull request closes; drop it by hand then (\`\` DROP DATABASE \`${name}\`; \`\`), or use MariaDB 10.5+ as the preview server.`,
            };
        });
    }
    async ownership(name, pullRequest) {
        return this.admin(async (connection) => {
            if (!(await hasDatabaseComments(connection))) {
                const { version } = await (0,_database_mysql_connection_js__WEBPACK_IMPORTED_MODULE_0__/* .serverInfo */ .CR)(connection);
                return {
                    owned: false,
                    keptBecause: `${unmarkable(version)}, so this action cannot prove it created it; drop it by hand when it is no longer needed (\`\` DROP DATABASE \`${name}\`; \`\`), or use MariaDB 10.5+ as the preview server, where the action marks its databases and drops them`,
                };
            }
            const [rows] = await connection.query('SELECT SCHEMA_COMMENT AS comment FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
                name,
            ]);
            if (rows[0]?.comment === (0,_database_server_js__WEBPACK_IMPORTED_MODULE_5__/* .marker */ .xL)(pullRequest))
                return { owned: true };
            return { owned: false, keptBecause: `this action did not create it (its comment does not name pull request #${pullRequest})` };
        });
    }
    /** The mark again on a database Prisma's reset re-created (call it only for a database that was this tool's). */
    async remark(name, pullRequest) {
        await this.admin(async (connection) => {
            if (await hasDatabaseComments(connection))
                await connection.query(`ALTER DATABASE ${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteMysqlIdent */ .p1)(name)} COMMENT = ?`, [(0,_database_server_js__WEBPACK_IMPORTED_MODULE_5__/* .marker */ .xL)(pullRequest)]);
        });
    }
    async drop(name) {
        await this.admin((connection) => connection.query(`DROP DATABASE IF EXISTS ${(0,_sql_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteMysqlIdent */ .p1)(name)}`));
    }
    /** One connection to the server (no database selected) for one piece of work. */
    async admin(work) {
        const connection = await (0,_database_mysql_connection_js__WEBPACK_IMPORTED_MODULE_0__/* .connectMysql */ .xo)((0,_shadow_mysql_server_url_js__WEBPACK_IMPORTED_MODULE_2__/* .withMysqlDatabase */ .W)(this.url, ''), this.inputName);
        try {
            return await work(connection);
        }
        catch (error) {
            if ((0,_database_mysql_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isNotGranted */ .Hx)(error) && (0,_database_mysql_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isMysqlServerError */ ._4)(error)) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e(`${this.inputName}: the user "${this.user}" may not create or drop databases on ${this.description} (${error.sqlMessage}).`, `Grant it CREATE and DROP on the preview databases (the action creates one per pull request and drops it when the pull request closes), with what \`db push\` and a seed need inside them: GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON \`${grantPattern(this.options.nameTemplate)}\`.* TO '${this.user}'@'%';`);
            }
            throw error;
        }
        finally {
            await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_7__/* .orUndefined */ .y)(connection.end());
        }
    }
}
/**
 * The database-name pattern of a `GRANT` that covers every preview database of a name template:
 * `preview_pr_<number>` → `preview\_pr\_%` (`_` is a wildcard in a grant's database name).
 */
function grantPattern(template = _database_server_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_NAME_TEMPLATE */ .no) {
    return template
        .split('<number>')
        .map((part) => part
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, '_')
        .replace(/_/g, '\\_'))
        .join('%');
}
/** MariaDB 10.5+ has `SCHEMATA.SCHEMA_COMMENT` (and `CREATE DATABASE … COMMENT`); MySQL has neither. */
async function hasDatabaseComments(connection) {
    const [rows] = await connection.query("SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'SCHEMATA' AND COLUMN_NAME = 'SCHEMA_COMMENT'");
    return Number(rows[0]?.n ?? 0) > 0;
}
async function existsOn(connection, name) {
    const [rows] = await connection.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
    return rows.length > 0;
}
function unmarkable(version) {
    return `${/mariadb/i.test(version) ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]} has no database comments`;
}


/***/ })

};
