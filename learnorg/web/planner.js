/* Learning Ministries: the action planner on the static site, without a kernel.
 *
 * The markup and the data (practices, instrument, texts) come from learnorg.planner.static_html; this script
 * adds behaviour. The rules (parseScoresCsv, rankMeans, suggestPlan, planProblems, planCsv, planBodyHtml,
 * planDocument, formatScore, formatDate) are ports of learnorg/planner.py and are checked against vectors made
 * by Python (tests/vectors/planner.json, tests/test_planner_js.py). Nothing is sent anywhere:
 *
 * - the self-assessment's answers are READ (never written) from localStorage, under the key selfscore.js uses,
 *   "learnorg:self-assessment:<instrument id>:<version>", holding {"answers": {item id: 1-7 or null}}; they are
 *   scored by LMSelfScore.scoreAnswers, the self-assessment's own function (selfscore.js is loaded first);
 * - the plan is kept under its own key, spec.storage_key, as {"version": 1, "plan": {...}};
 * - files are made in the browser (Blob and a download link) and read from the reader's disk (FileReader).
 *
 * Loaded by learnorg.sphinx_planner only on pages that contain [data-lm-planner].
 */
(function (root, factory) {
  "use strict";
  var inNode = typeof module === "object" && module.exports;
  var selfscore = inNode ? require("./selfscore.js") : null;
  var api = factory(function () { return selfscore || root.LMSelfScore || null; });
  if (inNode) {
    module.exports = api;
  } else {
    root.LMPlanner = api;
    if (typeof document !== "undefined") {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", api.initAll);
      } else {
        api.initAll();
      }
    }
  }
})(typeof self !== "undefined" ? self : this, function (getSelfScore) {
  "use strict";

  var OTHER = "other";
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
  var PRIORITY_FIELDS = ["dimension", "practice", "own_practice", "owner", "milestone", "milestone_date", "indicator"];

  // ------------------------------------------------------------------------------------ rules

  function escapeHtml(text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  /** One decimal, halves rounded up; "" when missing (Python: learnorg.planner.format_score). */
  function formatScore(value) {
    if (value === null || value === undefined || typeof value !== "number" || isNaN(value)) return "";
    return (Math.floor(value * 10 + 0.5) / 10).toFixed(1);
  }

  /** "2026-09-30" as "30 September 2026"; anything else as typed. */
  function formatDate(spec, text) {
    text = text || "";
    if (!ISO_DATE.test(text)) return text;
    var parts = text.split("-").map(Number);
    if (parts[1] < 1 || parts[1] > 12) return text;
    return parts[2] + " " + spec.texts.months[parts[1] - 1] + " " + parts[0];
  }

  function dimensionIds(spec) { return spec.instrument.dimensions.map(function (d) { return d.id; }); }

  function label(spec, id) {
    var found = spec.instrument.dimensions.filter(function (d) { return d.id === id; })[0];
    return found ? found.label : id;
  }

  function practiceById(spec, id) {
    if (!id) return null;
    var out = null;
    Object.keys(spec.practices).forEach(function (dim) {
      spec.practices[dim].forEach(function (p) { if (p.id === id) out = p; });
    });
    return out;
  }

  /** Dimension scores (0-100, null when missing) of one respondent's answers, by the self-assessment's rules. */
  function scoresFromAnswers(spec, answers) {
    var selfscore = getSelfScore();
    if (!selfscore || typeof selfscore.scoreAnswers !== "function") {
      throw new Error("the self-assessment's scoring script (selfscore.js) is not loaded on this page");
    }
    var all = selfscore.scoreAnswers(spec.instrument, answers || {});
    var out = {};
    dimensionIds(spec).forEach(function (d) { out[d] = all[d] === undefined ? null : all[d]; });
    return out;
  }

  /** Rows of a CSV text (RFC 4180 quoting; a leading byte-order mark is dropped). */
  function parseCsv(text) {
    text = String(text).replace(/^\ufeff/, "");
    var rows = [], row = [], cell = "", quoted = false, i = 0;
    while (i < text.length) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (c === '"') { quoted = false; i += 1; continue; }
        cell += c; i += 1; continue;
      }
      if (c === '"') { quoted = true; i += 1; continue; }
      if (c === ",") { row.push(cell); cell = ""; i += 1; continue; }
      if (c === "\r" || c === "\n") {
        row.push(cell); rows.push(row); row = []; cell = "";
        i += (c === "\r" && text[i + 1] === "\n") ? 2 : 1;
        continue;
      }
      cell += c; i += 1;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return !(r.length === 1 && r[0].trim() === ""); });
  }

  /** Per-dimension means of a scores CSV (python -m learnorg score --out-scores), from sums of hundredths. */
  function parseScoresCsv(spec, text, name) {
    name = name || "scores file";
    var rows = parseCsv(text);
    if (!rows.length) throw new Error(name + ": the file is empty.");
    var head = rows[0].map(function (h) { return h.trim(); });
    var dims = dimensionIds(spec);
    var found = dims.filter(function (d) { return head.indexOf(d) >= 0; });
    if (!found.length) {
      throw new Error(name + ": no dimension columns found (expected columns such as " + dims.slice(0, 3).join(", ") +
        ", as written by 'python -m learnorg score ... --out-scores').");
    }
    var means = {}, counts = {}, problems = [];
    dims.forEach(function (d) {
      var j = head.indexOf(d);
      if (j < 0) { means[d] = null; counts[d] = 0; return; }
      var total = 0, n = 0;
      rows.slice(1).forEach(function (r, k) {
        var cell = (r[j] === undefined ? "" : r[j]).trim();
        if (cell === "" || /^(nan|na|n\/a)$/i.test(cell)) return;
        var value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell) ? parseFloat(cell) : NaN;
        if (isNaN(value) || value < 0 || value > 100) {
          problems.push(name + ", row " + (k + 2) + ", column '" + d + "': expected a score from 0 to 100, got '" +
            cell + "'.");
          return;
        }
        total += Math.floor(value * 100 + 0.5);
        n += 1;
      });
      means[d] = n ? total / n / 100 : null;
      counts[d] = n;
    });
    if (problems.length) throw new Error(problems.slice(0, 20).join("\n"));
    return { means: means, counts: counts, rows: rows.length - 1 };
  }

  /** As everywhere in the toolkit (Python: plan_from_scores): a scores file of 2 to min_group_size - 1
   * respondents is refused, so nobody's answers can be recognised; one row is a reader's own scores. */
  function checkGroupSize(spec, rows, name) {
    var least = spec.min_group_size || 1;
    if (rows > 1 && rows < least) throw new Error(fill(spec.texts.small_group, { file: name, n: rows, min: least }));
  }

  /** Dimension ids with a score, weakest first; ties in instrument order. */
  function rankMeans(spec, means) {
    var dims = dimensionIds(spec);
    return dims.filter(function (d) { return means[d] !== null && means[d] !== undefined; })
      .sort(function (a, b) { return means[a] - means[b] || dims.indexOf(a) - dims.indexOf(b); });
  }

  function emptyPriority() {
    var p = {};
    PRIORITY_FIELDS.forEach(function (f) { p[f] = ""; });
    return p;
  }

  function emptyPlan(spec) {
    var plan = { team: "", start: "", source: "", scores: {}, priorities: [], review_date: "", next_wave: "" };
    for (var i = 0; i < spec.priorities; i++) plan.priorities.push(emptyPriority());
    return plan;
  }

  /** A plan with every field present (text fields as text), whatever was stored. */
  function normalizePlan(spec, data) {
    var plan = emptyPlan(spec);
    if (!data || typeof data !== "object") return plan;
    ["team", "start", "source", "review_date", "next_wave"].forEach(function (f) {
      if (typeof data[f] === "string") plan[f] = data[f];
    });
    if (data.scores && typeof data.scores === "object") {
      Object.keys(data.scores).forEach(function (k) {
        if (typeof data.scores[k] === "number" && !isNaN(data.scores[k])) plan.scores[k] = data.scores[k];
      });
    }
    (Array.isArray(data.priorities) ? data.priorities : []).slice(0, spec.priorities).forEach(function (row, i) {
      PRIORITY_FIELDS.forEach(function (f) {
        if (row && typeof row[f] === "string") plan.priorities[i][f] = row[f];
      });
    });
    return plan;
  }

  /** The k weakest dimensions as priorities, each with its first practice and that practice's indicator. */
  function suggestPlan(spec, means, k, source, base) {
    k = k || spec.priorities;
    var plan = normalizePlan(spec, base);
    plan.scores = {};
    Object.keys(means).forEach(function (d) { if (means[d] !== null && means[d] !== undefined) plan.scores[d] = means[d]; });
    plan.source = source || "";
    var weakest = rankMeans(spec, means).slice(0, k);
    plan.priorities.forEach(function (row, i) {
      if (i < weakest.length) {
        var first = spec.practices[weakest[i]][0];
        row.dimension = weakest[i]; row.practice = first.id; row.indicator = first.indicator; row.own_practice = "";
      } else {
        row.dimension = ""; row.practice = ""; row.own_practice = ""; row.indicator = "";
      }
    });
    return plan;
  }

  function chosen(plan) {
    var out = [];
    plan.priorities.forEach(function (p, i) { if (p.dimension) out.push([i + 1, p]); });
    return out;
  }

  function joinWords(spec, parts) {
    if (parts.length <= 1) return parts.join("");
    return parts.slice(0, -1).join(", ") + " " + spec.texts.and + " " + parts[parts.length - 1];
  }

  /** What is still missing or inconsistent, in plain words (Python: plan_problems). */
  function planProblems(spec, plan) {
    var tx = spec.texts, out = [], picked = chosen(plan), seen = {};
    if (picked.length < spec.min_priorities) out.push(tx.problem_choose);
    picked.forEach(function (entry) {
      var n = entry[0], row = entry[1], name = label(spec, row.dimension);
      if (seen[row.dimension]) out.push(fill(tx.problem_repeat, { number: n, dimension: name }));
      seen[row.dimension] = true;
      var missing = [];
      if (!row.practice || (row.practice === OTHER && !row.own_practice.trim())) missing.push(tx.missing_practice);
      ["owner", "milestone", "milestone_date", "indicator"].forEach(function (key) {
        if (!row[key].trim()) missing.push(tx["missing_" + key]);
      });
      if (missing.length) out.push(fill(tx.problem_missing, { number: n, dimension: name, fields: joinWords(spec, missing) }));
    });
    if (!plan.review_date.trim()) out.push(tx.problem_review);
    if (!plan.next_wave.trim()) out.push(tx.problem_wave);
    var iso = function (s) { return ISO_DATE.test(s); };
    if (iso(plan.review_date) && iso(plan.next_wave) && plan.review_date >= plan.next_wave) {
      out.push(tx.problem_review_after_wave);
    }
    if (iso(plan.start) && iso(plan.next_wave) && plan.next_wave <= plan.start) out.push(tx.problem_wave_before_start);
    if (iso(plan.review_date)) {
      picked.forEach(function (entry) {
        if (iso(entry[1].milestone_date) && entry[1].milestone_date > plan.review_date) {
          out.push(fill(tx.problem_milestone_after_review, { number: entry[0] }));
        }
      });
    }
    return out;
  }

  /** [title, description, chapter title, tool title] of a priority's practice. */
  function practiceParts(spec, row) {
    if (row.practice === OTHER) return [row.own_practice.trim(), "", "", ""];
    var p = practiceById(spec, row.practice);
    if (!p) return ["", "", "", ""];
    return [p.title, p.description, p.chapter || "", p.tool || ""];
  }

  function csvCell(value) {
    value = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  /** The plan as CSV, byte for byte what learnorg.planner.plan_csv writes. */
  function planCsv(spec, plan) {
    var rows = [];
    var picked = chosen(plan);
    if (!picked.length) picked = [[null, null]];
    picked.forEach(function (entry) {
      var record = {};
      spec.columns.forEach(function (c) { record[c] = ""; });
      record.team = plan.team; record.plan_start = plan.start; record.review_date = plan.review_date;
      record.next_survey_wave = plan.next_wave; record.based_on = plan.source;
      var row = entry[1];
      if (row) {
        var parts = practiceParts(spec, row);
        record.priority = String(entry[0]); record.dimension_id = row.dimension;
        record.dimension = label(spec, row.dimension); record.score = formatScore(plan.scores[row.dimension]);
        record.practice_id = row.practice; record.practice = parts[0]; record.chapter = parts[2];
        record.tool = parts[3]; record.owner = row.owner; record.first_milestone = row.milestone;
        record.milestone_date = row.milestone_date; record.indicator = row.indicator;
      }
      rows.push(spec.columns.map(function (c) { return csvCell(record[c]); }).join(","));
    });
    return "\ufeff" + spec.columns.join(",") + "\r\n" + rows.map(function (r) { return r + "\r\n"; }).join("");
  }

  function field(text) {
    return (text || "").trim() ? escapeHtml(text) : '<span class="lm-blank"></span>';
  }

  /** The plan as an HTML fragment, the same string as learnorg.planner.plan_body_html. */
  function planBodyHtml(spec, plan) {
    var tx = spec.texts, e = escapeHtml;
    var out = ['<div class="lm-plan">', '<h2 class="lm-plan-title">' + e(tx.plan_title) + "</h2>",
      '<p class="lm-plan-meta"><strong>' + e(tx.team) + ":</strong> " + field(plan.team) + "<br><strong>" + e(tx.start) +
      ":</strong> " + field(formatDate(spec, plan.start)) +
      (plan.source.trim() ? "<br><strong>" + e(tx.based_on) + ":</strong> " + e(plan.source) : "") + "</p>",
      '<table class="lm-plan-table"><caption>' + e(tx.table_caption) + "</caption><thead><tr>" +
      ["col_number", "col_dimension", "col_practice", "col_owner", "col_milestone", "col_indicator"].map(function (c) {
        return '<th scope="col">' + e(tx[c]) + "</th>";
      }).join("") + "</tr></thead><tbody>"];
    var picked = chosen(plan);
    if (!picked.length) {
      picked = [];
      for (var i = 1; i <= spec.priorities; i++) picked.push([i, emptyPriority()]);
    }
    picked.forEach(function (entry) {
      var n = entry[0], row = entry[1], dim;
      if (row.dimension) {
        var score = plan.scores[row.dimension];
        dim = e(label(spec, row.dimension)) + (score !== undefined && score !== null
          ? '<br><span class="lm-plan-score">' + e(fill(tx.score, { score: formatScore(score) })) + "</span>" : "");
      } else {
        dim = field("");
      }
      var parts = practiceParts(spec, row), practice;
      if (parts[0]) {
        practice = "<strong>" + e(parts[0]) + "</strong>";
        if (parts[1]) practice += " " + e(parts[1]);
        var refs = [];
        if (parts[2]) refs.push(e(fill(tx.chapter, { chapter: parts[2] })));
        if (parts[3]) refs.push(e(fill(tx.tool, { tool: parts[3] })));
        if (row.practice === OTHER) refs.push(e(tx.own_practice) + ".");
        if (refs.length) practice += '<br><span class="lm-plan-ref">' + refs.join(" ") + "</span>";
      } else {
        practice = field("");
      }
      var milestone = field(row.milestone) + "<br>" + (row.milestone_date.trim()
        ? e(fill(tx.by, { date: formatDate(spec, row.milestone_date) }))
        : e(fill(tx.by, { date: "" })) + '<span class="lm-blank lm-blank-short"></span>');
      out.push("<tr><td>" + n + "</td><td>" + dim + "</td><td>" + practice + "</td><td>" + field(row.owner) +
        "</td><td>" + milestone + "</td><td>" + field(row.indicator) + "</td></tr>");
    });
    out.push("</tbody></table>");
    out.push('<p class="lm-plan-dates"><strong>' + e(tx.review) + ":</strong> " + field(formatDate(spec, plan.review_date)) +
      "<br><strong>" + e(tx.next_wave) + ":</strong> " + field(formatDate(spec, plan.next_wave)) + "</p>");
    var problems = planProblems(spec, plan);
    if (problems.length && chosen(plan).length) {
      out.push('<div class="lm-plan-notes"><h3>' + e(tx.notes_title) + "</h3><ul>" +
        problems.map(function (p) { return "<li>" + e(p) + "</li>"; }).join("") + "</ul></div>");
    }
    out.push('<p class="lm-plan-foot">' + e(tx.footer) + "</p></div>");
    return out.join("");
  }

  /** The plan as a self-contained HTML document, the same string as learnorg.planner.plan_document. */
  function planDocument(spec, plan) {
    var title = spec.texts.document_title + (plan.team.trim() ? ": " + plan.team.trim() : "");
    return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      "<title>" + escapeHtml(title) + "</title><style>" + spec.document_css + "</style></head><body>" +
      planBodyHtml(spec, plan) + "</body></html>\n";
  }

  // ------------------------------------------------------------------------------------ the page

  function storage() {
    try {
      var probe = "__lm_probe__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function slug(text) {
    var s = String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    return s ? "learning_agenda_" + s.slice(0, 40) : "learning_agenda";
  }

  function initPlanner(rootNode) {
    var dataNode = rootNode.querySelector("script.lm-planner-data");
    if (!dataNode) return;
    var spec = JSON.parse(dataNode.textContent);
    var store = storage();
    var form = rootNode.querySelector("form.lm-planner-form");
    var status = rootNode.querySelector(".lm-planner-status");
    var notes = rootNode.querySelector(".lm-planner-notes");
    var ranking = rootNode.querySelector(".lm-planner-ranking");
    var doc = rootNode.querySelector(".lm-plan-doc .lm-plan");
    var confirmBox = rootNode.querySelector(".lm-planner-confirm");
    var plan = emptyPlan(spec);

    function say(text) { status.textContent = text; }

    function input(name) { return form.querySelector('[name="' + name + '"]'); }

    function save() {
      if (!store) return;
      try { store.setItem(spec.storage_key, JSON.stringify({ version: 1, plan: plan })); } catch (e) { /* full */ }
    }

    function fillPractices(n) {
      var row = plan.priorities[n - 1];
      var select = input("p" + n + "-practice");
      var wrap = select.closest(".lm-practice-row");
      select.textContent = "";
      if (!row.dimension) { wrap.hidden = true; return; }
      spec.practices[row.dimension].forEach(function (p) {
        select.appendChild(el("option", { value: p.id }, p.title));
      });
      select.appendChild(el("option", { value: OTHER }, spec.texts.other_option));
      select.value = row.practice || "";
      wrap.hidden = false;
    }

    function describe(n) {
      var row = plan.priorities[n - 1];
      var about = rootNode.querySelector("#" + rootNode.id + "-p" + n + "-about");
      var own = input("p" + n + "-own_practice").closest(".lm-own-row");
      about.textContent = "";
      own.hidden = row.practice !== OTHER;
      var p = practiceById(spec, row.practice);
      if (!p) return;
      about.appendChild(el("p", {}, p.description));
      var refs = el("p", { "class": "lm-practice-links" });
      refs.appendChild(document.createTextNode("Taught in "));
      refs.appendChild(p.chapter_url ? el("a", { href: p.chapter_url }, p.chapter) : el("em", {}, p.chapter));
      if (p.tool) {
        refs.appendChild(document.createTextNode("; tool: "));
        refs.appendChild(p.tool_url ? el("a", { href: p.tool_url }, p.tool) : el("em", {}, p.tool));
      }
      refs.appendChild(document.createTextNode("."));
      about.appendChild(refs);
    }

    /** Put the plan into the form controls. */
    function showPlan() {
      ["team", "start", "review_date", "next_wave"].forEach(function (f) { input(f).value = plan[f]; });
      plan.priorities.forEach(function (row, i) {
        var n = i + 1;
        input("p" + n + "-dimension").value = row.dimension;
        if (input("p" + n + "-dimension").value !== row.dimension) row.dimension = "";
        fillPractices(n);
        ["own_practice", "owner", "milestone", "milestone_date", "indicator"].forEach(function (f) {
          input("p" + n + "-" + f).value = row[f];
        });
        describe(n);
      });
    }

    /** Read one control into the plan; a new dimension or practice brings its suggestions. */
    function readControl(target) {
      var name = target.getAttribute("name");
      var m = /^p(\d)-(\w+)$/.exec(name || "");
      if (!m) { if (name in plan) plan[name] = target.value; return; }
      var n = Number(m[1]), key = m[2], row = plan.priorities[n - 1];
      if ((key === "dimension" || key === "practice") && row[key] === target.value) return;
      if (key === "dimension") {
        row.dimension = target.value;
        var first = row.dimension ? spec.practices[row.dimension][0] : null;
        var before = practiceById(spec, row.practice);
        row.practice = first ? first.id : "";
        if (!row.indicator.trim() || (before && row.indicator === before.indicator) || !first) {
          row.indicator = first ? first.indicator : "";
        }
        fillPractices(n);
        input("p" + n + "-indicator").value = row.indicator;
        describe(n);
      } else if (key === "practice") {
        var old = practiceById(spec, row.practice), now = practiceById(spec, target.value);
        row.practice = target.value;
        if (now && (!row.indicator.trim() || (old && row.indicator === old.indicator))) {
          row.indicator = now.indicator;
          input("p" + n + "-indicator").value = row.indicator;
        }
        describe(n);
      } else {
        row[key] = target.value;
      }
    }

    function render() {
      doc.outerHTML = planBodyHtml(spec, plan);
      doc = rootNode.querySelector(".lm-plan-doc .lm-plan");
      var problems = planProblems(spec, plan);
      notes.textContent = "";
      if (!problems.length) {
        notes.appendChild(el("p", { "class": "lm-planner-complete" }, "\u2713 The plan is complete: print it or download it."));
      } else {
        notes.appendChild(el("p", {}, "Still to settle before the plan is complete:"));
        var list = el("ul");
        problems.forEach(function (p) { list.appendChild(el("li", {}, p)); });
        notes.appendChild(list);
      }
    }

    function showRanking(means, counts, title) {
      ranking.textContent = "";
      var order = rankMeans(spec, means);
      if (!order.length) return;
      var table = el("table", { "class": "lm-planner-rank" });
      table.appendChild(el("caption", {}, title));
      var head = el("tr");
      ["Rank", "Dimension", "Score (0\u2013100)"].concat(counts ? ["Respondents"] : []).concat(["Suggested?"])
        .forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      order.forEach(function (d, i) {
        var tr = el("tr");
        tr.appendChild(el("td", {}, String(i + 1)));
        tr.appendChild(el("td", {}, label(spec, d)));
        tr.appendChild(el("td", { "data-dimension": d }, formatScore(means[d])));
        if (counts) tr.appendChild(el("td", {}, String(counts[d])));
        tr.appendChild(el("td", {}, i < spec.priorities ? "\u2605 suggested" : ""));
        body.appendChild(tr);
      });
      table.appendChild(body);
      ranking.appendChild(table);
    }

    function storedAnswers() {
      if (!store) return null;
      try {
        var saved = JSON.parse(store.getItem(spec.self_assessment_key) || "null");
        return saved && saved.answers && typeof saved.answers === "object" ? saved.answers : null;
      } catch (e) {
        return null;
      }
    }

    /** The self-assessment answers kept in this browser, scored: {scores, answered, total} or {problem}. */
    function readSelfAssessment() {
      var answers = storedAnswers();
      var total = spec.instrument.items.length;
      var answered = answers ? spec.instrument.items.filter(function (i) {
        return answers[i.id] !== null && answers[i.id] !== undefined && answers[i.id] !== "";
      }).length : 0;
      if (!answered) {
        return { problem: "No self-assessment answers were found in this browser. Answer the self-assessment on " +
          "this site first, or load a scores file." };
      }
      var scores;
      try {
        scores = scoresFromAnswers(spec, answers);
      } catch (err) {
        return { problem: "Your self-assessment answers could not be scored here: " + err.message + "." };
      }
      if (!rankMeans(spec, scores).length) {
        return { problem: "Your self-assessment has " + answered + " of " + total + " statements answered: not " +
          "enough to score any dimension yet. Answer at least two-thirds of the statements of a dimension." };
      }
      return { scores: scores, answered: answered, total: total };
    }

    /** Suggest from the self-assessment answers kept in this browser; returns false when there are none. */
    function useSelfAssessment(announce) {
      var found = readSelfAssessment();
      if (found.problem) {
        if (announce) say(found.problem);
        return false;
      }
      var answered = found.answered, total = found.total, scores = found.scores;
      var source = fill(spec.texts.source_answers, { answered: answered, total: total });
      plan = suggestPlan(spec, scores, spec.priorities, source, plan);
      showRanking(scores, null, "Your self-assessment, weakest dimensions first");
      showPlan(); save(); render();
      var names = chosen(plan).map(function (e) { return label(spec, e[1].dimension); });
      say("Suggested from your self-assessment (" + answered + " of " + total + " statements answered): " +
        names.join(", ") + ". Change them if your team sees it differently.");
      return true;
    }

    form.addEventListener("input", function (event) { readControl(event.target); save(); render(); });
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT" || event.target.type === "date") { readControl(event.target); save(); render(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    rootNode.querySelector("[data-action=use-self-assessment]").addEventListener("click", function () {
      useSelfAssessment(true);
    });
    rootNode.querySelector("input[data-action=load-scores]").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        try {
          var parsed = parseScoresCsv(spec, reader.result, file.name);
          checkGroupSize(spec, parsed.rows, file.name);
          var source = fill(parsed.rows === 1 ? spec.texts.source_scores_one : spec.texts.source_scores,
            { file: file.name, respondents: parsed.rows.toLocaleString("en") });
          plan = suggestPlan(spec, parsed.means, spec.priorities, source, plan);
          showRanking(parsed.means, parsed.counts, "Mean scores in " + file.name + ", weakest dimensions first");
          showPlan(); save(); render();
          say("Read " + file.name + " (" + parsed.rows + " rows): the " + chosen(plan).length +
            " weakest dimensions are suggested. Change them if your team sees it differently.");
        } catch (err) {
          say("Could not use " + file.name + ": " + err.message);
        }
        event.target.value = "";
      };
      reader.readAsText(file);
    });
    rootNode.querySelector("[data-action=print]").addEventListener("click", function () { window.print(); });
    rootNode.querySelector("[data-action=download-csv]").addEventListener("click", function () {
      var name = slug(plan.team) + ".csv";
      download(name, planCsv(spec, plan), "text/csv;charset=utf-8");
      say("Downloaded " + name + ": one row per priority; it opens in any spreadsheet program.");
    });
    rootNode.querySelector("[data-action=download-html]").addEventListener("click", function () {
      var name = slug(plan.team) + ".html";
      download(name, planDocument(spec, plan), "text/html;charset=utf-8");
      say("Downloaded " + name + ": open it in any browser to read, share or print the plan.");
    });
    var clearButton = rootNode.querySelector("[data-action=clear]");
    clearButton.addEventListener("click", function () {
      confirmBox.hidden = false;
      confirmBox.querySelector("[data-action=cancel-clear]").focus();
      say("Clear the plan? Choose \u201cYes, clear the plan\u201d or \u201cNo, keep it\u201d.");
    });
    confirmBox.querySelector("[data-action=cancel-clear]").addEventListener("click", function () {
      confirmBox.hidden = true;
      clearButton.focus();
      say("The plan was kept.");
    });
    confirmBox.querySelector("[data-action=confirm-clear]").addEventListener("click", function () {
      plan = emptyPlan(spec);
      if (store) store.removeItem(spec.storage_key);
      ranking.textContent = "";
      showPlan(); render();
      confirmBox.hidden = true;
      clearButton.focus();
      say("The plan was cleared from this browser.");
    });

    rootNode.querySelectorAll(".lm-nojs").forEach(function (n) { n.remove(); });
    rootNode.querySelectorAll(".screen-only[hidden]").forEach(function (n) { n.hidden = false; });
    rootNode.classList.add("lm-ready");

    var saved = null;
    if (store) {
      try { saved = JSON.parse(store.getItem(spec.storage_key) || "null"); } catch (e) { saved = null; }
    }
    if (saved && saved.plan) plan = normalizePlan(spec, saved.plan);
    showPlan(); render();
    if (!store) {
      say("This browser does not let the page keep data, so the plan will be lost when you leave: download it " +
        "before closing the page.");
    } else if (!chosen(plan).length) {
      if (!useSelfAssessment(false)) {
        say("No self-assessment answers were found in this browser. Choose your priorities below, answer the " +
          "self-assessment on this site first, or load a scores file.");
      }
    } else if (saved && saved.plan) {
      var found = readSelfAssessment();
      if (!found.problem) showRanking(found.scores, null, "Your self-assessment, weakest dimensions first");
      say("Your plan was restored from this browser.");
    }
  }

  function initAll() {
    document.querySelectorAll('[data-lm-planner="planner"]').forEach(initPlanner);
  }

  return {
    escapeHtml: escapeHtml,
    formatScore: formatScore,
    formatDate: formatDate,
    scoresFromAnswers: scoresFromAnswers,
    parseCsv: parseCsv,
    parseScoresCsv: parseScoresCsv,
    checkGroupSize: checkGroupSize,
    rankMeans: rankMeans,
    emptyPlan: emptyPlan,
    normalizePlan: normalizePlan,
    suggestPlan: suggestPlan,
    planProblems: planProblems,
    planCsv: planCsv,
    planBodyHtml: planBodyHtml,
    planDocument: planDocument,
    initAll: initAll
  };
});
