// The article view: a click on a marked passage shows what covers it.
// Every value is written with textContent: nothing from the article or the record is
// ever parsed as HTML.
"use strict";
(function () {
  const text = document.getElementById("article-text");
  const source = document.getElementById("accord-details");
  const panel = document.getElementById("details");
  if (!text || !source || !panel) return;
  const details = JSON.parse(source.textContent);

  const FIELDS = {
    mention: [["name", "Actor"], ["code", "Code"], ["kind", "Kind"], ["role", "Role"],
              ["country", "Country"], ["org", "Organisation"], ["sector", "Sector"],
              ["mentions", "Mentions"]],
    trigger: [["label", "Event"], ["code", "CAMEO"], ["plover", "PLOVER"],
              ["source_name", "Source"], ["target_name", "Target"], ["quad_class", "Quad class"],
              ["goldstein", "Goldstein"], ["modality", "Modality"], ["date", "Date"],
              ["location", "Place"], ["confidence", "Confidence"], ["sentence_text", "Sentence"]],
    quote: [["kind", "Kind"], ["speaker_name", "Speaker"], ["quote_text", "Quote"]],
    framing: [["technique", "Technique"], ["rationale", "Why"], ["confidence", "Confidence"],
              ["span_text", "Span"]],
  };
  const HEADINGS = { mention: "Actor", trigger: "Event", quote: "Quote", framing: "Framing" };

  function element(tag, content) {
    const node = document.createElement(tag);
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function show(ids) {
    panel.replaceChildren(element("h2", "Details"));
    for (const id of ids) {
      const item = details[id];
      if (!item) continue;
      panel.appendChild(element("h3", HEADINGS[item.layer] || item.layer));
      const list = element("dl");
      for (const [key, label] of FIELDS[item.layer] || []) {
        const value = item[key];
        if (value === null || value === undefined || value === "") continue;
        list.appendChild(element("dt", label));
        list.appendChild(element("dd", String(value)));
      }
      panel.appendChild(list);
    }
  }

  text.addEventListener("click", function (event) {
    const span = event.target.closest("span[data-ids]");
    if (!span) return;
    for (const old of text.querySelectorAll("span.active")) old.classList.remove("active");
    span.classList.add("active");
    show(span.dataset.ids.split(" "));
  });
})();
