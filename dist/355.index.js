import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 355;
export const ids = [355];
export const modules = {

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
