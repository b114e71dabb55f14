// ESLint: TypeScript rules plus the layer rules of docs/architecture.md, "Layers" (arrows point down only).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The backend imports src/contracts by relative path: Forge's bundler (@forge/bundler's webpack
// config, resolve.extensions only) does not read tsconfig.json "paths" (docs/architecture.md).
// The product never imports the local site (local/ is never deployed).
const BACKEND_COMMON = [
  {
    group: ['@contracts/*', '@contracts'],
    message:
      'The backend imports src/contracts by relative path: Forge’s bundler does not resolve the @contracts alias (tsconfig.json "paths"), which is for static/ only.',
  },
  { group: ['**/local/**', '**/local'], message: 'The product never imports the local site (local/ is not deployed).' },
];

const forge = ['@forge/*', '@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver', '@forge/bridge'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'static/*/build/',
      'dist/',
      'test-results/',
      'coverage/',
      '.local-site/',
      'tools/',
      '**/*.js',
      // the local site's browser scripts are linted (below) and type-checked (local/host/client/tsconfig.json)
      '!local/host/client/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            {
              group: forge,
              message: 'src/domain is pure: no @forge package (docs/architecture.md, "Layers"). Put product calls in src/adapters.',
            },
            {
              group: ['**/adapters/**', '**/adapters', '**/usecases/**', '**/resolvers/**', '**/triggers/**'],
              message: 'src/domain must not import adapters, use cases, resolvers or triggers (arrows point down).',
            },
            { group: ['**/static/**'], message: 'The backend never imports from static/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            { group: forge, message: 'src/contracts is shared with Custom UI: no @forge package.' },
            {
              group: ['**/domain/**', '**/adapters/**', '**/usecases/**', '**/resolvers/**', '**/triggers/**', '**/static/**'],
              message: 'src/contracts is the bottom layer: it imports nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    ignores: ['src/adapters/storage.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            {
              group: ['**/resolvers/**', '**/triggers/**', '**/domain/**', '**/usecases/**'],
              message: 'Adapters talk to products only; they do not import domain, use cases, resolvers or triggers.',
            },
            { group: ['**/static/**'], message: 'The backend never imports from static/.' },
            {
              group: ['@forge/kvs'],
              message: 'Every storage call goes through the storage gateway, src/adapters/storage.ts (one retry policy, one StorageError).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/adapters/storage.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            {
              group: ['**/resolvers/**', '**/triggers/**', '**/domain/**', '**/usecases/**'],
              message: 'Adapters talk to products only; they do not import domain, use cases, resolvers or triggers.',
            },
            { group: ['**/static/**'], message: 'The backend never imports from static/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/usecases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            {
              group: ['@forge/*', '@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver', '@forge/bridge'],
              message: 'Use cases reach products and storage through src/adapters only (docs/architecture.md, "Layers").',
            },
            {
              group: ['**/resolvers/**', '**/resolvers', '**/triggers/**', '**/index'],
              message: 'Use cases do not import resolvers or triggers: those call use cases (arrows point down).',
            },
            { group: ['**/static/**'], message: 'The backend never imports from static/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/resolvers/**/*.ts', 'src/triggers/*.ts', 'src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            {
              group: ['@forge/api', '@forge/kvs', '@forge/events'],
              message: 'Only src/adapters talks to products and storage (docs/architecture.md, "Layers").',
            },
            {
              group: ['**/adapters/**', '**/adapters', '**/domain/**', '**/domain'],
              message:
                'Resolvers and triggers are thin: they call a use case (src/usecases/), which reads adapters and applies domain rules (docs/architecture.md, "Layers").',
            },
            { group: ['**/static/**'], message: 'The backend never imports from static/.' },
          ],
        },
      ],
    },
  },
  {
    // The sweep's steps (src/triggers/sweep/, one file each, PROTOCOL.md) are the sweep's use case:
    // they read adapters and apply the planner's rules, as a use case does.
    files: ['src/triggers/sweep/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...BACKEND_COMMON,
            {
              group: ['@forge/api', '@forge/kvs', '@forge/events'],
              message: 'Only src/adapters talks to products and storage (docs/architecture.md, "Layers").',
            },
            { group: ['**/resolvers/**', '**/resolvers'], message: 'The sweep does not import resolvers.' },
            { group: ['**/static/**'], message: 'The backend never imports from static/.' },
          ],
        },
      ],
    },
  },
  {
    // The time is read in one place (docs/architecture.md, "Layers").
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/clock.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Read the time through src/adapters/clock.ts (nowMs()), the one place the app reads it.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read the time through src/adapters/clock.ts (now()), the one place the app reads it.',
        },
      ],
    },
  },
  {
    files: ['static/**/*.ts', 'static/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src/domain/**',
                '**/src/adapters/**',
                '**/src/usecases/**',
                '**/src/resolvers/**',
                '**/src/triggers/**',
                '**/src/index',
              ],
              message: 'static/ imports only src/contracts/ (docs/architecture.md, "Layers").',
            },
            { group: ['@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver'], message: 'Custom UI uses @forge/bridge only.' },
            {
              group: ['**/src/contracts/**', '**/src/contracts'],
              message: 'static/ imports the contract as @contracts/<file> (tsconfig.json "paths").',
            },
          ],
        },
      ],
    },
  },
  {
    // The local site runs the product only through its public entry, src/index.ts (loaded by
    // local/main.ts), as Forge does: it imports nothing else of src/ and nothing of static/.
    files: ['local/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '!**/src/index', '**/static/**'],
              message: 'local/ uses the product only through its public entry, src/index.ts (local/main.ts loads it), as Forge does.',
            },
          ],
        },
      ],
    },
  },
  {
    // The local site's browser scripts, served as they are (no build step).
    files: ['local/host/client/*.js'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'script', globals: { ...globals.browser, module: 'readonly' } },
  },
);
