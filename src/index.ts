// The embeddable API: what Node programs import to run the server in-process.
export { version } from './version.js';
