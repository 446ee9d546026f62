// "Protokoll prüfen": upload minutes, show the verdict, offer the cleaned version.
"use strict";

const $m = (id) => document.getElementById(id);
let minutesFile = null;

async function checkMinutes(event) {
  event.preventDefault();
  kita.showError($m("minutes-error"), null);
  minutesFile = $m("minutes-file").files[0];
  const form = new FormData();
  form.append("file", minutesFile);
  try {
    showMinutes(await kita.call("/api/minutes/check", form));
  } catch (error) {
    kita.showError($m("minutes-error"), error);
  }
}

function showMinutes(data) {
  const verdict = $m("verdict");
  verdict.textContent = data.approved ? "Freigabe" : "Nicht freigeben";
  verdict.className = "verdict " + (data.approved ? "approved" : "blocked");
  if (data.reasons && data.reasons.length) {
    const reasons = document.createElement("ul");
    for (const reason of data.reasons) reasons.append(kita.item(reason));
    verdict.append(reasons);
  }
  const decisions = $m("decisions");
  decisions.replaceChildren();
  for (const decision of data.decisions) {
    const step = decision.next_step ? " Was tun: " + decision.next_step : "";
    decisions.append(kita.item(decision.summary + " (" + decision.where + ")" + step, decision.allowed ? "ok" : "blocked"));
  }
  if (!data.decisions.length) decisions.append(kita.item("Kein gemeinsames Treffen mit einer Familie erwähnt."));
  const findings = $m("minutes-findings");
  findings.replaceChildren();
  for (const finding of data.findings) {
    findings.append(kita.item(finding.where + " · " + finding.label_name + ": " + finding.text + " – „" + finding.context + "“"));
  }
  $m("cleaned").textContent = data.cleaned_text;
  $m("minutes-result").hidden = false;
  $m("minutes-download").onclick = () => downloadCleaned(data);
}

async function downloadCleaned(data) {
  const base = minutesFile.name.replace(/\.[^.]+$/, "");
  if (!minutesFile.name.toLowerCase().endsWith(".docx")) {
    kita.download(base + "-bereinigt.txt", new Blob([data.cleaned_text], { type: "text/plain;charset=utf-8" }));
    return;
  }
  const form = new FormData();
  form.append("file", minutesFile);
  try {
    kita.download(base + "-bereinigt.docx", await kita.fetchBlob("/api/minutes/check", form, kita.DOCX));
  } catch (error) {
    kita.showError($m("minutes-error"), error);
  }
}

$m("minutes-form").addEventListener("submit", checkMinutes);
