// Shared helpers of the page: calls to the JSON API with the CSRF token, errors, downloads.
"use strict";

const kita = {
  csrf: document.querySelector('meta[name="csrf-token"]').content,
  DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",

  async call(url, body) {
    const headers = { "X-CSRF-Token": kita.csrf, Accept: "application/json" };
    if (!(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(body);
    }
    const response = await fetch(url, { method: "POST", headers, body, credentials: "same-origin" });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(data.detail || "Die Anfrage ist fehlgeschlagen (" + response.status + ").");
    }
    return data;
  },

  // A file answer (e.g. the cleaned Word file) to a form post; errors are problem details.
  async fetchBlob(url, form, accept) {
    const headers = { "X-CSRF-Token": kita.csrf, Accept: accept };
    const response = await fetch(url, { method: "POST", headers, body: form, credentials: "same-origin" });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || "Download fehlgeschlagen (" + response.status + ").");
    }
    return response.blob();
  },

  showError(element, error) {
    element.textContent = error ? error.message : "";
    element.hidden = !error;
  },

  download(filename, blob) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  },

  item(text, className) {
    const li = document.createElement("li");
    li.textContent = text;
    if (className) li.className = className;
    return li;
  },
};
