// `npm run manager -- <command>`: manager accounts from the operator's side (SPEC M1), for the
// first administrator of a fresh install and for operators.
//   create --email E --academy CODE [--academy CODE…]   a manager of these académies
//   create --email E --admin                            an administrator
//   list                                                every account
//   disable --email E                                   no more login; sessions ended
//   reset-password --email E                            a new password; sessions ended
// A password is read from standard input only (a hidden prompt on a terminal, asked twice; one line
// when piped), never from an argument or the environment: neither ends up in a shell history or
// in `ps`. Every change is written to the audit log as made by 'system'.
import { parseArgs } from 'node:util';
import { seedCatalogue } from '../src/lib/server/catalogue/seed';
import { ConfigError } from '../src/lib/server/config';
import { closeDb, getDb, migrateDatabase, type Db } from '../src/lib/server/db';
import { findManagerByEmail, listManagers } from '../src/lib/server/managers/accounts';
import { managerEmailSchema, managerPasswordSchema, MANAGER_ROLES } from '../src/lib/domain/manager';
import { createManagerAudited, disableManagerAudited, setManagerPasswordAudited } from '../src/lib/server/managers/administration';

// Messages in French, as the password and address rules shared with the pages (src/lib/domain/manager.ts).
const USAGE = `Utilisation :
  npm run manager -- create --email E --academy CODE [--academy CODE…]
  npm run manager -- create --email E --admin
  npm run manager -- list
  npm run manager -- disable --email E
  npm run manager -- reset-password --email E
Le mot de passe est lu sur l’entrée standard (saisie masquée, ou une ligne transmise par un tube).`;

class UsageError extends Error {}

function fail(message: string): never {
	throw new UsageError(message);
}

/** Reads one line without echo on a terminal. */
function promptHidden(question: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = process.stdin;
		process.stderr.write(question);
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding('utf8');
		let typed = '';
		const done = (error?: Error) => {
			stdin.setRawMode(false);
			stdin.pause();
			stdin.off('data', onData);
			process.stderr.write('\n');
			if (error) reject(error);
			else resolve(typed);
		};
		const onData = (chunk: string) => {
			for (const char of chunk) {
				if (char === '\r' || char === '\n') return done();
				if (char === '\u0003' || char === '\u0004') return done(new UsageError('Annulé.'));
				if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
				else if (char >= ' ') typed += char;
			}
		};
		stdin.on('data', onData);
	});
}

/** The first line of a piped standard input (without its line ending). */
async function readPipedLine(): Promise<string> {
	let text = '';
	process.stdin.setEncoding('utf8');
	for await (const chunk of process.stdin) {
		text += chunk;
		if (text.includes('\n')) break;
	}
	return text.split(/\r?\n/)[0];
}

async function readNewPassword(): Promise<string> {
	let password: string;
	if (process.stdin.isTTY) {
		password = await promptHidden('Mot de passe (12 caractères au moins) : ');
		const again = await promptHidden('Mot de passe, à nouveau : ');
		if (again !== password) fail('Les deux mots de passe ne sont pas identiques.');
	} else {
		password = await readPipedLine();
	}
	const checked = managerPasswordSchema.safeParse(password);
	if (!checked.success) fail(`Mot de passe refusé : ${checked.error.issues[0].message}`);
	return checked.data;
}

function emailOf(values: { email?: string }): string {
	if (!values.email) fail('Il manque --email.');
	const checked = managerEmailSchema.safeParse(values.email);
	if (!checked.success) fail(`--email refusé : ${checked.error.issues[0].message}`);
	return checked.data;
}

function existingManager(db: Db, email: string) {
	const manager = findManagerByEmail(db, email);
	if (!manager) fail(`Aucun gestionnaire n’a l’adresse ${email}.`);
	return manager;
}

async function create(db: Db, values: { email?: string; academy?: string[]; admin?: boolean }): Promise<void> {
	const email = emailOf(values);
	const academyCodes = values.academy ?? [];
	if (values.admin && academyCodes.length)
		fail('Un administrateur travaille pour toutes les académies : indiquez --admin ou --academy, pas les deux.');
	if (!values.admin && academyCodes.length === 0) fail('Il manque --academy CODE (une ou plusieurs), ou --admin.');
	// Checked before the password is asked: the operator does not type it for nothing.
	if (findManagerByEmail(db, email)) fail(`L’adresse ${email} a déjà un compte.`);
	const password = await readNewPassword();
	const role = values.admin ? 'administrator' : 'manager';
	const result = await createManagerAudited(db, { email, role, academyCodes, password }, 'system', new Date());
	if (result.status === 'email-taken') fail(`L’adresse ${email} a déjà un compte.`);
	if (result.status === 'unknown-academy') fail(`Code d’académie inconnu : ${result.code}.`);
	const created = findManagerByEmail(db, email)!;
	const where = academyCodes.length ? ` (académies ${academyCodes.join(', ')})` : '';
	console.log(`Compte créé : ${created.email}, ${MANAGER_ROLES[role].toLowerCase()}${where}.`);
}

function list(db: Db): void {
	const rows = listManagers(db);
	if (rows.length === 0) return console.log('Aucun gestionnaire pour l’instant.');
	const table = [
		['ADRESSE', 'RÔLE', 'ACADÉMIES', 'DÉSACTIVÉ', 'DOUBLE AUTHENTIFICATION'],
		...rows.map((row) => [
			row.email,
			MANAGER_ROLES[row.role].toLowerCase(),
			row.academyCodes.join(',') || (row.role === 'administrator' ? 'toutes' : '-'),
			row.disabledAt ? `oui (${row.disabledAt.toISOString()})` : 'non',
			row.totpEnabled ? 'activée' : 'non'
		])
	];
	const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
	for (const line of table)
		console.log(
			line
				.map((cell, column) => cell.padEnd(widths[column]))
				.join('  ')
				.trimEnd()
		);
}

function disable(db: Db, values: { email?: string }): void {
	const manager = existingManager(db, emailOf(values));
	if (manager.disabledAt) return console.log(`Le compte ${manager.email} est déjà désactivé.`);
	disableManagerAudited(db, manager.id, 'system', new Date());
	console.log(`Compte désactivé : ${manager.email} ; ses sessions sont fermées.`);
}

async function resetPassword(db: Db, values: { email?: string }): Promise<void> {
	const manager = existingManager(db, emailOf(values));
	const password = await readNewPassword();
	await setManagerPasswordAudited(db, manager.id, password, 'system', new Date());
	console.log(`Nouveau mot de passe enregistré pour ${manager.email} ; ses sessions sont fermées.`);
}

async function main(argv: string[]): Promise<void> {
	const [command, ...rest] = argv;
	let values: { email?: string; academy?: string[]; admin?: boolean; help?: boolean };
	try {
		({ values } = parseArgs({
			args: rest,
			options: {
				email: { type: 'string' },
				academy: { type: 'string', multiple: true },
				admin: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			},
			strict: true,
			allowPositionals: false
		}));
	} catch (error) {
		// Among others: `--password x` is refused here, as any unknown option (never read from an argument).
		const option = /'(-[^']*)'/.exec((error as Error).message)?.[1];
		fail(option ? `Option inconnue : ${option}.` : `Arguments refusés : ${(error as Error).message}`);
	}
	if (command === 'help' || command === '--help' || command === '-h' || values.help) return console.log(USAGE);
	const allowed: Record<string, string[]> = {
		create: ['email', 'academy', 'admin'],
		list: [],
		disable: ['email'],
		'reset-password': ['email']
	};
	if (!command || !(command in allowed)) fail(command ? `Commande inconnue : ${command}.` : 'Il manque la commande.');
	const extra = Object.keys(values).find((name) => !allowed[command].includes(name));
	if (extra) fail(`L’option --${extra} ne s’applique pas à ${command}.`);

	const db = getDb();
	migrateDatabase(db);
	seedCatalogue(db);
	if (command === 'create') await create(db, values);
	else if (command === 'list') list(db);
	else if (command === 'disable') disable(db, values);
	else await resetPassword(db, values);
}

try {
	await main(process.argv.slice(2));
} catch (error) {
	if (error instanceof UsageError || error instanceof ConfigError) {
		console.error(error.message);
		if (error instanceof UsageError && /^(Il manque|Commande inconnue|Option inconnue|Arguments refusés|L’option)/.test(error.message))
			console.error(USAGE);
		process.exitCode = 1;
	} else {
		throw error;
	}
} finally {
	closeDb();
}
