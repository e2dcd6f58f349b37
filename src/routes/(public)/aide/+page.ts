// « J’ai besoin d’aide » is text and links: it is always opened by a full load (the header's and
// footer's links reload), works offline from the copy the worker keeps at install, and needs no
// script. Without client-side rendering its words are not sent a second time as JavaScript
// (issue #17's weight budgets: 2.9 kB of the page's 5 kB over the public pages' 50 kB).
export const csr = false;
