// Shared set-up for the Node tests: the server address and SDK key come from environment variables set by
// tests/Vexil.Ofrep.NodeTests (VEXIL_URL, VEXIL_SDK_KEY); the provider's fetch is wrapped to count requests.
import { OpenFeature } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';

export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`The environment variable ${name} is not set (tests/Vexil.Ofrep.NodeTests sets it).`);
  }
  return value;
}

/** An OpenFeature client on its own domain, backed by the real OFREP provider, and a log of its HTTP calls. */
export async function ofrepClient(domain, sdkKey) {
  const calls = [];
  const fetchImplementation = async (request) => {
    const call = { at: Date.now(), url: request.url, status: undefined, retryAfter: null };
    calls.push(call);
    const response = await fetch(request);
    call.status = response.status;
    call.retryAfter = response.headers.get('Retry-After');
    return response;
  };
  const provider = new OFREPProvider({
    baseUrl: env('VEXIL_URL'),
    headers: { Authorization: `Bearer ${sdkKey}` },
    fetchImplementation,
  });
  await OpenFeature.setProviderAndWait(domain, provider);
  return { client: OpenFeature.getClient(domain), calls, provider };
}
