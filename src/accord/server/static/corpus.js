// The corpus dashboard: the actor network (cytoscape) and the dyad timeline (Chart.js).
// The data comes from the page's own JSON block; labels are set as data, never as HTML.
import cytoscape from "./vendor/cytoscape.esm.min.js";

const data = JSON.parse(document.getElementById("corpus-data").textContent);

function drawNetwork(network) {
  const box = document.getElementById("network");
  if (!box || network.nodes.length === 0) return;
  const most = Math.max(...network.nodes.map((n) => n.events));
  const heaviest = Math.max(...network.edges.map((e) => e.weight));
  const elements = [];
  for (const n of network.nodes) {
    elements.push({ data: { id: n.code, label: n.code, name: n.name,
                            size: 18 + 42 * Math.sqrt(n.events / most) } });
  }
  network.edges.forEach((e, i) => {
    elements.push({ data: { id: "e" + i, source: e.source_code, target: e.target_code,
                            kind: e.conflict > e.cooperation ? "conflict" : "cooperation",
                            width: 1 + 7 * (e.weight / heaviest), weight: e.weight } });
  });
  const cy = cytoscape({
    container: box,
    elements,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 },
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)",
          height: "data(size)", "background-color": "#1d4ed8", color: "#111827",
          "font-size": 11, "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "edge", style: { width: "data(width)", "curve-style": "bezier",
          "target-arrow-shape": "triangle", opacity: 0.75 } },
      { selector: "edge[kind = 'cooperation']", style: { "line-color": "#15803d",
          "target-arrow-color": "#15803d" } },
      { selector: "edge[kind = 'conflict']", style: { "line-color": "#b91c1c",
          "target-arrow-color": "#b91c1c" } },
    ],
  });
  cy.on("tap", "node", (event) => {
    window.location.href = "/actors/" + encodeURIComponent(event.target.id());
  });
  box.dataset.nodes = String(cy.nodes().length);
  box.dataset.edges = String(cy.edges().length);
  return cy;
}

const QUAD_COLOURS = { 1: "#86efac", 2: "#15803d", 3: "#fca5a5", 4: "#b91c1c" };

function drawTimeline(timeline) {
  const canvas = document.getElementById("timeline");
  if (!canvas || !timeline || typeof Chart === "undefined") return;
  const months = [...new Set(timeline.series.map((r) => r.month))].sort();
  const datasets = [];
  for (const quad of [1, 2, 3, 4]) {
    const counts = months.map((m) => timeline.series
      .filter((r) => r.month === m && r.quad_class === quad)
      .reduce((sum, r) => sum + r.events, 0));
    if (counts.some((c) => c > 0)) {
      datasets.push({ type: "bar", label: timeline.quad_classes[quad], data: counts,
                      backgroundColor: QUAD_COLOURS[quad], stack: "events", yAxisID: "events" });
    }
  }
  datasets.push({ type: "line", label: "Goldstein sum", yAxisID: "goldstein",
                  borderColor: "#1f2937", backgroundColor: "#1f2937",
                  data: months.map((m) => timeline.series.filter((r) => r.month === m)
                    .reduce((sum, r) => sum + r.goldstein, 0)) });
  const chart = new Chart(canvas, {
    data: { labels: months.map((m) => m.slice(0, 7)), datasets },
    options: {
      maintainAspectRatio: false, animation: false,
      scales: {
        events: { position: "left", stacked: true, beginAtZero: true,
                  title: { display: true, text: "events" }, ticks: { precision: 0 } },
        goldstein: { position: "right", grid: { drawOnChartArea: false },
                     title: { display: true, text: "Goldstein sum" } },
        x: { stacked: true },
      },
    },
  });
  canvas.dataset.months = String(chart.data.labels.length);
  return chart;
}

// Both drawings stay reachable from the browser console (and the browser tests).
window.accord = { network: drawNetwork(data.network), timeline: drawTimeline(data.timeline) };
document.body.dataset.ready = "true";
