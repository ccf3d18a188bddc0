import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 285;
export const ids = [285];
export const modules = {

/***/ 30285:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   validateSchemaOffline: () => (/* binding */ validateSchemaOffline)
/* harmony export */ });
/* harmony import */ var _prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(40617);
/* harmony import */ var _engine_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92147);
/* harmony import */ var _wasm_engine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89028);



/**
 * Validates a PostgreSQL schema with Prisma's own engine before any database exists: the engine asks
 * its database one question when it starts (the server's version) and a diff from nothing to the
 * schema touches no database, so an adapter that answers that question and refuses everything else
 * is enough (measured: a rejected schema is reported in ~0.1 s, where a check replayed the whole
 * history first). Returns the engine's error for a schema it rejects (P1012/P1013), else undefined.
 */
async function validateSchemaOffline(schema, build) {
    const engine = await _wasm_engine_js__WEBPACK_IMPORTED_MODULE_1__/* .WasmEngine */ .t.open({ adapterFactory: new OfflinePostgresFactory(), databaseUrl: '', shadowUrl: '', schema, build });
    try {
        await engine.diff({ kind: 'empty' }, { kind: 'schema', files: schema }, 'script');
        return undefined;
    }
    catch (error) {
        if (error instanceof _engine_js__WEBPACK_IMPORTED_MODULE_0__/* .EngineError */ .N && (error.code === 'P1012' || error.code === 'P1013'))
            return error;
        // Anything else (a question this adapter cannot answer) is left to the check itself.
        return undefined;
    }
    finally {
        await engine.close();
    }
}
/** The one query Prisma's PostgreSQL connector sends on start (schema exists, version). */
const VERSION_QUERY = /server_version_num/;
class OfflinePostgresAdapter {
    provider = 'postgres';
    adapterName = 'prisma-schema-guard-offline';
    async queryRaw(query) {
        if (!VERSION_QUERY.test(query.sql))
            return refuse();
        return {
            columnNames: ['exists', 'version', 'numeric_version'],
            columnTypes: [_prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_2__/* .ColumnTypeEnum */ .UE.Boolean, _prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_2__/* .ColumnTypeEnum */ .UE.Text, _prisma_driver_adapter_utils__WEBPACK_IMPORTED_MODULE_2__/* .ColumnTypeEnum */ .UE.Int32],
            rows: [[true, 'PostgreSQL 15.0 (offline validation)', 150000]],
        };
    }
    executeRaw = refuse;
    executeScript = refuse;
    startTransaction = refuse;
    getConnectionInfo() {
        return { supportsRelationJoins: true };
    }
    async dispose() { }
}
async function refuse() {
    throw new Error('No database: this engine only validates the schema.');
}
class OfflinePostgresFactory {
    provider = 'postgres';
    adapterName = 'prisma-schema-guard-offline';
    async connect() {
        return new OfflinePostgresAdapter();
    }
    async connectToShadowDb() {
        return new OfflinePostgresAdapter();
    }
    async dispose() { }
}


/***/ })

};
