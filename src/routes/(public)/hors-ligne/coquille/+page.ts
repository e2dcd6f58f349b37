// The app shell (SPEC O2): an HTML page that renders nothing on the server, so the same copy can
// start the app for any address. The service worker serves it for an offline navigation to a
// page whose data it kept from a visit by link; Kit then renders that page from the kept data.
export const ssr = false;
