// Reads {"secret", "headers", "body" (base64)} on stdin and verifies the delivery with the Standard Webhooks library.
// Prints "verified" and exits 0, or prints the library's error and exits 1.
import { Webhook } from "standardwebhooks";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
try {
  const payload = Buffer.from(input.body, "base64").toString("utf8");
  new Webhook(input.secret, input.raw ? { format: "raw" } : undefined).verify(payload, input.headers);
  console.log("verified");
} catch (e) {
  console.log(`refused: ${e.message}`);
  process.exit(1);
}
