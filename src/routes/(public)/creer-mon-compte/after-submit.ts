// What the page shows only in answer to a submission, in one module the browser fetches on demand.
export { default as CreatedDialog } from './CreatedDialog.svelte';
export { default as EmailTakenHelp } from './EmailTakenHelp.svelte';
