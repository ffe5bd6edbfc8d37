// The ink side of `make bench`: compile an ink file with inkjs, load the compiled JSON, and take single steps.
// Usage: node ink_peer.js FILE REPEATS STEPS SEED. Prints JSON: compile and load (fastest of REPEATS, seconds),
// and the time of each step (seconds): Continue() until the text stops, then pick one of the choices.
"use strict";
const fs = require("fs");
const { Compiler, CompilerOptions, Story } = require("inkjs/full");

const [file, repeats, steps, seed] = process.argv.slice(2);
const source = fs.readFileSync(file, "utf8");

function seconds(began) {
  return Number(process.hrtime.bigint() - began) / 1e9;
}

// A small seeded generator (mulberry32), so the walk is the same on every run.
function random(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let compiled = null;
let compile = Infinity;
for (let i = 0; i < Number(repeats); i++) {
  const errors = [];
  const began = process.hrtime.bigint();
  const compiler = new Compiler(source, new CompilerOptions(null, [], false, (message, kind) => {
    if (kind === 2) errors.push(message);
  }));
  const story = compiler.Compile();
  compile = Math.min(compile, seconds(began));
  if (errors.length) {
    process.stderr.write(errors.slice(0, 20).join("\n") + "\n");
    process.exit(1);
  }
  compiled = story.ToJson();
}

let load = Infinity;
let story = null;
for (let i = 0; i < Number(repeats); i++) {
  const began = process.hrtime.bigint();
  story = new Story(compiled);
  load = Math.min(load, seconds(began));
}

const pick = random(Number(seed));
const times = [];
while (story.canContinue) story.Continue();
for (let i = 0; i < Number(steps); i++) {
  const began = process.hrtime.bigint();
  const choices = story.currentChoices;
  if (choices.length === 0) {
    story.ResetState();
    while (story.canContinue) story.Continue();
    continue;
  }
  story.ChooseChoiceIndex(Math.floor(pick() * choices.length));
  while (story.canContinue) story.Continue();
  times.push(seconds(began));
}
process.stdout.write(JSON.stringify({ compile, load, steps: times, bytes: compiled.length }) + "\n");
