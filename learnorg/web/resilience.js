/* Learning Ministries: the "learning and resilience" thought experiment on the static site, without a kernel.
 *
 * The markup and every scenario's numbers come from learnorg.resilience_explorer.static_html (precomputed by
 * learnorg.resilience_model). This script only switches between scenarios when a control moves: it redraws the
 * line and the two lowest points, and rewrites the table, the summary (aria-live) and the chart's description.
 * Nothing is sent anywhere. Loaded by learnorg.sphinx_resilience only on pages that contain [data-lm-resilience].
 */
(function () {
  "use strict";

  function fmt(n) {
    return String(Math.round(n * 10) / 10);
  }

  function init(root) {
    var data = JSON.parse(root.querySelector("script.lm-res-data").textContent);
    var geo = data.geometry;
    var inputs = {};
    data.controls.forEach(function (c) {
      inputs[c.key] = { el: root.querySelector('input[data-control="' + c.key + '"]'), text: c.text };
    });
    var line = root.querySelector(".lm-res-line");
    var troughs = root.querySelectorAll(".lm-res-trough");
    var desc = root.querySelector(".lm-res-desc");
    var summary = root.querySelector(".lm-res-summary");

    function x(month) { return geo.left + month * geo.width / (geo.months - 1); }
    function y(level) { return geo.top + (geo.baseline - level) * geo.height / geo.baseline; }

    function update() {
      var i = {};
      Object.keys(inputs).forEach(function (key) {
        var input = inputs[key];
        i[key] = Number(input.el.value);
        var text = input.text[i[key]];
        input.el.setAttribute("aria-valuetext", text);
        input.el.parentNode.querySelector("output").textContent = text;
      });
      var s = data.scenarios[i.delay][i.speed][i.memory];
      line.setAttribute("points", s.l.map(function (v, t) { return fmt(x(t)) + "," + fmt(y(v)); }).join(" "));
      s.k.forEach(function (k, n) {
        var g = troughs[n], cx = x(k[0]), cy = y(k[1]);
        var circle = g.querySelector("circle"), label = g.querySelector("text");
        circle.setAttribute("cx", fmt(cx));
        circle.setAttribute("cy", fmt(cy));
        label.setAttribute("x", fmt(cx + 8));
        label.setAttribute("y", fmt(k[1] > 12 ? cy + 18 : cy - 10));
        label.textContent = k[2];
      });
      s.c.forEach(function (text, n) {
        root.querySelector('td[data-cell="' + n + '"]').textContent = text;
      });
      desc.textContent = data.description.replace("{0}", s.c[0]).replace("{1}", s.c[1])
        .replace("{2}", s.c[2]).replace("{3}", s.c[3]).replace("{summary}", s.t);
      summary.textContent = s.t;
      root.setAttribute("data-scenario", [i.delay, i.speed, i.memory].join(","));
    }

    Object.keys(inputs).forEach(function (key) {
      inputs[key].el.addEventListener("input", update);
      inputs[key].el.addEventListener("change", update);
    });
    var nojs = root.querySelector(".lm-nojs");
    if (nojs) nojs.parentNode.removeChild(nojs);
    root.querySelector(".lm-res-controls").hidden = false;
    update();
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-lm-resilience="explorer"]'), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
