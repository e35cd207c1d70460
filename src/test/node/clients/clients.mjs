// Runs unmodified client libraries against `infer serve` and prints what each call returned, as JSON on stdout.
// ClientsIT compares every vector with `infer embed` on the same text. Usage: node clients.mjs BASE_URL TEXTS.json
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import OpenAIBefore711 from "openai-before-7-11";
import { OpenAIEmbeddings } from "@langchain/openai";
import { InferenceClient } from "@huggingface/inference";

const [base, textsFile] = process.argv.slice(2);
const texts = JSON.parse(readFileSync(textsFile, "utf8"));
const labels = ["sports", "cooking", "love"];
const vectors = (r) => r.data.map((d) => Array.from(d.embedding));
const out = {};

// openai before 7.11: asks for base64 by default and decodes whatever comes back as base64
const old = new OpenAIBefore711({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
out.openai_old_default = vectors(await old.embeddings.create({ model: "minilm", input: texts.slice(0, 8) }));

const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
out.openai_default = vectors(await client.embeddings.create({ model: "minilm", input: texts.slice(0, 8) }));
out.openai_float = vectors(await client.embeddings.create({ model: "minilm", input: texts.slice(0, 8),
    encoding_format: "float" }));
out.openai_dimensions_128 = vectors(await client.embeddings.create({ model: "minilm", input: texts.slice(0, 8),
    dimensions: 128 }));

const lc = new OpenAIEmbeddings({ model: "minilm", apiKey: "unused", configuration: { baseURL: `${base}/v1` },
    maxRetries: 0 });
out.langchain_documents = await lc.embedDocuments(texts);
out.langchain_query = [await lc.embedQuery(texts[0])];
const lc128 = new OpenAIEmbeddings({ model: "minilm", apiKey: "unused", dimensions: 128,
    configuration: { baseURL: `${base}/v1` }, maxRetries: 0 });
out.langchain_dimensions_128 = [await lc128.embedQuery(texts[0])];

const hf = new InferenceClient();
out.hf_feature_extraction_base = await hf.featureExtraction({ endpointUrl: base, inputs: texts[0] });
out.hf_feature_extraction_embed = await hf.featureExtraction({ endpointUrl: `${base}/embed`, inputs: texts.slice(0, 4) });
out.hf_text_classification = await hf.textClassification({ endpointUrl: `${base}/pipeline/text-classification`,
    inputs: texts[0] });
out.hf_zero_shot_base = await hf.zeroShotClassification({ endpointUrl: base, inputs: texts[0],
    parameters: { candidate_labels: labels } });
out.hf_zero_shot_predict = await hf.zeroShotClassification({ endpointUrl: `${base}/predict`, inputs: texts[0],
    parameters: { candidate_labels: labels } });

process.stdout.write(JSON.stringify(out));
