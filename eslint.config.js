// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/**
 * Module rules of DESIGN.md, enforced:
 *  - only shared/adapters/* import Azure SDKs (functions/ may import @azure/functions);
 *  - shared/domain and shared/hl7 import no SDK, read no process.env and never call the wall clock;
 *  - nothing but shared/settings reads process.env in product code.
 */
const azureSdk = { group: ['@azure/*', '!@azure/functions'], message: 'Only shared/adapters/* may import Azure SDKs.' };
const functionsSdk = { group: ['@azure/functions'], message: 'Only functions/ and the local host use @azure/functions.' };
const envRead = { object: 'process', property: 'env', message: 'Read settings in shared/settings.ts and hand them down.' };
const wallClock = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected Clock.' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected Clock.' },
];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'portal/dist/**', '.local/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [azureSdk, functionsSdk] }],
      'no-restricted-properties': ['error', envRead],
      'no-console': 'error',
    },
  },
  {
    files: ['shared/domain/**/*.ts', 'shared/hl7/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@azure/*'], message: 'The domain and HL7 code import no Azure SDK.' }, { group: ['**/adapters/**'], message: 'The domain does not know adapters.' }] }],
      'no-restricted-syntax': ['error', ...wallClock],
    },
  },
  { files: ['shared/adapters/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['shared/settings.ts', 'shared/settings/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [azureSdk] }],
      'no-restricted-properties': ['error', envRead],
      'no-console': 'error',
    },
  },
);
