// Drives Mixpanel's official Node SDK (npm "mixpanel"), unchanged, through a plan written by
// TestOfficialSdk: node run-plan.js plan.json results.json
//
// plan.json: {"host", "port", "clients": {name: {token, verbose, secret?, serviceAccount?}},
//             "steps": [{"client", "call": "track" | "people.set" | ..., "args": [...]}]}
// A value {"$date": <epoch ms>} in args becomes a JavaScript Date, as an application passes one.
// Steps run one after another (profile updates apply in arrival order); each step's callback
// result goes to results.json as {"client", "call", "errors": [messages]}.
"use strict";

const fs = require("fs");
const Mixpanel = require("mixpanel");

const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const resultsPath = process.argv[3];

const quietLogger = {
  trace() {}, debug() {}, info() {}, error() {},
  // the SDK warns that api_secret is deprecated on every client made with one
  warn() {},
};

const clients = {};
for (const [name, c] of Object.entries(plan.clients)) {
  const config = {
    host: plan.host,
    port: plan.port,
    protocol: "https",
    verbose: c.verbose,
    logger: quietLogger,
  };
  if (c.secret) {
    config.secret = c.secret;
  }
  if (c.serviceAccount) {
    const sa = c.serviceAccount;
    config.credentials = new Mixpanel.ServiceAccountCredentials(sa.username, sa.secret, sa.projectId);
  }
  clients[name] = Mixpanel.init(c.token, config);
}

function revive(value) {
  if (Array.isArray(value)) {
    return value.map(revive);
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$date") {
      return new Date(value.$date);
    }
    const copy = {};
    for (const key of keys) {
      copy[key] = revive(value[key]);
    }
    return copy;
  }
  return value;
}

function messages(outcome) {
  if (!outcome) {
    return [];
  }
  const list = Array.isArray(outcome) ? outcome : [outcome];
  return list.map((e) => (e && e.message !== undefined ? e.message : String(e)));
}

function runStep(step) {
  return new Promise((resolve) => {
    const [target, method] = step.call.includes(".") ? step.call.split(".") : [null, step.call];
    const client = clients[step.client];
    const receiver = target ? client[target] : client;
    try {
      receiver[method](...revive(step.args), (errors) => resolve(messages(errors)));
    } catch (e) {
      resolve(["threw: " + e.message]);
    }
  });
}

(async () => {
  const results = [];
  for (const step of plan.steps) {
    const errors = await runStep(step);
    results.push({ client: step.client, call: step.call, errors });
  }
  fs.writeFileSync(resultsPath, JSON.stringify(results));
  // keep-alive sockets would otherwise hold the process open until they time out
  process.exit(0);
})();
