// Independent reference for `infer rerank`: Transformers.js reads a local cross-encoder folder, tokenizes each
// (query, passage) pair itself (text_pair, truncation=true: longest side first) and runs it alone through
// onnxruntime-node; the score is sentence-transformers' CrossEncoder activation (sigmoid of one logit, softmax's
// second class for two). Transformers.js 4.3's text-classification pipeline takes no text_pair, hence the model
// and tokenizer directly. Its `truncation: true` cuts the joined pair at the end (the last [SEP] goes too), unlike
// transformers in Python, so a pair over the limit is cut here as Python's pipeline cuts it (its fast tokenizer's
// longest_first, tokenizers/src/utils/truncation.rs): only the longer side while the shorter fits in half the
// budget, else both to half, the side that was longer keeping the odd token.
// usage: node rerank-reference.mjs PEER_DIR MODEL_DIR < pairs.jsonl  ({"query","passage"} per line)
// prints one {"logits":[...],"score":x} per line, in order.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const [peer, modelDir] = process.argv.slice(2);
const require = createRequire(path.join(peer, 'package.json'));
const { env, AutoTokenizer, AutoModelForSequenceClassification, Tensor } = require('@huggingface/transformers');
env.allowRemoteModels = false;
env.useFSCache = false;
env.localModelPath = path.dirname(path.resolve(modelDir)) + '/';
const id = path.basename(path.resolve(modelDir));

const tokenizer = await AutoTokenizer.from_pretrained(id, { local_files_only: true });
const model = await AutoModelForSequenceClassification.from_pretrained(id, { dtype: 'fp32', local_files_only: true });
const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim() !== '');
function pythonTruncated(query, passage, maxLength) {
  const full = tokenizer(query, { text_pair: passage, return_tensor: false });
  const q = tokenizer.encode(query, { add_special_tokens: false }).length;
  const p = tokenizer.encode(passage, { add_special_tokens: false }).length;
  const specials = full.input_ids.length - q - p;
  if (specials !== 3) throw new Error(`expected [CLS] q [SEP] p [SEP], got ${specials} special tokens`);
  let keepQ = q, keepP = p;
  const budget = maxLength - specials;
  if (q + p > budget) {
    let n1 = Math.min(q, p), n2;
    n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
    if (n1 + n2 > budget) { n1 = Math.floor(budget / 2); n2 = n1 + (budget % 2); }
    [keepQ, keepP] = q > p ? [n2, n1] : [n1, n2];
  }
  const keep = (arr) => [...arr.slice(0, 1 + keepQ), arr[1 + q], ...arr.slice(2 + q, 2 + q + keepP), arr[arr.length - 1]];
  const tensor = (arr) => new Tensor('int64', BigInt64Array.from(arr.map((x) => BigInt(x))), [1, arr.length]);
  return {
    input_ids: tensor(keep(full.input_ids)),
    attention_mask: tensor(keep(full.attention_mask)),
    token_type_ids: tensor(keep(full.token_type_ids)),
  };
}

for (const line of lines) {
  const { query, passage } = JSON.parse(line);
  const inputs = pythonTruncated(query, passage, tokenizer.model_max_length);
  const { logits } = await model(inputs);
  const l = Array.from(logits.data, Number);
  let score;
  if (l.length === 1) {
    score = 1 / (1 + Math.exp(-l[0]));
  } else {
    const m = Math.max(...l);
    const e = l.map((x) => Math.exp(x - m));
    score = e[e.length - 1] / e.reduce((a, b) => a + b, 0);
  }
  process.stdout.write(JSON.stringify({ logits: l, score, tokens: inputs.input_ids.dims[1] }) + '\n');
}
