// Drives `lfc lsp` from VS Code's protocol library (`vscode-languageserver-protocol`,
// what `vscode-languageclient` is built on), headless, as VS Code would: the
// typed requests and notifications, edits applied with the library's
// `TextDocument.applyEdits`. Writes what the client saw as JSON; tests/it/lsp.rs
// checks it.
//
// Inputs from the environment: LFC_BIN (the lfc binary), LFC_MAIN and LFC_LIB
// (the stack's two files; the main one holds `timeout = 5m`), LFC_OUT.
// Exit codes: 0 ok, 3 a wait timed out, 4 a request failed.
"use strict";

const cp = require("child_process");
const fs = require("fs");
const path = require("path");
const url = require("url");
const p = require("vscode-languageserver-protocol/node");

const WAIT_MS = 15000;
const main = process.env.LFC_MAIN;
const lib = process.env.LFC_LIB;
const mainUri = url.pathToFileURL(main).toString();
const libUri = url.pathToFileURL(lib).toString();
const seen = {};

function finish(code, extra) {
  fs.writeFileSync(process.env.LFC_OUT, JSON.stringify({ ...seen, ...extra }, null, 2));
  process.exit(code);
}

// The UTF-16 position of `needle` (plus `skip` code units) in `text`: JavaScript
// strings count UTF-16 code units, as LSP positions do.
function pos(text, needle, skip = 0) {
  const at = text.indexOf(needle);
  if (at < 0) finish(4, { stage: `\`${needle}\` not in the text` });
  const before = text.slice(0, at);
  const line = before.split("\n").length - 1;
  return { line, character: at - (before.lastIndexOf("\n") + 1) + skip };
}

function apply(text, edits) {
  return p.TextDocument.applyEdits(p.TextDocument.create("file:///x.lf", "lf", 0, text), edits);
}

const server = cp.spawn(process.env.LFC_BIN, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
server.on("error", (e) => finish(4, { stage: "spawn", error: String(e) }));
const conn = p.createProtocolConnection(
  new p.StreamMessageReader(server.stdout),
  new p.StreamMessageWriter(server.stdin),
);

// What the server published last, by URI, and who waits for what.
const published = new Map();
let waiters = [];
conn.onNotification(p.PublishDiagnosticsNotification.type, (params) => {
  published.set(params.uri, params);
  waiters = waiters.filter((w) => !w(params));
});
// Requests a server may send; VS Code answers them, so does this client.
conn.onRequest(p.ConfigurationRequest.type, (params) => params.items.map(() => null));
conn.onRequest(p.RegistrationRequest.type, () => null);
conn.onRequest(p.WorkDoneProgressCreateRequest.type, () => null);
conn.listen();

// The next diagnostics for `uri` at `version` (the buffer's version, or null).
function diagnostics(uri, version) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(3, { stage: `diagnostics of ${uri} v${version}` }), WAIT_MS);
    waiters.push((params) => {
      if (params.uri !== uri || (params.version ?? null) !== version) return false;
      clearTimeout(timer);
      resolve(params.diagnostics);
      return true;
    });
  });
}

const brief = (ds) => ds.map((d) => ({ code: d.code, range: d.range, message: d.message }));

async function request(type, params) {
  try {
    return await conn.sendRequest(type, params);
  } catch (e) {
    return finish(4, { stage: type.method, error: String(e) });
  }
}

async function run() {
  const init = await request(p.InitializeRequest.type, {
    processId: process.pid,
    rootUri: url.pathToFileURL(path.dirname(main)).toString(),
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ["markdown", "plaintext"] },
        completion: { completionItem: { snippetSupport: false, tagSupport: { valueSet: [1] } } },
        rename: { prepareSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
      },
      workspace: { workspaceEdit: { documentChanges: false }, configuration: true },
      general: { positionEncodings: ["utf-16"] },
    },
    workspaceFolders: null,
  });
  seen.server = init.serverInfo;
  await conn.sendNotification(p.InitializedNotification.type, {});

  // Open a file with an error: its diagnostics, with codes and ranges.
  let text = fs.readFileSync(main, "utf8");
  let version = 1;
  const doc = () => ({ uri: mainUri, version });
  const opened = diagnostics(mainUri, version);
  await conn.sendNotification(p.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: mainUri, languageId: "lf", version, text },
  });
  const diags = await opened;
  seen.diagnostics = brief(diags);

  // Hover, completion, definition.
  const at = (needle, skip) => ({ textDocument: { uri: mainUri }, position: pos(text, needle, skip) });
  const hover = await request(p.HoverRequest.type, at("on sqs jobs", 8));
  seen.hover = hover && hover.contents.value;
  const items = await request(p.CompletionRequest.type, at("on sqs jobs", 7));
  seen.completion = (Array.isArray(items) ? items : items.items).map((i) => i.label);
  seen.definition = await request(p.DefinitionRequest.type, at("on sqs jobs", 8));

  // The quick fix for the first diagnostic, applied; the diagnostics clear.
  const actions = await request(p.CodeActionRequest.type, {
    textDocument: { uri: mainUri },
    range: diags[0].range,
    context: { diagnostics: diags },
  });
  const fix = actions[0];
  text = apply(text, fix.edit.changes[mainUri]);
  version += 1;
  let next = diagnostics(mainUri, version);
  await conn.sendNotification(p.DidChangeTextDocumentNotification.type, {
    textDocument: doc(),
    contentChanges: [{ text }],
  });
  seen.code_action = {
    title: fix.title,
    line: text.split("\n").find((l) => l.includes("timeout")),
    after: brief(await next),
  };

  // Typing: an error appears, then goes when it is fixed (incremental changes).
  const typed = [];
  for (const [from, to] of [["jobs", "jbos"], ["jbos", "jobs"]]) {
    const start = pos(text, `on sqs ${from}`, 7);
    const range = { start, end: { line: start.line, character: start.character + 4 } };
    text = text.replace(`on sqs ${from}`, `on sqs ${to}`);
    version += 1;
    next = diagnostics(mainUri, version);
    await conn.sendNotification(p.DidChangeTextDocumentNotification.type, {
      textDocument: doc(),
      contentChanges: [{ range, text: to }],
    });
    typed.push({ typed: to, diagnostics: brief(await next) });
  }
  seen.did_change = typed;

  // Rename across files: the edits for both files, applied.
  const renamed = await request(p.RenameRequest.type, { ...at("on sqs jobs", 8), newName: "work_queue" });
  seen.rename = {
    main: apply(text, renamed.changes[mainUri]).split("\n").find((l) => l.includes("on sqs")),
    lib: apply(fs.readFileSync(lib, "utf8"), renamed.changes[libUri]),
  };
  const refused = await conn.sendRequest(p.RenameRequest.type, { ...at("on sqs jobs", 8), newName: "queue" }).then(
    () => null,
    (e) => e.message,
  );
  seen.rename_refused = refused;

  // Formatting: a badly laid out buffer, the server's edits applied.
  const ugly = text.replace("  runtime = python3.13", "runtime   =python3.13").replace("  handler", "      handler");
  version += 1;
  next = diagnostics(mainUri, version);
  await conn.sendNotification(p.DidChangeTextDocumentNotification.type, {
    textDocument: doc(),
    contentChanges: [{ text: ugly }],
  });
  await next;
  const edits = await request(p.DocumentFormattingRequest.type, {
    textDocument: { uri: mainUri },
    options: { tabSize: 2, insertSpaces: true },
  });
  seen.formatting = { before: ugly, after: apply(ugly, edits) };

  await request(p.ShutdownRequest.type, undefined);
  await conn.sendNotification(p.ExitNotification.type);
  server.on("exit", (code) => finish(code === 0 ? 0 : 4, { serverExit: code }));
}

setTimeout(() => finish(3, { stage: "whole run" }), 4 * WAIT_MS).unref();
run().catch((e) => finish(4, { stage: "script", error: String(e && e.stack) }));
