// Events page: the base map (world-atlas countries, or tiles when a tile URL is set), clustered markers
// coloured by type, and a timeline stacked by type whose brush filters the map.
(function () {
  "use strict";
  var colours = JSON.parse(document.getElementById("colours").textContent);
  var tileUrl = document.body.getAttribute("data-tile-url");
  var query = window.cl.query();
  var map = L.map("map", { worldCopyJump: true, preferCanvas: true, maxZoom: 14, minZoom: 1 }).setView([20, 20], 2);
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 18, attribution: "tiles: " + tileUrl.split("/")[2] }).addTo(map);
  } else {
    fetch("/static/vendor/world-atlas/countries-50m.json").then(function (r) { return r.json(); }).then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, { style: { color: "#8a9aa9", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
                        interactive: false }).addTo(map).bringToBack();
      document.getElementById("map").setAttribute("data-basemap", String(land.features.length));
    });
    map.attributionControl.addAttribution("Natural Earth via world-atlas");
  }
  // Clusters take the colour of their most frequent event type (the legend's), sized by count.
  function clusterIcon(c) {
    var counts = {}, best = null;
    c.getAllChildMarkers().forEach(function (m) {
      counts[m.eventType] = (counts[m.eventType] || 0) + 1;
      if (best === null || counts[m.eventType] > counts[best]) { best = m.eventType; }
    });
    var n = c.getChildCount(), size = n < 100 ? 30 : n < 1000 ? 38 : 46;
    var html = '<div style="background:' + colourOf(best) + '"><span>' + n + "</span></div>";
    return L.divIcon({ html: html, className: "cl-cluster", iconSize: L.point(size, size) });
  }
  var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45, iconCreateFunction: clusterIcon });
  map.addLayer(cluster);
  var allPoints = [];

  function colourOf(type) { return colours[type || "(PLOVER only)"] || "#777"; }
  function drawPoints(points) {
    cluster.clearLayers();
    var markers = points.map(function (p) {
      var m = L.circleMarker([p[1], p[2]], { radius: 7, color: "#fff", weight: 1, fillColor: colourOf(p[3]), fillOpacity: 0.95 });
      m.eventId = p[0];
      m.eventType = p[3] || "";
      m.bindPopup(function () {
        var div = document.createElement("div");
        var a = document.createElement("a");
        a.href = "/events/" + encodeURIComponent(p[0]);
        a.className = "popup-link";
        a.textContent = (p[3] || "event") + " — open";
        div.appendChild(a);
        return div;
      });
      return m;
    });
    cluster.addLayers(markers);  // chunked: large sets are added over several frames
    if (points.length) {
      map.fitBounds(L.latLngBounds(points.map(function (p) { return [p[1], p[2]]; })).pad(0.2), { maxZoom: 8 });
    }
    document.getElementById("map").setAttribute("data-points", String(markers.length));
  }
  fetch("/api/points?" + query).then(function (r) { return r.json(); }).then(function (data) {
    allPoints = data.points || [];
    drawPoints(allPoints);
    fetch("/api/timeline?" + query).then(function (r) { return r.json(); }).then(function (t) { drawTimeline(t.days || []); });
  });

  // Timeline: one bar per day (stacked by type); drag to brush a range of days.
  var svg = document.getElementById("timeline");
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function dayNumber(d) { return Math.round(Date.parse(d + "T00:00:00Z") / 86400000); }
  function dayText(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  function drawTimeline(days) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    if (!days.length) { return; }
    var width = svg.clientWidth || 900, height = svg.clientHeight || 120, pad = 18;
    var first = dayNumber(days[0].day), last = dayNumber(days[days.length - 1].day);
    var span = Math.max(1, last - first + 1);
    var totals = {}, stacks = {};
    days.forEach(function (d) { totals[d.day] = (totals[d.day] || 0) + d.count; });
    var max = Math.max.apply(null, Object.keys(totals).map(function (k) { return totals[k]; }));
    var barW = Math.max(1, (width - 2 * pad) / span);
    days.forEach(function (d) {
      var x = pad + (dayNumber(d.day) - first) * barW;
      var h = (height - pad - 4) * d.count / max;
      var y0 = stacks[d.day] || (height - pad);
      stacks[d.day] = y0 - h;
      var r = el("rect", { x: x, y: y0 - h, width: Math.max(1, barW - 0.5), height: h, fill: colourOf(d.event_type) });
      var title = el("title", {}); title.textContent = d.day + ": " + d.count + " " + d.event_type;
      r.appendChild(title); svg.appendChild(r);
    });
    var l1 = el("text", { x: pad, y: height - 4, "font-size": 11 }); l1.textContent = dayText(first);
    var l2 = el("text", { x: width - pad, y: height - 4, "font-size": 11, "text-anchor": "end" }); l2.textContent = dayText(last);
    svg.appendChild(l1); svg.appendChild(l2);
    var brush = el("rect", { x: 0, y: 0, width: 0, height: height - pad, fill: "rgba(30,100,200,0.18)", stroke: "#1e64c8" });
    svg.appendChild(brush);
    var start = null;
    function dayAt(evt) {
      var box = svg.getBoundingClientRect();
      var n = first + Math.floor((evt.clientX - box.left - pad) / barW);
      return Math.min(last, Math.max(first, n));
    }
    svg.onmousedown = function (evt) { start = evt.clientX - svg.getBoundingClientRect().left; brush.setAttribute("x", start); brush.setAttribute("width", 0); svg._from = dayAt(evt); };
    svg.onmousemove = function (evt) {
      if (start === null) { return; }
      var x = evt.clientX - svg.getBoundingClientRect().left;
      brush.setAttribute("x", Math.min(start, x)); brush.setAttribute("width", Math.abs(x - start));
    };
    svg.onmouseup = function (evt) {
      if (start === null) { return; }
      start = null;
      var a = svg._from, b = dayAt(evt), lo = dayText(Math.min(a, b)), hi = dayText(Math.max(a, b));
      var brushed = [];
      var wanted = {};
      fetch("/api/points?" + query + "&since=" + lo + "&until=" + hi).then(function (r) { return r.json(); }).then(function (data) {
        data.points.forEach(function (p) { wanted[p[0]] = true; });
        brushed = allPoints.filter(function (p) { return wanted[p[0]]; });
        drawPoints(brushed);
        var note = document.getElementById("brush-note");
        note.textContent = "Map shows " + lo + " to " + hi + " (" + brushed.length + " events). ";
        var clear = document.createElement("a"); clear.href = "#"; clear.textContent = "show all days";
        clear.onclick = function (e) { e.preventDefault(); brush.setAttribute("width", 0); drawPoints(allPoints); note.textContent = "Drag across the timeline to show only those days on the map."; };
        var apply = document.createElement("a"); apply.textContent = " · filter the table too";
        var params = new URLSearchParams(query); params.set("since", lo); params.set("until", hi);
        apply.href = "/events?" + params.toString();
        note.appendChild(clear); note.appendChild(apply);
      });
    };
  }
  var country = document.getElementById("f-country");
  if (country) { country.addEventListener("change", function () { var a = document.querySelector("select[name=admin1]"); if (a) { a.value = ""; } }); }
})();
