// ESLint: TypeScript rules plus the layer rules of DESIGN.md §3 (arrows point down only).
import tseslint from 'typescript-eslint';

const forge = ['@forge/*', '@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver', '@forge/bridge'];

export default tseslint.config(
  { ignores: ['node_modules/', 'static/*/build/', 'dist/', 'test-results/', 'coverage/', '.local-site/', 'tools/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
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
      'no-restricted-imports': ['error', {
        patterns: [
          { group: forge, message: 'src/domain is pure: no @forge package (DESIGN.md §3). Put product calls in src/adapters.' },
          { group: ['**/adapters/**', '**/adapters', '**/resolvers/**', '**/triggers/**'], message: 'src/domain must not import adapters, resolvers or triggers (arrows point down).' },
          { group: ['**/static/**'], message: 'The backend never imports from static/.' },
        ],
      }],
    },
  },
  {
    files: ['src/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: forge, message: 'src/contracts is shared with Custom UI: no @forge package.' },
          { group: ['**/domain/**', '**/adapters/**', '**/resolvers/**', '**/triggers/**', '**/static/**'], message: 'src/contracts is the bottom layer: it imports nothing of the app.' },
        ],
      }],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    ignores: ['src/adapters/storage.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/resolvers/**', '**/triggers/**', '**/domain/**'], message: 'Adapters talk to products only; they do not import domain, resolvers or triggers.' },
          { group: ['**/static/**'], message: 'The backend never imports from static/.' },
          { group: ['@forge/kvs'], message: 'Every storage call goes through the storage gateway, src/adapters/storage.ts (one retry policy, one StorageError).' },
        ],
      }],
    },
  },
  {
    files: ['src/adapters/storage.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/resolvers/**', '**/triggers/**', '**/domain/**'], message: 'Adapters talk to products only; they do not import domain, resolvers or triggers.' },
          { group: ['**/static/**'], message: 'The backend never imports from static/.' },
        ],
      }],
    },
  },
  {
    files: ['src/resolvers/**/*.ts', 'src/triggers/**/*.ts', 'src/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@forge/api', '@forge/kvs', '@forge/events'], message: 'Only src/adapters talks to products and storage (DESIGN.md §3).' },
          { group: ['**/static/**'], message: 'The backend never imports from static/.' },
        ],
      }],
    },
  },
  {
    files: ['static/**/*.ts', 'static/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src/domain/**', '**/src/adapters/**', '**/src/resolvers/**', '**/src/triggers/**', '**/src/index'], message: 'static/ imports only src/contracts/ (DESIGN.md §3).' },
          { group: ['@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver'], message: 'Custom UI uses @forge/bridge only.' },
        ],
      }],
    },
  },
);
