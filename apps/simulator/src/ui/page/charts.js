// Plain SVG charts for the live view: a sparkline, a bar chart and the shard graph. Each redraws
// into the <svg> it is given; none keeps state.

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes. */
export function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/**
 * Draws a series (numbers, `null` for gaps) as one path scaled to its own maximum, into `svg`,
 * with `capacity` points across. Gaps split the line. Touches the DOM only when the path changed.
 */
export function drawSparkline(svg, values, capacity) {
  const width = 120;
  const height = 24;
  let path = svg.firstElementChild;
  if (path === null) {
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    path = svgElement('path');
    svg.append(path);
  }
  let max = 1;
  for (const value of values) if (value !== null && value > max) max = value;
  const step = width / Math.max(1, capacity - 1);
  const offset = capacity - values.length;
  let d = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = ((offset + index) * step).toFixed(1);
    const y = (height - 1 - (value / max) * (height - 2)).toFixed(1);
    d += `${drawing ? 'L' : 'M'}${x} ${y} `;
    drawing = true;
  });
  if (path.getAttribute('d') !== d) path.setAttribute('d', d);
}

/** Draws labelled bars, one per count. */
export function drawBars(svg, counts, labels) {
  const width = 360;
  const height = 80;
  const barArea = height - 14;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const max = Math.max(1, ...counts);
  const slot = width / counts.length;
  const children = [];
  counts.forEach((count, index) => {
    const barHeight = (count / max) * barArea;
    children.push(
      svgElement('rect', {
        x: (index * slot + 2).toFixed(1),
        y: (barArea - barHeight).toFixed(1),
        width: (slot - 4).toFixed(1),
        height: barHeight.toFixed(1),
      }),
    );
    const label = svgElement('text', { x: (index * slot + 2).toFixed(1), y: height - 2 });
    label.textContent = labels[index];
    children.push(label);
  });
  svg.replaceChildren(...children);
}

const NODE_WIDTH = 190;
const NODE_HEIGHT = 34;
const COLUMN_GAP = 70;
const ROW_GAP = 10;

/** A shard's generation: 0 without known parents, else one more than its deepest parent. */
function generations(shards) {
  const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
  const depth = new Map();
  const depthOf = (shard, seen = new Set()) => {
    if (depth.has(shard.shardId)) return depth.get(shard.shardId);
    if (seen.has(shard.shardId)) return 0;
    seen.add(shard.shardId);
    const parents = shard.parentShardIds.map((id) => byId.get(id)).filter(Boolean);
    const value = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => depthOf(p, seen)));
    depth.set(shard.shardId, value);
    return value;
  };
  for (const shard of shards) depthOf(shard);
  return depth;
}

/** The label of a shard's state, in words: the graph never relies on colour alone. */
export function stateLabel(shard) {
  if (shard.state === 'closed') return shard.drained ? 'closed, read to its end' : 'closed';
  if (shard.state === 'waiting') return 'waiting for parents';
  return 'open';
}

/**
 * Draws the shards as boxes in columns by generation, with an arrow from each parent to its
 * children; returns a sentence describing the graph for its caption.
 */
export function drawShardGraph(svg, shards) {
  const depth = generations(shards);
  const columns = [];
  for (const shard of shards) {
    const column = depth.get(shard.shardId) ?? 0;
    if (columns[column] === undefined) columns[column] = [];
    columns[column].push(shard);
  }
  const position = new Map();
  const rows = Math.max(1, ...columns.map((column) => column?.length ?? 0));
  columns.forEach((column, c) => {
    column?.forEach((shard, r) => {
      position.set(shard.shardId, {
        x: c * (NODE_WIDTH + COLUMN_GAP) + 4,
        y: r * (NODE_HEIGHT + ROW_GAP) + 4,
      });
    });
  });
  const width = Math.max(1, columns.length) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP + 12;
  const height = rows * (NODE_HEIGHT + ROW_GAP) + 8;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('height', String(Math.min(height, 640)));

  const defs = svgElement('defs');
  const marker = svgElement('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: 'currentColor' }));
  defs.append(marker);
  const children = [defs];
  for (const shard of shards) {
    const to = position.get(shard.shardId);
    for (const parentId of shard.parentShardIds) {
      const from = position.get(parentId);
      if (from === undefined || to === undefined) continue;
      const x1 = from.x + NODE_WIDTH;
      const y1 = from.y + NODE_HEIGHT / 2;
      const x2 = to.x - 2;
      const y2 = to.y + NODE_HEIGHT / 2;
      const middle = (x1 + x2) / 2;
      children.push(
        svgElement('path', {
          class: 'edge',
          d: `M ${x1} ${y1} C ${middle} ${y1}, ${middle} ${y2}, ${x2} ${y2}`,
          'marker-end': 'url(#arrow)',
          'data-from': parentId,
          'data-to': shard.shardId,
        }),
      );
    }
  }
  for (const shard of shards) {
    const { x, y } = position.get(shard.shardId);
    const node = svgElement('g', {
      class: 'node',
      'data-shard-id': shard.shardId,
      'data-state': shard.state,
    });
    node.append(svgElement('rect', { x, y, width: NODE_WIDTH, height: NODE_HEIGHT, rx: 5 }));
    const name = svgElement('text', { x: x + 8, y: y + 14 });
    name.textContent = shard.shardId;
    const label = svgElement('text', { x: x + 8, y: y + 28, class: 'label' });
    label.textContent = stateLabel(shard);
    node.append(name, label);
    children.push(node);
  }
  // The <title> stays: it names the graph for assistive technology.
  const title = svg.querySelector('title');
  svg.replaceChildren(...(title === null ? [] : [title]), ...children);

  const described = shards.map((shard) => {
    const parents =
      shard.parentShardIds.length === 0 ? '' : `, child of ${shard.parentShardIds.join(' and ')}`;
    return `${shard.shardId} ${stateLabel(shard)}${parents}`;
  });
  return `${shards.length} shard${shards.length === 1 ? '' : 's'}: ${described.join('; ')}.`;
}
