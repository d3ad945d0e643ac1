#!/usr/bin/env node
// toggle-check.js URL: drives headless Chromium over the DevTools protocol
// (CHROME_PORT, default 9333, started by axe.sh) to check the light/dark
// switch: it is shown, a click flips the theme and aria-pressed, and the
// choice survives a reload. Node 20 needs --experimental-websocket.
"use strict";
const url = process.argv[2];
const port = process.env.CHROME_PORT || "9333";

async function main() {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const page = targets.find((t) => t.type === "page");
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((ok, err) => { ws.onopen = ok; ws.onerror = err; });
  let id = 0;
  const waiting = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
  };
  const send = (method, params = {}) => new Promise((ok) => { id += 1; waiting.set(id, ok); ws.send(JSON.stringify({ id, method, params })); });
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  const js = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true })).result.result.value;
  const state = () => js(`JSON.stringify({theme: document.documentElement.getAttribute("data-theme"), pressed: (document.querySelector(".theme-toggle")||{}).ariaPressed, hidden: (document.querySelector(".theme-toggle")||{}).hidden, bg: getComputedStyle(document.body).backgroundColor})`).then(JSON.parse);

  await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: "light" }] });
  await send("Page.navigate", { url });
  await sleep(1500);
  await js(`localStorage.removeItem("theme")`);
  await send("Page.reload", {});
  await sleep(1500);
  const fails = [];
  const s0 = await state();
  if (s0.hidden !== false || s0.pressed !== "false" || s0.bg !== "rgb(255, 255, 255)") fails.push(`initial (light system): ${JSON.stringify(s0)}`);
  await js(`document.querySelector(".theme-toggle").click()`);
  await sleep(200);
  const s1 = await state();
  if (s1.theme !== "dark" || s1.pressed !== "true" || s1.bg === "rgb(255, 255, 255)") fails.push(`after click: ${JSON.stringify(s1)}`);
  await send("Page.reload", {});
  await sleep(1500);
  const s2 = await state();
  if (s2.theme !== "dark" || s2.pressed !== "true") fails.push(`after reload: ${JSON.stringify(s2)}`);
  await js(`document.querySelector(".theme-toggle").click()`);
  await sleep(200);
  const s3 = await state();
  if (s3.theme !== "light" || s3.pressed !== "false" || s3.bg !== "rgb(255, 255, 255)") fails.push(`second click: ${JSON.stringify(s3)}`);
  await js(`localStorage.removeItem("theme")`);
  await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: "dark" }] });
  await send("Page.reload", {});
  await sleep(1500);
  const s4 = await state();
  if (s4.pressed !== "true" || s4.bg === "rgb(255, 255, 255)") fails.push(`dark system: ${JSON.stringify(s4)}`);
  ws.close();
  for (const f of fails) console.log(`toggle: FAIL ${f}`);
  console.log(`toggle: ${5 - fails.length} of 5 checks passed`);
  process.exit(fails.length ? 1 : 0);
}

main().catch((e) => { console.log(`toggle: error ${e}`); process.exit(1); });
