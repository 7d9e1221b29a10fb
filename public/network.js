// Progressive enhancement for the network page: draws the graph above the list, which stays the
// accessible version and works without this file. The data is the page's own JSON, not a request.
import cytoscape from '/vendor/cytoscape.esm.min.mjs';

const data = document.getElementById('network-data');
const container = document.getElementById('network-graph');
if (data && container) {
  const graph = JSON.parse(data.textContent || '{"nodes":[],"edges":[]}');
  const colours = { young_person: '#1d70b8', adult: '#d4351c', place: '#00703c', vehicle: '#4c2c92', phone: '#f47738', email: '#505a5f', online_account: '#912b88' };
  container.hidden = false;
  const cy = cytoscape({
    container,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, href: n.href, root: n.root ? 1 : 0 } })),
      ...graph.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, label: e.label } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 140, 'background-color': (n) => colours[n.data('kind')] || '#505a5f', width: 22, height: 22 } },
      { selector: 'node[root = 1]', style: { width: 34, height: 34, 'border-width': 4, 'border-color': '#ffdd00' } },
      { selector: 'edge', style: { width: 2, 'line-color': '#b1b4b6', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: '#505a5f' } },
    ],
    layout: { name: 'breadthfirst', roots: graph.nodes.filter((n) => n.root).map((n) => n.id), spacingFactor: 1.2 },
  });
  cy.on('tap', 'node', (event) => {
    const href = event.target.data('href');
    if (href) window.location.assign(href);
  });
}
