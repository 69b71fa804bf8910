// @ts-check
// ESLint as Strapi's own packages use it: the recommended rules of ESLint and typescript-eslint,
// and the rules of hooks in the admin. Formatting is Prettier's job (.prettierrc), not ESLint's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    'coverage/',
    '.tmp/',
    'playground/.tmp/',
    'playground/.strapi/',
    'playground/types/generated/',
    'playground/public/',
    // the playground admin that the browser tests build
    'playground/build/',
    'tests/.artifacts/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // the code types what it touches; `unknown` and a check where a value is not known
      '@typescript-eslint/no-explicit-any': 'error',
      // `_name` marks what a signature or a destructuring needs but the code does not use
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // scripts, configs, bins and Strapi's own JS files are CommonJS
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['admin/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { globals: globals.jest },
  },
  {
    // the browser tests run functions inside the page (page.evaluate)
    files: ['tests/browser/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.jest } },
  },
]);
