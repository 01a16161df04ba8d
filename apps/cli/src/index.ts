// Programmatic entry of @idyn/cli: re-exports only.
export { main } from './main.js';
