// The live view's page: receives one snapshot per tick over Server-Sent Events and redraws at most
// once per animation frame, with the newest snapshot only.
import { drawBars, drawShardGraph, drawSparkline, stateLabel } from './charts.js';

const SNAPSHOT_VERSION = 1;
const BATCH_SIZE_LABELS = ['1', '2–4', '5–9', '10–24', '25–49', '50–99', '100–499', '500+'];
const STAGE_WORDS = {
  starting: 'Starting',
  sending: 'Sending readings',
  consuming: 'Waiting for the consumer',
  resharding: 'Resharding',
  stopping: 'Stopping the consumer',
  finished: 'Finished',
  failed: 'Failed',
};

const $ = (id) => document.getElementById(id);
const numbers = new Intl.NumberFormat('en-US');
const format = (value) => (value === null || value === undefined ? '–' : numbers.format(value));
const last = (values) => {
  for (let i = values.length - 1; i >= 0; i -= 1) if (values[i] !== null) return values[i];
  return null;
};

/** Sets text only when it changed: no layout work for figures that stayed the same. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Sets a data attribute only when it changed: an attribute write restyles even when equal. */
function setData(element, key, value) {
  if (element.dataset[key] !== value) element.dataset[key] = value;
}

function cell(row, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  row.append(td);
  return td;
}

/** A table row: a row header, then cells of text (`number` ones aligned right). */
function rowOf(heading, cells) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = heading;
  tr.append(th);
  for (const { text, number = false } of cells) {
    cell(tr, number ? 'number' : undefined).textContent = text;
  }
  return tr;
}

const shardRows = new Map();

function shardRow(tbody, shardId) {
  let row = shardRows.get(shardId);
  if (row !== undefined) return row;
  const tr = document.createElement('tr');
  tr.dataset.shardId = shardId;
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = shardId;
  tr.append(name);
  const state = cell(tr);
  const stateText = document.createElement('span');
  stateText.className = 'state';
  state.append(stateText);
  const parents = cell(tr);
  const writes = cell(tr, 'number');
  const rateCell = cell(tr, 'number');
  const rate = document.createElement('span');
  const rateChart = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  rateChart.setAttribute('class', 'sparkline');
  rateChart.setAttribute('aria-hidden', 'true');
  rateCell.append(rate, rateChart);
  const lagCell = cell(tr, 'number');
  const lag = document.createElement('span');
  const lagChart = rateChart.cloneNode();
  lagCell.append(lag, lagChart);
  const owner = cell(tr);
  row = { tr, stateText, parents, writes, rate, rateChart, lag, lagChart, owner };
  shardRows.set(shardId, row);
  tbody.append(tr);
  return row;
}

function renderShards(snapshot) {
  const capacity = Math.max(1, ...snapshot.shards.map((shard) => shard.writesPerSecond.length));
  const tbody = $('shards').tBodies[0];
  for (const shard of snapshot.shards) {
    const row = shardRow(tbody, shard.shardId);
    setData(row.tr, 'state', shard.state);
    setData(row.stateText, 'state', shard.state);
    setText(row.stateText, stateLabel(shard));
    setText(row.parents, shard.parentShardIds.join(', ') || '–');
    setText(row.writes, format(shard.writes));
    setText(row.rate, format(last(shard.writesPerSecond) ?? 0));
    const lag = last(shard.lagMs);
    setText(row.lag, lag === null ? '–' : `${format(lag)} ms`);
    setText(row.owner, shard.owner ?? '–');
    drawSparkline(row.rateChart, shard.writesPerSecond, capacity);
    drawSparkline(row.lagChart, shard.lagMs, capacity);
  }
  const signature = snapshot.shards
    .map((shard) => `${shard.shardId}:${shard.state}:${shard.drained}:${shard.parentShardIds}`)
    .join('|');
  const graph = $('shard-graph');
  if (graph.dataset.signature !== signature) {
    graph.dataset.signature = signature;
    setText($('shard-graph-caption'), drawShardGraph(graph, snapshot.shards));
  }
}

function renderConsumer(snapshot) {
  const consumer = snapshot.consumer;
  if (consumer === undefined) return;
  const workers = consumer.kind === 'worker';
  setText(
    $('consumer-kind'),
    workers
      ? 'Worker processes share the shards through a lease table (the KCL’s).'
      : 'The handler, invoked by the local trigger as Lambda invokes it.',
  );
  setText($('batches-label'), workers ? 'Batches' : 'Invocations');
  setText($('batches'), format(consumer.batches));
  setText($('batches-rate'), format(last(consumer.batchesPerSecond) ?? 0));
  setText($('records'), format(consumer.records));
  setText($('records-rate'), format(last(consumer.recordsPerSecond) ?? 0));
  setText($('failures'), format(consumer.failures));
  setText($('retries'), format(consumer.retries));
  setText($('filtered'), format(consumer.filteredOut));
  setText($('consumer-stored'), format(consumer.stored));
  drawSparkline($('batches-chart'), consumer.batchesPerSecond, consumer.batchesPerSecond.length);
  const bars = $('batch-sizes-chart');
  const counts = consumer.batchSizes.join(',');
  if (bars.dataset.counts !== counts) {
    bars.dataset.counts = counts;
    drawBars(bars, consumer.batchSizes, BATCH_SIZE_LABELS);
  }
  const sizes = $('batch-sizes').tBodies[0];
  if (sizes.rows.length !== consumer.batchSizes.length) {
    sizes.replaceChildren(
      ...BATCH_SIZE_LABELS.map((label) => rowOf(label, [{ text: '', number: true }])),
    );
  }
  consumer.batchSizes.forEach((count, index) => {
    setText(sizes.rows[index].cells[1], format(count));
  });
  $('workers-region').hidden = consumer.workers.length === 0;
  const table = $('workers');
  const signature = JSON.stringify(consumer.workers);
  if (table.dataset.signature === signature) return;
  table.dataset.signature = signature;
  const rows = consumer.workers.map((worker) =>
    rowOf(worker.workerId, [
      { text: worker.leases.join(', ') || 'none' },
      { text: format(worker.records), number: true },
      { text: format(worker.batches), number: true },
      { text: format(worker.retries), number: true },
    ]),
  );
  table.tBodies[0].replaceChildren(...rows);
}

const spotItems = new Map();

function renderSpots(snapshot) {
  const list = $('spots');
  const threshold = snapshot.run?.minTemperature;
  for (const spot of snapshot.spots) {
    let item = spotItems.get(spot.spot);
    if (item === undefined) {
      const li = document.createElement('li');
      li.dataset.spot = spot.spot;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = spot.spot;
      const temperature = document.createElement('span');
      temperature.className = 'temperature';
      const mark = document.createElement('span');
      mark.className = 'mark';
      const count = document.createElement('span');
      count.className = 'count';
      li.append(name, temperature, mark, count);
      list.append(li);
      item = { li, temperature, mark, count };
      spotItems.set(spot.spot, item);
    }
    if (item.li.classList.contains('hot') !== spot.hot) item.li.classList.toggle('hot', spot.hot);
    setData(item.li, 'temperature', String(spot.temperature ?? ''));
    setData(item.li, 'readings', String(spot.readings));
    setData(item.li, 'matching', String(spot.matching));
    setText(item.temperature, spot.temperature === null ? '–' : `${spot.temperature} °C`);
    setText(item.mark, spot.hot ? '▲ hot' : '');
    const title = spot.hot ? `at or above ${threshold} °C` : '';
    if (item.li.title !== title) item.li.title = title;
    setText(item.count, `${format(spot.readings)} readings, ${format(spot.matching)} hot`);
  }
}

function renderWindows(snapshot) {
  $('windows-region').hidden = snapshot.windows.length === 0;
  const table = $('windows');
  const newest = snapshot.windows[0];
  const signature = `${snapshot.windows.length}:${newest?.spot}:${newest?.windowEnd}`;
  if (snapshot.windows.length === 0 || table.dataset.signature === signature) return;
  table.dataset.signature = signature;
  const time = (ms) => new Date(ms).toISOString().slice(11, 19);
  const rows = snapshot.windows.map((window) =>
    rowOf(window.spot, [
      { text: `${time(window.windowStart)}–${time(window.windowEnd)}` },
      { text: format(window.count), number: true },
      { text: `${window.minTemperature} °C`, number: true },
      { text: `${window.meanTemperature.toFixed(1)} °C`, number: true },
      { text: `${window.maxTemperature} °C`, number: true },
    ]),
  );
  table.tBodies[0].replaceChildren(...rows);
}

let announcedStage;

function render(snapshot) {
  if (snapshot.run !== undefined) {
    const { streamName, tableName, consumer, target } = snapshot.run;
    setText($('run-line'), `Stream ${streamName} → ${consumer} → table ${tableName} (${target})`);
    setText($('matching-label'), `Matching (≥ ${snapshot.run.minTemperature} °C)`);
    setText($('threshold'), String(snapshot.run.minTemperature));
  }
  const stage = $('stage');
  setData(stage, 'stage', snapshot.stage);
  setText(stage, STAGE_WORDS[snapshot.stage] ?? snapshot.stage);
  setText($('sent'), format(snapshot.sent));
  setText($('failed'), format(snapshot.failed));
  setText($('sent-rate'), format(last(snapshot.sentPerSecond) ?? 0));
  setText($('matching'), format(snapshot.matching));
  setText($('stored'), format(snapshot.storedInTable ?? snapshot.consumer?.stored ?? null));
  const check = $('stored-check');
  check.hidden = snapshot.storedInTable === null;
  if (snapshot.storedInTable !== null) {
    const ok = snapshot.storedInTable === snapshot.matching;
    setData(check, 'ok', String(ok));
    setText(
      check,
      ok
        ? `✓ Every matching reading is stored (${format(snapshot.matching)}).`
        : `✗ ${format(snapshot.storedInTable)} stored, ${format(snapshot.matching)} matching.`,
    );
  }
  renderShards(snapshot);
  renderConsumer(snapshot);
  renderSpots(snapshot);
  renderWindows(snapshot);
  if (announcedStage !== snapshot.stage) {
    announcedStage = snapshot.stage;
    const words = STAGE_WORDS[snapshot.stage] ?? snapshot.stage;
    const final =
      snapshot.stage === 'finished'
        ? `: ${format(snapshot.sent)} readings sent, ${format(snapshot.matching)} matching, ${format(snapshot.storedInTable)} stored.`
        : snapshot.stage === 'failed'
          ? `: ${snapshot.error ?? ''}`
          : '.';
    setText($('announcer'), `${words}${final}`);
  }
  setData(document.body, 'tick', String(snapshot.tick));
  setData(document.body, 'stage', snapshot.stage);
}

let pending;
let frameRequested = false;
let shownTick = -1;

function schedule(snapshot) {
  if (snapshot.version !== SNAPSHOT_VERSION || snapshot.tick < shownTick) return;
  pending = snapshot;
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    const next = pending;
    pending = undefined;
    if (next === undefined) return;
    shownTick = next.tick;
    render(next);
  });
}

const connection = $('connection');
const events = new EventSource('/events');
events.addEventListener('snapshot', (event) => schedule(JSON.parse(event.data)));
events.addEventListener('open', () => {
  // A new connection starts from the server's current tick.
  shownTick = -1;
  setText(connection, 'live');
});
events.addEventListener('error', () => {
  setText(connection, 'disconnected: the simulator has stopped (showing its last figures)');
});
