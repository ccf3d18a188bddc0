import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 949;
export const ids = [949];
export const modules = {

/***/ 18949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MEMORY_URL: () => (/* binding */ MEMORY_URL),
/* harmony export */   MemorySqliteShadow: () => (/* binding */ MemorySqliteShadow)
/* harmony export */ });
/* harmony import */ var _shadow_shadow_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(94935);

/** The URL the in-memory shadow is known by: the engine's adapter factory owns the database itself. */
const MEMORY_URL = ':memory:';
/**
 * The SQLite "shadow server": nothing to start, connect to or drop. Each engine opened over
 * `:memory:` gets a fresh in-memory database (sql.js), gone when the engine closes.
 */
class MemorySqliteShadow {
    kind = 'embedded';
    description = 'SQLite in memory (sql.js)';
    startupMs = 0;
    async createDatabase() {
        return { name: (0,_shadow_shadow_js__WEBPACK_IMPORTED_MODULE_0__/* .shadowDatabaseName */ .hD)(), url: MEMORY_URL };
    }
    async dropDatabase() { }
    async close() { }
}


/***/ })

};
