// Programmatic entry of @idyn/cli: re-exports only.
export { main, type CliIo, type TextSink } from './main.js';
