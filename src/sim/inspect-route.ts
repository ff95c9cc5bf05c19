// POST /fabric/v1/inspections of one simulated controller, as real v2.0.3 answers it
// (test/fixtures/real-v2.0.3/inspections/): the appRegex is matched against this node and every
// peer its mesh reaches; `data-model-index` gives each matched node's applied raft index. A hung
// matched peer makes the real fan-out give up after 10 s with 503 TIMEOUT; the simulator answers
// that 503 at once (only its timing differs, so tests need not wait 10 s).
import { json } from './answer.js';
import type { Answer } from './node-call.js';
import type { NodeView } from './node-view.js';
import { errorBody } from './payloads.js';
import { jsonFields } from './request-body.js';

export const INSPECTIONS_PATH = '/fabric/v1/inspections';
/** One timeline for the whole simulated cluster: its indexes are always comparable. */
export const SIM_TIMELINE = 'SimTl1ne0';

export function inspectAnswer(view: NodeView, body: string): Answer {
  const fields = jsonFields(body);
  if (!fields.ok) return json(fields.status, errorBody(fields.status, { code: fields.code, message: fields.message }));
  const { appRegex, requestedValues } = fields.raw as { appRegex?: unknown; requestedValues?: unknown };
  if (typeof appRegex !== 'string' || !Array.isArray(requestedValues))
    return json(400, errorBody(400, { message: 'appRegex and requestedValues are required' }));
  let pattern: RegExp;
  try {
    pattern = new RegExp(appRegex);
  } catch (err) {
    const errors = [`${view.self.id}: error parsing regexp: ${(err as Error).message}`];
    return json(200, { errors, success: false, values: null });
  }
  const matched = view.inspectable().filter((t) => pattern.test(t.id));
  if (matched.some((t) => t.hung))
    return json(
      503,
      errorBody(503, { code: 'TIMEOUT', message: 'The requested operation took too much time to reply' }),
    );
  const values = matched.flatMap((t) =>
    requestedValues.includes('data-model-index')
      ? [{ appId: t.id, name: 'data-model-index', value: { index: t.appliedIndex, timeline: SIM_TIMELINE } }]
      : [],
  );
  return json(200, { errors: null, success: true, values: values.length === 0 ? null : values });
}
