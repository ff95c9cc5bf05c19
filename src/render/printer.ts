// The one output decision (docs/design.md section 4): format, --ziti-compat, --no-headers, watch
// and --events are decided here together, and every combination either does what it says or is
// refused with a UsageError naming what works. The caller builds the RenderContext once (colour
// level included) and, where the user named no format, asks defaultFormat for one.
//
// | request                                   | once                     |
// |-------------------------------------------|--------------------------|
// | --events (-o ndjson or json)              | refused: needs --watch   |
// | --events with another -o                  | refused: needs --watch   |
// | --events --no-headers / --ziti-compat     | refused: needs --watch   |
// | --ziti-compat (-o table)                  | ziti's table and footer  |
// | --ziti-compat --no-headers                | ziti's table, no header  |
// | --ziti-compat with any other -o           | refused                  |
// | --no-headers, json/ndjson/yaml/prometheus | refused: no header line  |
// | -o table, -o wide (--no-headers too)      | the table                |
// | -o plain, -o csv (--no-headers too)       | tab-separated / RFC 4180 |
// | -o json                                   | one indented document    |
// | -o ndjson                                 | one JSON view, one line  |
// | -o yaml                                   | one YAML document        |
// | -o prometheus                             | one exposition           |
//
// | request                                   | watch on a terminal        | watch piped                |
// |-------------------------------------------|----------------------------|----------------------------|
// | --events (-o ndjson or json)              | one JSON line per change   | one JSON line per change   |
// | --events with another -o                  | refused: JSON lines only   | refused: JSON lines only   |
// | --events --no-headers / --ziti-compat     | refused                    | refused                    |
// | --ziti-compat (-o table)                  | refused: ziti has no watch | refused: ziti has no watch |
// | --ziti-compat --no-headers                | refused: ziti has no watch | refused: ziti has no watch |
// | --ziti-compat with any other -o           | refused                    | refused                    |
// | --no-headers, json/ndjson/yaml/prometheus | refused: no header line    | refused: no header line    |
// | -o table, -o wide (--no-headers too)      | the live screen            | one table per tick         |
// | -o plain, -o csv (--no-headers too)       | refused: use -o ndjson     | refused: use -o ndjson     |
// | -o json                                   | one JSON view per line     | one JSON view per line     |
// | -o ndjson                                 | one JSON view per line     | one JSON view per line     |
// | -o yaml                                   | one `---` document a tick  | one `---` document a tick  |
// | -o prometheus                             | refused: use serve         | refused: use serve         |
//
// Rows are checked top down; "terminal" is ctx.tty. Piped table/wide print one table per tick
// (kubectl get -w prints on too): whoever names a table into tee, less or a log wants tables, and
// each comes after a header line with its time. A stream needs a form whose pieces stay apart:
// JSON lines, YAML documents and headed tables do; plain and csv would run into one table
// whose rows no longer say which tick they are from, and an exposition is one snapshot by
// definition (serve is the live form), so those are refused.
import type { AuditEvent } from '../audit-event.js';
import { UsageError } from '../errors.js';
import type { OutStream } from '../io.js';
import type { ClusterView } from '../model.js';
import { renderJson, renderJsonLine } from './json.js';
import { renderPlain } from './plain.js';
import type { OutputFormat, RenderContext } from './render-context.js';
import { renderZitiCompat } from './ziti-compat.js';

export interface PrintRequest {
  format: OutputFormat;
  zitiCompat: boolean;
  noHeaders: boolean;
  mode: 'once' | 'watch';
  events: boolean;
}

export interface Printer {
  show(view: ClusterView, events: readonly AuditEvent[]): void | Promise<void>;
  /** Leaves the stream as it found it (the live screen's alternate screen); idempotent. */
  close(): void;
}

const HEADED = ['table', 'wide', 'plain', 'csv'];

/** The format when the user named none (no -o, --json, --csv or config output:). */
export function defaultFormat(
  request: Pick<PrintRequest, 'mode' | 'zitiCompat' | 'events'>,
  tty: boolean,
): OutputFormat {
  if (request.events) return 'ndjson';
  // ziti prints its table to a pipe too.
  if (request.zitiCompat || tty) return 'table';
  return request.mode === 'watch' ? 'ndjson' : 'plain';
}

/** Throws UsageError for a combination it cannot honour (see the table above); writes nothing until show(). */
export function pickPrinter(request: PrintRequest, out: OutStream, ctx: RenderContext): Printer {
  const { format, mode } = request;
  const context: RenderContext = { ...ctx, noHeaders: request.noHeaders };
  refuseWhatCannotBeHonoured(request);
  if (request.events) return eventsPrinter(out);
  if (request.zitiCompat) return oncePrinter(out, (view) => renderZitiCompat(view, at(context, view)));
  if (mode === 'once') return oncePrinter(out, (view) => renderOnce(view, format, at(context, view)));
  if (format === 'json' || format === 'ndjson') return jsonLinesPrinter(out);
  if (format === 'yaml') return oncePrinter(out, async (view) => (await import('./yaml.js')).renderYamlDocument(view));
  // table or wide: the rest were refused above.
  const wide = format === 'wide';
  return loadedLater(async () => {
    const frames = await import('./watch-frames.js');
    return context.tty ? frames.liveScreen(out, context, wide) : frames.tablePerTick(out, context, wide);
  });
}

function refuseWhatCannotBeHonoured({ format, zitiCompat, noHeaders, mode, events }: PrintRequest): void {
  if (events && mode === 'once') throw new UsageError('--events only work with --watch; add --watch [interval]');
  if (events && zitiCompat)
    throw new UsageError(
      "--events prints JSON lines of changes and --ziti-compat prints ziti's table; give one of them",
    );
  if (events && format !== 'json' && format !== 'ndjson')
    throw new UsageError(`--events prints one JSON line per change; drop --output ${format}`);
  if (zitiCompat && mode === 'watch')
    throw new UsageError(
      "--ziti-compat prints ziti's table once, as ziti does; drop --watch, or drop --ziti-compat to " +
        'watch a live table or -o ndjson',
    );
  if (zitiCompat && format !== 'table')
    throw new UsageError(
      `--ziti-compat prints ziti's table; drop --output ${format}, or drop --ziti-compat for ` +
        `ziti-status's own -o ${format}`,
    );
  if (noHeaders && (events || !HEADED.includes(format)))
    throw new UsageError(
      `--no-headers is for table, wide, plain and csv; ${events ? '--events' : `-o ${format}`} has no header line`,
    );
  if (mode === 'watch' && (format === 'plain' || format === 'csv')) {
    throw new UsageError(
      `--watch cannot stream -o ${format}: one tick's rows would run into the next; drop ` +
        `--output ${format} for a live table, or use -o ndjson for one JSON view per line`,
    );
  }
  if (mode === 'watch' && format === 'prometheus')
    throw new UsageError(
      '--watch cannot stream -o prometheus: an exposition is one snapshot; run `ziti-status serve` for ' +
        'live /metrics, or drop --output prometheus',
    );
}

/** A single run's text for one format (and yaml's per tick): the renderers behind import() load only when asked for. */
async function renderOnce(view: ClusterView, format: OutputFormat, ctx: RenderContext): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(view);
    case 'ndjson':
      return renderJsonLine(view);
    case 'plain':
      return renderPlain(view, ctx);
    case 'table':
    case 'wide':
      return (await import('./table.js')).renderTable(view, ctx, { wide: format === 'wide', frame: false });
    case 'csv':
      return (await import('./csv.js')).renderCsv(view, ctx);
    case 'prometheus':
      return (await import('./prometheus.js')).renderPrometheus([{ view, labels: {} }]);
    case 'yaml':
      return (await import('./yaml.js')).renderYaml(view);
  }
}

function jsonLinesPrinter(out: OutStream): Printer {
  return { show: (view) => void out.write(renderJsonLine(view)), close: () => {} };
}

function eventsPrinter(out: OutStream): Printer {
  return {
    show: (_view, events) => {
      for (const event of events) out.write(renderJsonLine(event));
    },
    close: () => {},
  };
}

// A view's relative times count from when it was reconciled (right after its poll), not from when
// the caller built the context, before the poll: an answer that came during the poll must not read
// as "in 1s (clock skew?)". Watch frames do the same (watch-frames.ts).
const at = (ctx: RenderContext, view: ClusterView): RenderContext => ({ ...ctx, now: new Date(view.generatedAt) });

function oncePrinter(out: OutStream, text: (view: ClusterView) => string | Promise<string>): Printer {
  return { show: async (view) => void out.write(await text(view)), close: () => {} };
}

/** A printer whose module loads on its first show (the table's chalk and cli-table3 cost start-up time). */
function loadedLater(load: () => Promise<Printer>): Printer {
  let loading: Promise<Printer> | null = null;
  let loaded: Printer | null = null;
  let closed = false;
  return {
    async show(view, events) {
      loading ??= load().then((p) => (loaded = p));
      const printer = await loading;
      // A close() while the module loaded means the run is over: nothing more reaches the stream.
      if (!closed) await printer.show(view, events);
    },
    close() {
      closed = true;
      loaded?.close();
    },
  };
}
