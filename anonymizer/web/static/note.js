// "Notiz anonymisieren": send the note, highlight the findings, let the user correct them.
// Corrections apply to every mention: a kept word stays everywhere, a hidden word goes everywhere.
"use strict";

const note = {
  text: "",
  filename: "notiz",
  file: null, // a dropped Word file: the download is then the anonymised Word file
  keep: [],
  hide: [],
  result: null,
};

const $ = (id) => document.getElementById(id);

async function runNote(formData) {
  kita.showError($("note-error"), null);
  $("note-submit").disabled = true;
  try {
    const data = formData
      ? await kita.call("/api/anonymize", formData)
      : await kita.call("/api/anonymize", {
          text: note.text,
          policy: $("note-policy").value,
          operator: $("note-operator").value || null,
          keep: note.keep,
          hide: note.hide,
        });
    if (data.original !== null && data.original !== undefined) {
      note.text = data.original;
      $("note-text").value = data.original;
    }
    note.result = data;
    showResult();
  } catch (error) {
    kita.showError($("note-error"), error);
  } finally {
    $("note-submit").disabled = false;
  }
}

function showResult() {
  const original = $("original");
  original.replaceChildren();
  let cursor = 0;
  for (const finding of note.result.findings) {
    original.append(note.text.slice(cursor, finding.start));
    const mark = document.createElement("mark");
    mark.className = "pii";
    mark.dataset.label = finding.label;
    mark.title = finding.label_name + " – antippen, um die Stelle stehen zu lassen";
    mark.textContent = note.text.slice(finding.start, finding.end);
    mark.tabIndex = 0;
    mark.addEventListener("click", () => keepWord(mark.textContent));
    mark.addEventListener("keydown", (event) => { if (event.key === "Enter") keepWord(mark.textContent); });
    original.append(mark);
    cursor = finding.end;
  }
  original.append(note.text.slice(cursor));
  $("anonymized").textContent = note.result.text;
  showCorrections();
  showReport(note.result.report);
  $("note-result").hidden = false;
}

function showCorrections() {
  const box = $("corrections");
  box.replaceChildren();
  const chip = (label, word, list) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    button.textContent = label + ": " + word + " ✕";
    button.title = "Korrektur zurücknehmen";
    button.addEventListener("click", () => {
      list.splice(list.findIndex((entry) => (entry.text || entry) === word), 1);
      runNote();
    });
    box.append(button);
  };
  note.keep.forEach((word) => chip("bleibt stehen", word, note.keep));
  note.hide.forEach((mark) => chip("wird verborgen", mark.text, note.hide));
}

function showReport(report) {
  const box = $("report");
  box.replaceChildren();
  const counts = {};
  for (const finding of note.result.findings) {
    counts[finding.label_name] = (counts[finding.label_name] || 0) + 1;
  }
  const list = document.createElement("ul");
  for (const [name, count] of Object.entries(counts)) list.append(kita.item(name + ": " + count));
  if (!list.children.length) list.append(kita.item("Keine personenbezogenen Daten gefunden."));
  box.append(list);
  const warnings = (report && report.warnings) || [];
  if (warnings.length) {
    const heading = document.createElement("h3");
    heading.textContent = "Vorsicht: diese Angaben können zusammen eine Familie erkennbar machen";
    const items = document.createElement("ul");
    items.className = "warnings";
    for (const warning of warnings) items.append(kita.item(warning.message + ": „" + warning.text + "“"));
    box.append(heading, items);
  }
}

function keepWord(word) {
  if (!note.keep.includes(word)) note.keep.push(word);
  note.hide = note.hide.filter((mark) => mark.text.toLowerCase() !== word.toLowerCase());
  runNote();
}

function hideSelection() {
  const selection = window.getSelection();
  const word = selection ? selection.toString().trim() : "";
  if (!word || !$("original").contains(selection.anchorNode)) {
    kita.showError($("note-error"), new Error("Bitte zuerst im Original ein Wort markieren."));
    return;
  }
  note.keep = note.keep.filter((kept) => kept.toLowerCase() !== word.toLowerCase());
  note.hide.push({ text: word, label: $("hide-label").value });
  runNote();
}

function fileForm(file) {
  const form = new FormData();
  form.append("file", file);
  form.append("policy", $("note-policy").value);
  form.append("operator", $("note-operator").value);
  note.keep.forEach((word) => form.append("keep", word));
  note.hide.forEach((mark) => { form.append("hide", mark.text); form.append("hide_label", mark.label); });
  return form;
}

function readFile(file) {
  note.keep = [];
  note.hide = [];
  note.filename = file.name.replace(/\.[^.]+$/, "");
  note.file = file.name.toLowerCase().endsWith(".docx") ? file : null;
  runNote(fileForm(file));
}

async function download() {
  if (!note.file) {
    kita.download(note.filename + "-anonymisiert.txt", new Blob([note.result.text], { type: "text/plain;charset=utf-8" }));
    return;
  }
  try {
    kita.download(note.filename + "-anonymisiert.docx", await kita.fetchBlob("/api/anonymize", fileForm(note.file), kita.DOCX));
  } catch (error) {
    kita.showError($("note-error"), error);
  }
}

$("note-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if ($("note-text").value !== note.text) {
    note.keep = [];
    note.hide = [];
    note.file = null; // edited by hand: the text is what counts now
  }
  note.text = $("note-text").value;
  runNote();
});
$("note-file").addEventListener("change", (event) => { if (event.target.files[0]) readFile(event.target.files[0]); });
$("dropzone").addEventListener("dragover", (event) => { event.preventDefault(); $("dropzone").classList.add("over"); });
$("dropzone").addEventListener("dragleave", () => $("dropzone").classList.remove("over"));
$("dropzone").addEventListener("drop", (event) => {
  event.preventDefault();
  $("dropzone").classList.remove("over");
  if (event.dataTransfer.files[0]) readFile(event.dataTransfer.files[0]);
});
$("hide-selection").addEventListener("click", hideSelection);
$("copy").addEventListener("click", async () => {
  await navigator.clipboard.writeText(note.result.text);
  $("copied").textContent = "Kopiert.";
});
$("download").addEventListener("click", download);
