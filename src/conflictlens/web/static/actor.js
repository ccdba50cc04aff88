// Actor page: a radial graph of the actors it fought, attacked, accused, allied with or defected to,
// and a strip of relations per month.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("relations-data").textContent);
  var COLOURS = { fought: "#d62728", attacked: "#ff7f0e", accused: "#9467bd", allied: "#2ca02c", defected: "#1f77b4" };
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }
  var legend = document.getElementById("relation-legend");
  Object.keys(COLOURS).forEach(function (k) {
    var s = document.createElement("span"); var i = document.createElement("i");
    i.style.background = COLOURS[k]; s.appendChild(i); s.appendChild(document.createTextNode(k)); legend.appendChild(s);
  });
  var svg = document.getElementById("graph");
  var W = 900, H = 560, cx = W / 2, cy = H / 2;
  var others = [];
  data.edges.forEach(function (e) { if (others.indexOf(e.other) < 0) { others.push(e.other); } });
  others = others.slice(0, 40);
  var pos = {};
  others.forEach(function (name, i) {
    var a = 2 * Math.PI * i / Math.max(1, others.length) - Math.PI / 2;
    pos[name] = [cx + Math.cos(a) * 220, cy + Math.sin(a) * 220];
  });
  var maxCount = Math.max.apply(null, [1].concat(data.edges.map(function (e) { return e.count; })));
  var offsets = {};
  data.edges.forEach(function (e) {
    if (!pos[e.other]) { return; }
    var n = offsets[e.other] = (offsets[e.other] || 0) + 1;
    var p = pos[e.other], bend = (n - 1) * 18;
    var mx = (cx + p[0]) / 2 + bend, my = (cy + p[1]) / 2 - bend;
    var path = el("path", { d: "M" + cx + "," + cy + " Q" + mx + "," + my + " " + p[0] + "," + p[1], fill: "none",
      stroke: COLOURS[e.relation], "stroke-width": 1 + 5 * e.count / maxCount, opacity: 0.8 });
    path.appendChild(el("title", {}, e.relation + " " + e.other + ": " + e.count + " (" + e.first + " to " + e.last + ")"));
    svg.appendChild(path);
  });
  function node(x, y, label, main) {
    svg.appendChild(el("circle", { cx: x, cy: y, r: main ? 9 : 6, fill: main ? "#22313f" : "#607d8b" }));
    var t = el("text", { x: x, y: y - 11, "font-size": main ? 13 : 11, "text-anchor": "middle" }, label.length > 42 ? label.slice(0, 40) + "…" : label);
    var a = el("a", { href: "/actor?name=" + encodeURIComponent(label) }); a.appendChild(t); svg.appendChild(a);
  }
  others.forEach(function (name) { node(pos[name][0], pos[name][1], name, false); });
  node(cx, cy, data.actor, true);
  // Months strip, stacked by relation.
  var months = document.getElementById("months");
  var byMonth = {}, order = [];
  data.months.forEach(function (m) {
    if (!byMonth[m.month]) { byMonth[m.month] = []; order.push(m.month); }
    byMonth[m.month].push(m);
  });
  var mW = 900, mH = 160, pad = 20, bw = Math.max(2, (mW - 2 * pad) / Math.max(1, order.length));
  var mMax = Math.max.apply(null, [1].concat(order.map(function (k) { return byMonth[k].reduce(function (s, m) { return s + m.count; }, 0); })));
  order.forEach(function (k, i) {
    var y = mH - pad;
    byMonth[k].forEach(function (m) {
      var h = (mH - 2 * pad) * m.count / mMax;
      var r = el("rect", { x: pad + i * bw, y: y - h, width: bw - 1, height: h, fill: COLOURS[m.relation] });
      r.appendChild(el("title", {}, k + ": " + m.count + " " + m.relation));
      months.appendChild(r); y -= h;
    });
    if (i === 0 || i === order.length - 1) { months.appendChild(el("text", { x: pad + i * bw, y: mH - 4, "font-size": 11 }, k || "no date")); }
  });
})();
