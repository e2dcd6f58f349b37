// superforms' zod 4 client adapter on its own, for ./forms.ts to import when a form first validates.
export { zod4Client } from 'sveltekit-superforms/adapters';
