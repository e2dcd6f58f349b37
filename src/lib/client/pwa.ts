// Registers the service worker and reports when a new release is waiting (SPEC O6). The new
// release takes over only through applyUpdate(), called from the person's click.
// The package's ES2017 build, not its default ES5 one: the same code, 1 kB less (gzip) on every first
// visit (issue #17's weight budgets).
import { Workbox } from 'workbox-window/build/workbox-window.prod.mjs';

let workbox: Workbox | undefined;

export function registerServiceWorker(onUpdateWaiting: () => void): void {
	if (!('serviceWorker' in navigator) || workbox) return;
	workbox = new Workbox('/service-worker.js', { scope: '/' });
	workbox.addEventListener('waiting', onUpdateWaiting);
	// First visit: the worker takes control of this page once installed; the page was loaded before
	// it was there.
	if (!navigator.serviceWorker.controller) navigator.serviceWorker.addEventListener('controllerchange', keepShownPage, { once: true });
	// Without a worker (blocked by the browser's settings or a policy) the app still works online:
	// nothing to report to the person, and no uncaught error.
	workbox.register().catch((error: unknown) => console.warn('Service worker not registered:', error));
	// Look for a new release whenever the app comes back to the foreground.
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') void workbox?.update();
	});
}

export function applyUpdate(): void {
	if (!workbox) return;
	workbox.addEventListener('controlling', () => window.location.reload());
	workbox.messageSkipWaiting();
}

/**
 * Asks the worker to keep what the page now shown needs to open offline (SPEC O2). A link fetches
 * the page's data only when it changed: after a link to a page that reads nothing of its own (a
 * legal page), the worker has seen nothing it could keep.
 */
export function keepShownPage(): void {
	navigator.serviceWorker?.controller?.postMessage({ type: 'KEEP_PAGE', url: location.href });
}
