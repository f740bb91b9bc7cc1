import nx from '@nx/eslint-plugin';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import prettierOff from 'eslint-config-prettier/flat';

/**
 * The rooms of libs/messaging/src, top to bottom: a room may import the rooms below it, never one
 * above (see the library's layout in README.md). Siblings that must not know each other get zones
 * of their own below.
 */
const MESSAGING_LAYERS = ['microservices', 'nest', 'core', 'metrics', 'transports', 'outbox', 'transport', 'database', 'model'];
const room = (name) => `./libs/messaging/src/${name}`;
const messagingZones = [
  ...MESSAGING_LAYERS.flatMap((target, index) =>
    MESSAGING_LAYERS.slice(0, index).map((above) => ({
      target: room(target),
      from: room(above),
      message: `${target}/ is below ${above}/ in the library's layers: move the shared piece down instead.`,
    })),
  ),
  { target: room('transports/postgres'), from: room('transports/rabbitmq'), message: 'one transport never imports another' },
  { target: room('transports/rabbitmq'), from: room('transports/postgres'), message: 'one transport never imports another' },
  {
    target: room('transports/debezium'),
    from: [room('transports/postgres'), room('transports/rabbitmq')],
    message: 'one transport never imports another',
  },
  {
    target: [room('transports/postgres'), room('transports/rabbitmq')],
    from: room('transports/debezium'),
    message: 'one transport never imports another',
  },
  {
    target: [room('transports/postgres'), room('transports/rabbitmq'), room('transports/debezium')],
    from: room('transports/create-transport.ts'),
    message: 'the factory stands above the transports it builds',
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  // Layout is prettier's (.prettierrc.json, checked by `npm run lint`): no ESLint rule argues with it.
  prettierOff,
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.nx'] },
  {
    files: ['**/*.ts'],
    rules: {
      // Nx boundaries: apps never import apps; libraries only through @tenaz/*; tags decide who may depend on whom.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            // scope:shared holds test helpers every project's tests may use.
            { sourceTag: 'scope:messaging', onlyDependOnLibsWithTags: ['scope:messaging', 'scope:shared'] },
            // Contracts derive ids with the library's deterministicMessageId, nothing else of it.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:messaging'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // What both services share stands on the library, the contracts and the dashboard's build, never on a service.
            {
              sourceTag: 'scope:service-kit',
              onlyDependOnLibsWithTags: ['scope:service-kit', 'scope:messaging', 'scope:contracts', 'scope:shared', 'scope:dashboard'],
            },
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:dashboard'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/messaging/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: messagingZones }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
