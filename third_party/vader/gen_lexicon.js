#!/usr/bin/env node
// Build step: node gen_lexicon.js NODE_MODULES_DIR OUT.cpp
// Turns the installed vader-sentiment package (VADER lexicon, booster/dampener words and the
// negation list; Apache-2.0) into a C++ source for agent/judgement/sentiment.cpp. Nothing of the lexicon is
// committed: it is read from the npm package at build time.
'use strict';
const fs = require('fs');
const path = require('path');
const [nm, out] = process.argv.slice(2);
const pkg = path.join(nm, 'vader-sentiment');
const lex = fs.readFileSync(path.join(pkg, 'vader_lexicon.txt'), 'utf8');
const js = fs.readFileSync(path.join(pkg, 'src', 'vaderSentiment.js'), 'utf8');
const q = (s) => JSON.stringify(s);
const lexicon = [];
for (const line of lex.split('\n')) {
  const [w, v] = line.split('\t');
  if (!w || v === undefined || !/^[a-z][a-z'-]*$/.test(w)) continue;  // words only (no emoticons)
  lexicon.push(`    {${q(w)}, ${Number(v).toFixed(3)}f},`);
}
const incr = Number(/B_INCR\s*=\s*([-0-9.]+)/.exec(js)[1]);
const decr = Number(/B_DECR\s*=\s*([-0-9.]+)/.exec(js)[1]);
const negBlock = /NEGATE\s*=\s*\[([\s\S]*?)\];/.exec(js)[1];
const negations = [...negBlock.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => `    ${q(m[1] ?? m[2])},`);
const boostBlock = /BOOSTER_DICT\s*=\s*\{([\s\S]*?)\};/.exec(js)[1];
const boosters = [];
for (const m of boostBlock.matchAll(/['"]?([a-z' -]+?)['"]?\s*:\s*(B_INCR|B_DECR)/g)) {
  const w = m[1].trim();
  if (w.includes(' ')) continue;  // multi-word boosters ("kind of") are not single tokens
  boosters.push(`    {${q(w)}, ${(m[2] === "B_INCR" ? incr : decr).toFixed(3)}f},`);
}
const src = `// Generated at build time by third_party/vader/gen_lexicon.js from the npm package
// vader-sentiment (VADER, Hutto & Gilbert 2014; Apache-2.0). Do not edit.
#include "agent/judgement/vader_lexicon.h"

namespace fte::agent::vader {

const Entry kLexicon[] = {
${lexicon.join('\n')}
};
const std::size_t kLexiconSize = sizeof(kLexicon) / sizeof(kLexicon[0]);

const Entry kBoosters[] = {
${boosters.join('\n')}
};
const std::size_t kBoostersSize = sizeof(kBoosters) / sizeof(kBoosters[0]);

const char* const kNegations[] = {
${negations.join('\n')}
};
const std::size_t kNegationsSize = sizeof(kNegations) / sizeof(kNegations[0]);

}  // namespace fte::agent::vader
`;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, src);
console.log(`vader lexicon: ${lexicon.length} words, ${boosters.length} boosters, ${negations.length} negations -> ${out}`);
