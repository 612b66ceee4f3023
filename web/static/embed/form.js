/* svit contact form. On your page:
 *   <div data-svit-form data-token="svit_ct_..."></div>
 *   <script src="https://YOUR-SVIT/embed/form.js" async></script>
 * Optional attributes on the div: data-fields="name,email,phone,message" (also company),
 * data-required="phone", data-labels='{"phone": "Telephone"}', data-success="Thank you!",
 * data-redirect="https://site.example/thanks", data-submit-label="Send", data-consent="I agree to ...".
 * Every element has a svit-* class; the built-in styles have zero specificity, so any rule of yours wins.
 */
(function () {
  "use strict";
  var STAMP = "__SVIT_STAMP__";
  var script = document.currentScript;
  var BASE = script && script.src ? script.src.replace(/\/embed\/form\.js(\?.*)?$/, "") : "";
  var ENDPOINT = BASE + "/api/v1/external/client/form";
  var LABELS = { name: "Name", email: "Email", phone: "Phone", company: "Company", message: "Message" };
  var INPUT_TYPES = { email: "email", phone: "tel" };
  var AUTOCOMPLETE = { name: "name", email: "email", phone: "tel", company: "organization" };
  var UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
  var CSS = [
    ":where(.svit-form){display:grid;gap:.75rem;max-width:32rem}",
    ":where(.svit-field){display:grid;gap:.25rem}",
    ":where(.svit-form input,.svit-form textarea){font:inherit;padding:.5rem;border:1px solid #888;border-radius:4px}",
    ":where(.svit-form [aria-invalid=true]){border-color:#b00020}",
    ":where(.svit-error){color:#b00020;margin:0;font-size:.9em}",
    ":where(.svit-consent){display:flex;gap:.5rem;align-items:flex-start}",
    ":where(.svit-form button){font:inherit;padding:.5rem 1rem;justify-self:start;cursor:pointer}",
    ":where(.svit-hp){position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}",
    ":where(.svit-check){border:2px solid #888;padding:.5rem 1rem;margin:.5rem 0;font-family:system-ui,sans-serif}",
    ":where(.svit-check-fail){color:#b00020}"
  ].join("\n");
  var count = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function list(value, fallback) {
    return (value === null ? fallback : value).split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function customLabels(root) {
    try { return JSON.parse(root.getAttribute("data-labels") || "{}"); } catch (e) { return {}; }
  }

  function addStyle() {
    if (document.getElementById("svit-form-style")) return;
    var style = el("style", { id: "svit-form-style" });
    style.textContent = CSS;
    (document.head || document.documentElement).insertBefore(style, (document.head || document.documentElement).firstChild);
  }

  function field(formId, name, label, required) {
    var id = formId + "-" + name;
    var wrap = el("div", { "class": "svit-field svit-field-" + name });
    var input = name === "message" ? el("textarea", { rows: "4" }) : el("input", { type: INPUT_TYPES[name] || "text" });
    input.id = id;
    input.name = name;
    input.className = "svit-input";
    if (AUTOCOMPLETE[name]) input.setAttribute("autocomplete", AUTOCOMPLETE[name]);
    var error = el("p", { "class": "svit-error", id: id + "-error", hidden: "" });
    input.setAttribute("aria-describedby", error.id);
    var labelNode = el("label", { "for": id, "class": "svit-label" }, label);
    if (required) {
      input.required = true;
      input.setAttribute("aria-required", "true");
      labelNode.appendChild(el("span", { "class": "svit-required", "aria-hidden": "true" }, " *"));
    }
    wrap.appendChild(labelNode);
    wrap.appendChild(input);
    wrap.appendChild(error);
    return wrap;
  }

  function render(root) {
    if (root.getAttribute("data-svit-rendered")) return;
    root.setAttribute("data-svit-rendered", "true");
    addStyle();
    var formId = "svit-form-" + (++count);
    var fields = list(root.getAttribute("data-fields"), "name,email,phone,message");
    var required = list(root.getAttribute("data-required"), "phone");
    var labels = customLabels(root);
    var form = el("form", { "class": "svit-form", id: formId, novalidate: "" });
    var status = el("p", { "class": "svit-status", id: formId + "-status", role: "status", "aria-live": "polite" });
    fields.forEach(function (name) {
      form.appendChild(field(formId, name, labels[name] || LABELS[name] || name, required.indexOf(name) >= 0));
    });
    var consentText = root.getAttribute("data-consent");
    if (consentText) {
      var consent = el("div", { "class": "svit-consent" });
      consent.appendChild(el("input", { type: "checkbox", id: formId + "-consent", name: "consent" }));
      consent.appendChild(el("label", { "for": formId + "-consent" }, consentText));
      form.appendChild(consent);
    }
    var trap = el("div", { "class": "svit-hp", "aria-hidden": "true" });
    trap.appendChild(el("label", { "for": formId + "-hp" }, "Leave this field empty"));
    trap.appendChild(el("input", { type: "text", id: formId + "-hp", name: "_svit_hp", tabindex: "-1", autocomplete: "off" }));
    form.appendChild(trap);
    var button = el("button", { type: "submit", "class": "svit-submit" }, root.getAttribute("data-submit-label") || "Send");
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(root, form, status, button, fields);
    });
    root.textContent = "";
    root.appendChild(form);
    root.appendChild(status);
  }

  function payload(form, fields) {
    var body = { _svit_hp: form.elements._svit_hp.value, _svit_ts: STAMP, pageUrl: location.href };
    fields.forEach(function (name) {
      var value = form.elements[name].value;
      if (value.trim() !== "") body[name] = value;
    });
    if (form.elements.consent) body.consent = form.elements.consent.checked;
    if (document.referrer) body.referrer = document.referrer;
    var query = new URLSearchParams(location.search);
    UTM.forEach(function (key) { if (query.get(key)) body[key] = query.get(key); });
    return body;
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".svit-error"), function (node) {
      node.textContent = "";
      node.hidden = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (node) {
      node.removeAttribute("aria-invalid");
    });
  }

  function showErrors(form, status, problem) {
    var first = null;
    var other = [];
    (problem.errors || []).forEach(function (error) {
      var input = form.elements[error.field];
      var slot = input && input.id ? document.getElementById(input.id + "-error") : null;
      if (!slot) { other.push(error.message); return; }
      slot.textContent = error.message;
      slot.hidden = false;
      input.setAttribute("aria-invalid", "true");
      first = first || input;
    });
    if (first) {
      status.textContent = ["Please correct the marked fields."].concat(other).join(" ");
      first.focus();
    } else {
      status.textContent = other.join(" ") || problem.detail || "The form could not be sent. Please try again later.";
    }
  }

  function send(root, form, status, button, fields) {
    clearErrors(form);
    button.disabled = true;
    status.textContent = "Sending\u2026";
    fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json", "x-client-token": root.getAttribute("data-token") || "" },
      body: JSON.stringify(payload(form, fields))
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) return showErrors(form, status, data);
        var redirect = root.getAttribute("data-redirect");
        if (redirect) { location.assign(redirect); return; }
        root.removeChild(form);
        status.textContent = root.getAttribute("data-success") || "Thank you! Your message has been sent.";
      });
    }).catch(function () {
      status.textContent = "The form could not be sent: check your connection, or ask the site owner to allow this page\u2019s address for the form.";
    }).then(function () { button.disabled = false; });
  }

  /* #svit-check in the page URL: a panel on the page with the checks run from this browser. */
  function checkLine(list, ok, text) {
    list.appendChild(el("li", { "class": ok ? "svit-check-ok" : "svit-check-fail" }, (ok ? "\u2713 " : "\u2717 ") + text));
  }

  function diagnose(root) {
    var panel = el("div", { "class": "svit-check", role: "region", "aria-label": "svit form check" });
    var list = el("ul");
    panel.appendChild(el("strong", {}, "svit form check (shown because the page URL has #svit-check)"));
    panel.appendChild(list);
    root.parentNode.insertBefore(panel, root);
    var origin = location.origin;
    var loopback = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(BASE);
    var mixed = location.protocol === "https:" && /^http:/.test(BASE) && !loopback;
    checkLine(list, !mixed, mixed ? "Mixed content: this https page posts to " + BASE + " (http), which browsers block: serve the appliance over https."
                                  : "No mixed content: this page is " + location.protocol.replace(":", "") + ", the appliance is " + BASE);
    fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json", "x-client-token": root.getAttribute("data-token") || "", "x-svit-check": "1" },
      body: "{}"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        checkLine(list, true, "Preflight passed: the appliance answers this page's origin " + origin);
        if (response.ok) {
          checkLine(list, true, "Token active and " + origin + " allowed for it: the form will post.");
        } else {
          checkLine(list, false, (response.status === 401 ? "Token: " : response.status === 403 ? "Origin: " : "Status " + response.status + ": ") + (data.detail || "refused"));
        }
      });
    }).catch(function () {
      checkLine(list, false, "The browser blocked the request: the preflight from " + origin + " was refused (no client token allows this origin), or " + BASE + " is unreachable.");
    });
  }

  function renderAll() {
    var roots = document.querySelectorAll("[data-svit-form]");
    Array.prototype.forEach.call(roots, render);
    if (/(^#|[#&])svit-check\b/.test(location.hash)) Array.prototype.forEach.call(roots, diagnose);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", renderAll);
  else renderAll();
})();
