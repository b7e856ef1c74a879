/**
 * Counts the bytes of response bodies as they came over the wire, so each cycle's metrics can say
 * how much was transferred. A response that declares its length is passed on untouched (a pull
 * page is megabytes: decoding it once more here would cost more than the count is worth); one
 * without is read once as bytes and handed on as a new response with the same body.
 */
export function byteMeter(inner: typeof fetch): { fetch: typeof fetch; bytes(): number } {
  let total = 0;
  const metered: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\d+$/.test(declared)) {
      total += Number(declared);
      return response;
    }
    const body = await response.arrayBuffer();
    total += body.byteLength;
    return new Response(body.byteLength === 0 ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch: metered, bytes: () => total };
}
