// The dashboard: a page per resource of the HTTP API (executions, one execution, functions, one function, the market), drawn
// with DOM calls only (no innerHTML of API data) and refreshed by polling the same routes any client uses.
const api = document.querySelector('meta[name="serverless-api"]')?.content ?? 'api';
const ended = new Set(['Completed', 'Failed', 'Terminated']);
const main = document.getElementById('main');
// On Azure Functions the page is opened with ?code=<function key>; its API calls send the key as x-functions-key.
const code = new URLSearchParams(location.search).get('code');
if (code) sessionStorage.setItem('serverless-api-key', code);
let timer = null;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function table(headers, rows, label) {
  return h('table', { 'aria-label': label },
    h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c))))));
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(path, init = {}) {
  const headers = new Headers(init.headers ?? {});
  const key = sessionStorage.getItem('serverless-api-key');
  if (key) headers.set('x-functions-key', key);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const response = await fetch(`${api}/${path}`, { ...init, headers });
  if (response.status === 401) {
    document.getElementById('key-form').hidden = false;
  }
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof body === 'object' ? body : { detail: body });
  return { status: response.status, headers: response.headers, body };
}

function notice(text, isError = false) {
  const box = document.getElementById('notice');
  box.replaceChildren(h('p', { class: isError ? 'error' : '' }, text));
  setTimeout(() => { if (box.firstChild?.textContent === text) box.replaceChildren(); }, 6000);
}

function failure(err) {
  return h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? `${err.status}: ${err.message}` : String(err));
}

function status(s) { return h('span', { class: `status ${s}`, 'data-status': s }, s); }

function when(t) { return t ? new Date(t).toLocaleString() : ''; }

// A JSON value with every member name starting lower-case (PascalCase serialisations read as camelCase ones).
function camel(v) {
  if (Array.isArray(v)) return v.map(camel);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(x)]));
}

function show(title, ...content) {
  document.title = `${title} · Serverless Splitter`;
  main.replaceChildren(h('h1', {}, title), ...content);
}

// ---------- executions ----------
async function executionsPage(params) {
  const form = h('form', { class: 'filters', 'aria-label': 'Filter executions' });
  const statusSelect = h('select', { id: 'filter-status', name: 'runtimeStatus' },
    h('option', { value: '' }, 'any'),
    ['Pending', 'Running', 'Suspended', 'Completed', 'Failed', 'Terminated'].map(s => h('option', { value: s, selected: params.get('runtimeStatus') === s }, s)));
  const functionSelect = h('select', { id: 'filter-function', name: 'function' }, h('option', { value: '' }, 'any'));
  form.append(
    h('label', {}, 'Status', statusSelect),
    h('label', {}, 'Function', functionSelect),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (statusSelect.value) q.set('runtimeStatus', statusSelect.value);
    if (functionSelect.value) q.set('function', functionSelect.value);
    location.hash = `#/?${q}`;
  });

  const submit = h('form', { class: 'panel', id: 'submit-form', 'aria-label': 'Submit an execution' });
  const submitFunction = h('select', { id: 'submit-function', required: true });
  const args = h('textarea', { id: 'submit-arguments', spellcheck: 'false' }, '{}');
  submit.append(
    h('label', {}, 'Function', submitFunction),
    h('label', {}, 'Arguments (JSON object, one member per parameter)', args),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Submit')));
  const list = h('div', { id: 'executions' }, h('p', {}, 'Loading…'));
  show('Executions', form, list, h('h2', {}, 'Submit an execution'), submit);

  let functions = [];
  try {
    functions = (await call('functions')).body.functions;
  } catch (err) {
    list.replaceChildren(failure(err));
    return;
  }
  for (const f of functions) {
    functionSelect.append(h('option', { value: f.function, selected: params.get('function') === f.function }, f.function));
    submitFunction.append(h('option', { value: f.function }, f.function));
  }
  const example = () => {
    const f = functions.find(x => x.function === submitFunction.value);
    if (!f) return;
    const sample = {};
    for (const p of f.parameters) sample[p.name] = /int|long|double|decimal|float/i.test(p.type) ? 1 : /bool/i.test(p.type) ? false : /string/i.test(p.type) ? '' : null;
    args.value = JSON.stringify(sample);
  };
  submitFunction.addEventListener('change', example);
  example();
  submit.addEventListener('submit', async e => {
    e.preventDefault();
    let parsed;
    try { parsed = JSON.parse(args.value); } catch (err) { notice(`The arguments are not JSON: ${err.message}`, true); return; }
    try {
      const r = await call('execution/submit', { method: 'POST', body: JSON.stringify({ function: submitFunction.value, arguments: parsed }) });
      location.hash = `#/execution/${encodeURIComponent(r.body.id)}`;
    } catch (err) {
      notice(err.message, true);
    }
  });

  const q = new URLSearchParams(params);
  q.set('top', '50');
  const load = async token => {
    try {
      const r = await call(`executions?${q}`, { headers: token ? { 'x-ms-continuation-token': token } : {} });
      const rows = r.body.map(x => [
        h('a', { href: `#/execution/${encodeURIComponent(x.id)}` }, x.id), x.function, status(x.runtimeStatus), when(x.createdTime), when(x.lastUpdatedTime)]);
      const next = r.headers.get('x-ms-continuation-token');
      list.replaceChildren(
        rows.length ? table(['Id', 'Function', 'Status', 'Created', 'Last updated'], rows, 'Executions') : h('p', {}, 'No executions match.'),
        next ? h('button', { type: 'button', onclick: () => load(next) }, 'Next page') : '');
    } catch (err) {
      list.replaceChildren(failure(err));
    }
  };
  await load(null);
}

// ---------- one execution ----------
async function executionPage(id) {
  const body = h('div', { id: 'execution' }, h('p', {}, 'Loading…'));
  show(`Execution ${id}`, body);
  const path = `execution/${encodeURIComponent(id)}`;
  const act = async (action, method = 'POST') => {
    try {
      await call(action ? `${path}/${action}` : path, { method });
      notice(`${action ?? 'purge'}: done`);
      if (!action) { location.hash = '#/'; return; }
      await refresh();
    } catch (err) {
      notice(err.message, true);
    }
  };
  let pictures = null;
  const refresh = async () => {
    let state;
    try {
      state = (await call(path)).body;
    } catch (err) {
      body.replaceChildren(failure(err));
      return;
    }
    const running = !ended.has(state.runtimeStatus);
    // The custom status is the engine's serialisation of the orchestrator's progress: camelCase or PascalCase members.
    const custom = camel(state.customStatus);
    const progress = new Map((custom?.units ?? []).map(u => [u.unit, u]));
    const unitRows = (state.plan?.units ?? []).map(u => {
      const ran = state.units.find(x => x.unit === u.id);
      const live = progress.get(u.id);
      return [String(u.id), u.segments.join(', '), u.region, ran?.region ?? live?.region ?? '', ran?.instance ?? live?.instance ?? '',
        live?.state ?? (ran?.end ? 'completed' : 'waiting'), String(ran?.attempts ?? live?.attempt ?? 0)];
    });
    const cost = state.cost;
    // Units that left their planned region (plan version 4), as the orchestrator's custom status records them.
    const replans = custom?.replans ?? [];
    const content = [
      h('dl', {},
        h('dt', {}, 'Function'), h('dd', {}, h('a', { href: `#/function/${encodeURIComponent(state.function)}` }, state.function)),
        h('dt', {}, 'Status'), h('dd', { 'aria-live': 'polite' }, status(state.runtimeStatus)),
        h('dt', {}, 'Created'), h('dd', {}, when(state.createdTime)),
        h('dt', {}, 'Last updated'), h('dd', {}, when(state.lastUpdatedTime))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'terminate', disabled: !running, onclick: () => act('terminate') }, 'Terminate'),
        h('button', { type: 'button', id: 'suspend', disabled: !running || state.runtimeStatus === 'Suspended', onclick: () => act('suspend') }, 'Suspend'),
        h('button', { type: 'button', id: 'resume', disabled: state.runtimeStatus !== 'Suspended', onclick: () => act('resume') }, 'Resume'),
        h('button', { type: 'button', id: 'purge', disabled: running, onclick: () => act(null, 'DELETE') }, 'Purge')),
      h('h2', {}, 'Units'),
      table(['Unit', 'Segments', 'Planned region', 'Ran in', 'Instance', 'State', 'Attempts'], unitRows, 'Units'),
      'pictures',
      h('h2', {}, 'Cost'),
      table(['', 'Compute', 'Transfer', 'Total'], [
        ['Planned', ...(state.plan ? [state.plan.cost.compute, state.plan.cost.transfer, state.plan.cost.total].map(n => n.toPrecision(4)) : ['', '', ''])],
        ['Measured', ...(cost ? [cost.compute, cost.transfer, cost.total].map(n => n.toPrecision(4)) : ['', '', ''])]], 'Cost'),
      state.plan ? h('p', {}, `Plan: ${state.plan.algorithm}, predicted makespan ${state.plan.makespanMs.toFixed(1)} ms.`) : '',
      h('h2', {}, 'Re-plans'),
      replans.length === 0
        ? h('p', { id: 'replans' }, 'None: every unit ran in its planned region.')
        : table(['When', 'Unit', 'Attempt', 'Why', 'From', 'To', 'Estimate there', 'Estimate here', 'Re-placed', 'Makespan planned', 'Makespan re-planned'], replans.map(r => [
          when(r.atUtc), String(r.unitId), String(r.attempt),
          r.reason === 'declined' ? 'every instance declined' : r.reason === 'startDelay' ? 'start delay past its slack' : r.reason,
          r.fromRegion, r.toRegion, `${Number(r.oldEstimateMs).toFixed(0)} ms`, `${Number(r.newEstimateMs).toFixed(0)} ms`,
          // Plan version 5: the units not started yet that the re-plan of the rest moved, and the execution's makespan estimates.
          r.replaced == null ? '' : r.replaced.length === 0 ? 'none' : r.replaced.map(u => `unit ${u.unitId}: ${u.fromRegion} → ${u.toRegion}`).join('; '),
          r.oldMakespanMs == null ? '' : `${Number(r.oldMakespanMs).toFixed(0)} ms`,
          r.newMakespanMs == null ? '' : `${Number(r.newMakespanMs).toFixed(0)} ms`]), 'Re-plans'),
      h('h2', {}, state.error ? 'Error' : 'Result'),
      state.error
        ? h('pre', { id: 'error', class: 'error', tabindex: 0, 'aria-label': 'Error' }, `${state.error.type}: ${state.error.message}${state.error.segment !== undefined && state.error.segment !== null ? ` (segment ${state.error.segment})` : ''}`)
        : h('pre', { id: 'result', tabindex: 0, 'aria-label': 'Result' }, state.result === undefined || state.result === null ? (running ? 'running…' : 'null') : JSON.stringify(state.result, null, 2)),
    ];
    if (!pictures) pictures = h('div', { class: 'pictures' });
    if (state.plan && (running || !pictures.dataset.final)) {
      pictures.dataset.final = running ? '' : 'yes';
      const images = [];
      for (const [format, alt] of [['svg', 'Split DAG coloured by region'], ['timeline', 'Timeline of the units per region and instance']]) {
        try {
          const svg = (await call(`${path}?format=${format}`)).body;
          images.push(h('img', { src: URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })), alt }));
        } catch { /* the picture comes with the next refresh */ }
      }
      pictures.replaceChildren(h('h2', {}, 'DAG and timeline'), ...images);
    }
    body.replaceChildren(...content.map(c => (c === 'pictures' ? pictures : c)));
    if (running) timer = setTimeout(refresh, 700);
  };
  await refresh();
}

// ---------- functions ----------
async function functionsPage() {
  const list = h('div', {}, h('p', {}, 'Loading…'));
  show('Functions', list);
  try {
    const functions = (await call('functions')).body.functions;
    list.replaceChildren(table(['Function', 'Parameters', 'Segments', 'Splitable', 'Regions'], functions.map(f => [
      h('a', { href: `#/function/${encodeURIComponent(f.function)}` }, f.function),
      f.parameters.map(p => `${p.type} ${p.name}`).join(', '),
      String(f.segments),
      f.annotations.splitable ? 'yes' : 'no',
      f.annotations.geoPreference ? `${f.annotations.geoPreference.regions.join(', ')}${f.annotations.geoPreference.strict ? ' (strict)' : ''}` : 'any']), 'Functions'));
  } catch (err) {
    list.replaceChildren(failure(err));
  }
}

function annotationsText(a) {
  if (!a) return 'none';
  const parts = [];
  if (a.splitable !== undefined && a.splitable !== null) parts.push(`splitable: ${a.splitable}`);
  if (a.geoPreference) parts.push(`regions: ${a.geoPreference.regions.join(', ')}${a.geoPreference.strict ? ' (strict)' : ''}`);
  if (a.resourceConstraint) parts.push(`${a.resourceConstraint.memoryMb} MB, ${a.resourceConstraint.timeoutSeconds} s`);
  return parts.length ? parts.join('; ') : 'none';
}

async function functionPage(id) {
  const view = h('div', {}, h('p', {}, 'Loading…'));
  const plan = h('div', { id: 'plan' });
  show(id, view, h('h2', {}, 'The plan it would get now'), plan);
  const loadPlan = async () => {
    try {
      const r = (await call('split/analyze', { method: 'POST', body: JSON.stringify({ function: id }) })).body;
      plan.replaceChildren(
        table(['Unit', 'Segments', 'Region'], r.plan.units.map(u => [String(u.id), u.segments.join(', '), h('span', { 'data-unit-region': u.id }, u.region)]), 'Planned units'),
        h('p', {}, `${r.plan.algorithm}; cost ${r.plan.cost.total.toPrecision(4)}, makespan ${r.plan.makespanMs.toFixed(1)} ms.`));
    } catch (err) {
      plan.replaceChildren(failure(err));
    }
  };
  const load = async () => {
    let r;
    try {
      r = await call(`annotation/${encodeURIComponent(id)}`);
    } catch (err) {
      view.replaceChildren(failure(err));
      return;
    }
    const a = r.body;
    const eff = a.effective;
    const splitable = h('input', { type: 'checkbox', id: 'edit-splitable', checked: eff.splitable });
    const regions = h('input', { id: 'edit-regions', value: eff.geoPreference?.regions.join(', ') ?? '', placeholder: 'any region' });
    const strict = h('input', { type: 'checkbox', id: 'edit-strict', checked: eff.geoPreference?.strict ?? false });
    const memory = h('input', { id: 'edit-memory', type: 'number', min: 128, max: 32768, value: eff.resourceConstraint?.memoryMb ?? '' });
    const timeout = h('input', { id: 'edit-timeout', type: 'number', min: 1, max: 3600, value: eff.resourceConstraint?.timeoutSeconds ?? '' });
    const editor = h('form', { class: 'panel', id: 'annotation-form', 'aria-label': 'Edit run-time overrides' },
      h('label', { class: 'inline' }, splitable, 'Splitable'),
      h('label', {}, 'Regions (comma-separated; empty: any)', regions),
      h('label', { class: 'inline' }, strict, 'Strict (a hard constraint)'),
      h('label', {}, 'Memory (MB)', memory),
      h('label', {}, 'Timeout (s)', timeout),
      h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Save overrides')));
    editor.addEventListener('submit', async e => {
      e.preventDefault();
      const names = regions.value.split(',').map(x => x.trim()).filter(Boolean);
      const update = {
        function: id,
        splitable: splitable.checked,
        geoPreference: names.length ? { regions: names, strict: strict.checked } : null,
        resourceConstraint: memory.value && timeout.value ? { memoryMb: Number(memory.value), timeoutSeconds: Number(timeout.value) } : null,
      };
      try {
        await call('annotation/update', { method: 'POST', headers: { 'If-Match': a.eTag ?? a.etag }, body: JSON.stringify(update) });
        notice('Saved: the next call plans with these annotations.');
        await load();
        await loadPlan();
      } catch (err) {
        if (err.status === 412) {
          view.querySelector('#conflict')?.remove();
          editor.before(h('p', { id: 'conflict', class: 'error', role: 'alert' }, 'Conflict: the annotations changed since this page loaded them. Reload to see the current values, then apply your change again.'));
        } else {
          notice(err.message, true);
        }
      }
    });
    view.replaceChildren(
      h('dl', {},
        h('dt', {}, 'Compile time'), h('dd', { id: 'compile-time' }, annotationsText(a.compileTime)),
        h('dt', {}, 'Run-time overrides'), h('dd', { id: 'overrides' }, annotationsText(a.overrides)),
        h('dt', {}, 'Effective'), h('dd', { id: 'effective' }, annotationsText(eff)),
        h('dt', {}, 'ETag'), h('dd', {}, h('code', { id: 'etag' }, a.eTag ?? a.etag))),
      h('h2', {}, 'Run-time overrides'),
      editor,
      h('p', {}, h('button', { type: 'button', id: 'reload', onclick: () => { load(); loadPlan(); } }, 'Reload')));
  };
  await Promise.all([load(), loadPlan()]);
}

// ---------- the compute market ----------
function percent(x) { return `${Math.round(x * 100)}%`; }

function utilisation(x, label) {
  return h('span', { class: 'utilisation' }, h('meter', { min: 0, max: 1, low: 0.5, high: 0.85, optimum: 0, value: x, 'aria-label': label }), ` ${percent(x)}`);
}

async function marketPage() {
  const body = h('div', { id: 'market' }, h('p', {}, 'Loading…'));
  show('Market', body);
  const refresh = async () => {
    let m;
    try {
      m = (await call('market')).body;
    } catch (err) {
      body.replaceChildren(failure(err));
      return;
    }
    const bidderRows = m.regions.flatMap(r => r.bidders.map(b => [
      r.region, h('code', {}, b.id), `${b.busy} / ${b.slots}`, `${b.usedMemoryMb} / ${b.memoryMb} MB`,
      utilisation(b.utilisation, `Utilisation of ${b.id}`), b.pricePerGbSecond.toPrecision(3), b.retired ? 'retired' : 'active']));
    const regionRows = m.regions.map(r => [r.region, String(r.bidders.length), utilisation(r.utilisation, `Mean utilisation of ${r.region}`)]);
    const bidText = b => b.accepted
      ? `${b.instance}: ${b.price.toPrecision(3)}, starts in ${b.startDelayMs.toFixed(0)} ms${b.won ? ' (won)' : ''}`
      : `${b.instance}: declined (${b.declineReason ?? 'no reason'})`;
    const auctionRows = m.auctions.map(a => [
      when(a.at), h('a', { href: `#/execution/${encodeURIComponent(a.execution)}` }, a.execution), String(a.unit), String(a.attempt), a.region,
      a.winner ? h('code', { 'data-winner': a.winner }, a.winner) : h('span', { class: 'error' }, 'none'),
      h('ul', { class: 'bids' }, a.bids.map(b => h('li', { class: b.won ? 'won' : b.accepted ? '' : 'declined' }, bidText(b)))),
      String(a.declined)]);
    const scalingRows = m.scaling.map(s => [when(s.at), s.region, `${s.from} → ${s.to}`,
      [...s.added.map(x => `+${x}`), ...s.retired.map(x => `−${x}`)].join(', '), s.reason]);
    body.replaceChildren(
      h('p', {}, `As of ${when(m.at)}; refreshed every 2 s.`),
      h('h2', {}, 'Regions'),
      table(['Region', 'Bidders', 'Mean utilisation'], regionRows, 'Regions'),
      h('h2', {}, 'Bidders'),
      bidderRows.length ? table(['Region', 'Instance', 'Busy slots', 'Memory', 'Utilisation', 'Price per GB-s', 'State'], bidderRows, 'Bidders') : h('p', {}, 'No compute instances.'),
      h('h2', {}, 'Recent auctions'),
      auctionRows.length ? table(['When', 'Execution', 'Unit', 'Attempt', 'Region', 'Winner', 'Bids', 'Declined'], auctionRows, 'Recent auctions') : h('p', {}, 'No auctions yet: submit an execution.'),
      h('h2', {}, 'Autoscaler decisions'),
      scalingRows.length ? table(['When', 'Region', 'Instances', 'Added / retired', 'Reason'], scalingRows, 'Autoscaler decisions') : h('p', {}, 'No autoscaler decisions (none yet, or no autoscaler runs on this host).'));
    if (location.hash.startsWith('#/market')) timer = setTimeout(refresh, 2000);
  };
  await refresh();
}

// ---------- routing ----------
async function route() {
  clearTimeout(timer);
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[0] === 'function' || parts[0] === 'functions' ? 'functions' : parts[0] === 'market' ? 'market' : 'executions';
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (parts[0] === 'execution' && parts[1]) await executionPage(parts[1]);
  else if (parts[0] === 'functions') await functionsPage();
  else if (parts[0] === 'market') await marketPage();
  else if (parts[0] === 'function' && parts[1]) await functionPage(parts[1]);
  else await executionsPage(params);
}

document.getElementById('key-form').addEventListener('submit', e => {
  e.preventDefault();
  sessionStorage.setItem('serverless-api-key', document.getElementById('api-key').value);
  e.target.hidden = true;
  route();
});
window.addEventListener('hashchange', route);
route();
