// Registers the service worker and reports when a new release is waiting (SPEC O6). The new
// release takes over only through applyUpdate(), called from the person's click.
import { Workbox } from 'workbox-window';

let workbox: Workbox | undefined;

export function registerServiceWorker(onUpdateWaiting: () => void): void {
	if (!('serviceWorker' in navigator) || workbox) return;
	workbox = new Workbox('/service-worker.js', { scope: '/' });
	workbox.addEventListener('waiting', onUpdateWaiting);
	void workbox.register();
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
