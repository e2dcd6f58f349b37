import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'drizzle/', 'test-results/', 'playwright-report/', '/data/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		files: ['**/*.ts', '**/*.svelte'],
		// TypeScript checks names (svelte-check and tsc run in `npm run check`); ESLint's own check
		// does not know global types such as App.
		rules: { 'no-undef': 'off' }
	},
	{
		rules: {
			// `{ secret: _secret, ...rest }` leaves a field out of a copy.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
			// The app has no base path (svelte.config.js sets none): its links are plain absolute paths.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// Playwright's fixtures are destructured; a test that uses none but testInfo writes `({}, testInfo)`.
		files: ['tests/**/*.ts'],
		rules: { 'no-empty-pattern': 'off' }
	}
);
