// When what waits on the device is sent again (SPEC O3, O4): after a change settles, when the
// network returns, when the page is seen again, and with back-off while the server is out of reach.
// The form and the background sender each run one; the sync engine does the sending.

/** What the last pass found: 'waiting' until the server is reached, 'expired' until the candidate logs in again. */
export type NetworkState = 'idle' | 'synced' | 'waiting' | 'expired';

/** Waits between attempts: 2 s, 4 s, 8 s… up to a minute. */
export function retryDelay(attempt: number): number {
	return Math.min(2_000 * 2 ** attempt, 60_000);
}

export class RetryLoop {
	network = $state<NetworkState>('idle');

	#pass: () => Promise<NetworkState | void>;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#attempt = 0;
	#running = false;
	/** Asked for during a pass: what changed meanwhile may not be in what that pass sent. */
	#again = false;
	#done: Promise<void> = Promise.resolve();
	#stopped = false;

	/** `pass` sends once and says what it found (nothing: the state stays); 'waiting' brings another pass after the back-off. */
	constructor(pass: () => Promise<NetworkState | void>) {
		this.#pass = pass;
	}

	/**
	 * One pass now; asked for while one is under way, one more pass right after it (a change made
	 * during a pass is never left unsent). Resolves when the passes are over.
	 */
	run(): Promise<void> {
		if (this.#stopped) return Promise.resolve();
		if (this.#running) {
			this.#again = true;
			return this.#done;
		}
		this.#running = true;
		this.#done = this.#passes();
		return this.#done;
	}

	async #passes(): Promise<void> {
		try {
			do {
				this.#again = false;
				const found = await this.#pass();
				if (this.#stopped) return;
				if (found) this.network = found;
				if (found === 'waiting') {
					// Out of reach: what was asked for meanwhile goes with the retry after the back-off.
					this.#again = false;
					this.later(retryDelay(this.#attempt++));
				} else this.#attempt = 0;
			} while (this.#again);
		} finally {
			this.#running = false;
		}
	}

	/** One pass after `delay`, instead of any pass already planned. */
	later(delay: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.run(), delay);
	}

	/** A pass now, with the back-off started over (« Enregistrer » was just pressed). */
	runNow(): Promise<void> {
		this.#attempt = 0;
		clearTimeout(this.#timer);
		return this.run();
	}

	/** Wakes when the network returns and when the page is seen again; returns the function that stops for good. */
	listen(): () => void {
		const wake = () => void this.run();
		const onVisible = () => document.visibilityState === 'visible' && wake();
		window.addEventListener('online', wake);
		document.addEventListener('visibilitychange', onVisible);
		return () => {
			this.#stopped = true;
			clearTimeout(this.#timer);
			window.removeEventListener('online', wake);
			document.removeEventListener('visibilitychange', onVisible);
		};
	}
}
