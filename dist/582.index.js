export const id = 582;
export const ids = [582];
export const modules = {

/***/ 61582:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  withWholeDatabaseFallback: () => (/* binding */ withWholeDatabaseFallback)
});

// UNUSED EXPORTS: WholeDatabaseShadow

// EXTERNAL MODULE: ./.bundle/tsc/src/lifecycle/cleanup.js
var cleanup = __webpack_require__(27497);
// EXTERNAL MODULE: ./.bundle/tsc/src/util/errors.js
var errors = __webpack_require__(5588);
// EXTERNAL MODULE: ./.bundle/tsc/src/database/mysql/driver.js
var driver = __webpack_require__(27301);
// EXTERNAL MODULE: ./.bundle/tsc/src/util/redact.js
var redact = __webpack_require__(11558);
;// CONCATENATED MODULE: ./.bundle/tsc/src/database/mysql/connection.js



/** Prisma-only URL parameters that mysql2 would reject or misread. */
const PRISMA_ONLY = ['connection_limit', 'pool_timeout', 'socket_timeout', 'connect_timeout', 'sslaccept', 'sslcert', 'sslidentity', 'sslpassword', 'schema'];
function parseMysqlUrl(url) {
    try {
        const parsed = new URL(url);
        return /^(mysql|mariadb):$/.test(parsed.protocol) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** The database a URL names (its path), or '' for a server-level URL. */
function databaseOf(url) {
    return decodeURIComponent(parseMysqlUrl(url)?.pathname.slice(1) ?? '');
}
/** mysql2 options for a Prisma MySQL URL: its parameters removed, a bounded connect timeout. */
function connectionOptions(url, overrides = {}) {
    const parsed = parseMysqlUrl(url);
    if (!parsed)
        throw new errors/* UsageError */.e(`Expected a MySQL URL (mysql://USER:PASSWORD@HOST:3306/DATABASE), got ${(0,redact/* redactUrls */.sK)(url.slice(0, 40))}.`);
    for (const name of PRISMA_ONLY)
        parsed.searchParams.delete(name);
    parsed.protocol = 'mysql:';
    return { uri: parsed.toString(), connectTimeout: 10_000, ...overrides };
}
/** One connection for a piece of work; the caller ends it in a `finally`. */
async function connectMysql(url, what, overrides = {}) {
    try {
        return await (0,driver/* createMysqlConnection */.X)(connectionOptions(url, overrides));
    }
    catch (error) {
        const parsed = parseMysqlUrl(url);
        const where = parsed ? `${parsed.hostname}:${parsed.port || '3306'}` : 'the server';
        const code = error.code;
        const why = code === 'ECONNREFUSED' ? 'connection refused (nothing listens on that port)' : (0,redact/* redactUrls */.sK)((0,errors/* errorMessage */.g)(error));
        throw new errors/* UsageError */.e(`${what}: could not connect to the MySQL server at ${where}: ${why}.`, 'Check that the server is running and reachable from this machine, and that the URL is right.');
    }
}
/** Backtick-quoted identifier (MySQL's own quoting, valid in every sql_mode). */
function quoteIdentifier(name) {
    return `\`${name.replace(/`/g, '``')}\``;
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

;// CONCATENATED MODULE: ./.bundle/tsc/src/database/mysql/whole-database.js



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
        const parsed = parseMysqlUrl(url);
        this.database = databaseOf(url);
        if (!parsed || !this.database) {
            throw new errors/* UsageError */.e(`${inputName}: without the right to create databases, the shadow must be a whole, empty database: give a URL that names one (mysql://USER:PASSWORD@HOST:3306/shadow).`);
        }
        this.description = `${parsed.hostname}:${parsed.port || '3306'}/${this.database} (whole database)`;
    }
    async createDatabase() {
        const connection = await connectMysql(this.url, this.inputName);
        try {
            const objects = await objectsIn(connection, this.database);
            if (objects.length > 0) {
                throw new errors/* UsageError */.e(`${this.inputName}: the database "${this.database}" is not empty (${objects.slice(0, 5).map((o) => o.name).join(', ')}${objects.length > 5 ? ', …' : ''}); a shadow database is emptied after every use, so only an empty one is accepted.`, 'Create a separate, empty database (or PlanetScale branch) for the shadow and pass its URL.');
            }
        }
        finally {
            await connection.end().catch(() => undefined);
        }
        this.registration = (0,cleanup/* registerCleanup */.qE)(`shadow database ${this.database} (emptied)`, () => this.empty());
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
        const connection = await connectMysql(this.url, this.inputName);
        try {
            await connection.query('SET FOREIGN_KEY_CHECKS = 0');
            for (const object of await objectsIn(connection, this.database)) {
                await connection.query(`DROP ${object.type} IF EXISTS ${quoteIdentifier(this.database)}.${quoteIdentifier(object.name)}`);
            }
        }
        finally {
            await connection.end().catch(() => undefined);
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
                if (!(error instanceof errors/* UsageError */.e && /may not create databases/.test(error.message)) || !databaseOf(url))
                    throw error;
                log?.(`${error.message} Using the database "${databaseOf(url)}" of the URL as the shadow, whole (it must be empty; it is emptied afterwards).`);
                whole = new WholeDatabaseShadow(url, inputName);
                return whole.createDatabase();
            }
        },
        async dropDatabase(database) {
            if (whole && database.name === databaseOf(url))
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
