// `npm run lint`: typescript-eslint with type information (floating promises are bugs here: an
// unawaited cleanup is a leaked database), plus the import boundaries of docs/architecture.md.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders of pure domain code: they may import each other, util/ and types, never a command, an entry point or I/O. */
const DOMAIN = ['dialect', 'verdict', 'migrations', 'history', 'review', 'drift', 'plan', 'report', 'gate', 'sql', 'schema', 'util'];
const OUTER = ['commands', 'cli', 'action', 'index'];
/** Folders that do I/O behind the ports. */
const ADAPTERS = ['database', 'shadow', 'engine', 'github', 'git', 'lifecycle', 'preview'];

export default tseslint.config(
  {
    ignores: [
      'eslint.config.mjs',
      'dist/**',
      'build/**',
      '.bundle/**',
      'node_modules/**',
      'examples/**',
      'bench/**',
      'scripts/**',
      'test/fixtures/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off',
    },
  },
  ...DOMAIN.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: OUTER.flatMap((outer) => [`../${outer}/*`, `../../${outer}/*`, `../${outer}.js`]),
              message: 'A domain module never imports a command or an entry point: move the shared type down (see docs/architecture.md).',
            },
            {
              group: [...ADAPTERS.flatMap((adapter) => [`../${adapter}/*`, `../../${adapter}/*`]), '!../git/port.js'],
              message:
                'A domain module never imports an adapter (databases, shadow servers, engines, GitHub, git, the process lifecycle): depend on a port (e.g. git/port.ts) or move the pure part down (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  })),
);
