// render/'s entry: commands ask pickPrinter for a printer once per run (printer.ts holds the one
// output decision); defaultFormat fills in a format the user did not name.
export { defaultFormat, pickPrinter, type PrintRequest, type Printer } from './printer.js';
// Until commands/list-controllers.ts calls pickPrinter: the single run's text for a format.
export { renderOnce as render } from './printer.js';
