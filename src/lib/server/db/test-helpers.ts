// Service tests run against a real in-memory SQLite with every committed migration applied.
import { migrateDatabase, openDatabase, type Db } from './index';

export function createTestDb(): Db {
	const db = openDatabase(':memory:');
	migrateDatabase(db);
	return db;
}
