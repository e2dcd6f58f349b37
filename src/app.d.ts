declare global {
	namespace App {
		interface Error {
			message: string;
			/** Reference shown to the person and written to the log with the error. */
			id?: string;
		}
	}
}

export {};
