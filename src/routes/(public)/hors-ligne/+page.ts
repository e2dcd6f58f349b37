// Served by the service worker for any page never visited while the network is down: it must
// render from its cached HTML alone.
export const csr = false;
