/**
 * Phoenix channel frames as realtime-js speaks them.
 *
 * - vsn 1.0.0: every frame is a JSON object `{join_ref, ref, topic, event, payload}`.
 * - vsn 2.0.0: text frames are JSON arrays `[join_ref, ref, topic, event, payload]`; a client's
 *   broadcast arrives as a binary "user broadcast push" (kind 3) and the server may send
 *   broadcasts as binary "user broadcast" (kind 4). Kinds 0–2 must never be sent: realtime-js
 *   cannot decode them and crashes.
 *
 * Kind 3: u8 3 | u8 len(join_ref) | u8 len(ref) | u8 len(topic) | u8 len(event) | u8 len(meta) | u8 enc
 *         | join_ref | ref | topic | event | meta | payload            (enc 1 = JSON, 0 = raw bytes)
 * Kind 4: u8 4 | u8 len(topic) | u8 len(event) | u8 len(meta) | u8 enc | topic | event | meta | payload
 */
export type ProtocolVersion = '1.0.0' | '2.0.0';

export interface PhoenixMessage {
  readonly joinRef: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: unknown;
}

/** A broadcast's user payload: parsed JSON, or raw bytes when the sender sent binary. */
export type BroadcastBody =
  | { readonly encoding: 'json'; readonly value: unknown }
  | { readonly encoding: 'binary'; readonly bytes: Buffer };

export type DecodedFrame =
  | { readonly kind: 'message'; readonly message: PhoenixMessage }
  | {
      readonly kind: 'broadcast-push';
      readonly joinRef: string | null;
      readonly ref: string | null;
      readonly topic: string;
      readonly event: string;
      readonly body: BroadcastBody;
    }
  | { readonly kind: 'garbage'; readonly reason: string };

const asRef = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

export function decodeFrame(data: Buffer, isBinary: boolean, version: ProtocolVersion): DecodedFrame {
  if (isBinary) return decodeBinary(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    return { kind: 'garbage', reason: 'frame is not JSON' };
  }
  if (version === '2.0.0' && Array.isArray(parsed) && parsed.length === 5) {
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    if (typeof topic !== 'string' || typeof event !== 'string')
      return { kind: 'garbage', reason: 'topic and event must be strings' };
    return { kind: 'message', message: { joinRef: asRef(joinRef), ref: asRef(ref), topic, event, payload } };
  }
  if (version === '1.0.0' && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const frame = parsed as Record<string, unknown>;
    if (typeof frame['topic'] !== 'string' || typeof frame['event'] !== 'string')
      return { kind: 'garbage', reason: 'topic and event must be strings' };
    return {
      kind: 'message',
      message: {
        joinRef: asRef(frame['join_ref']),
        ref: asRef(frame['ref']),
        topic: frame['topic'],
        event: frame['event'],
        payload: frame['payload'],
      },
    };
  }
  return { kind: 'garbage', reason: `not a vsn ${version} frame` };
}

function decodeBinary(data: Buffer): DecodedFrame {
  if (data.length < 7 || data[0] !== 3) return { kind: 'garbage', reason: 'unsupported binary frame' };
  const lengths = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!];
  const encoding = data[6]!;
  let offset = 7;
  const fields: string[] = [];
  for (const length of lengths) {
    if (offset + length > data.length)
      return { kind: 'garbage', reason: 'binary frame shorter than its header says' };
    fields.push(data.subarray(offset, offset + length).toString('utf8'));
    offset += length;
  }
  const [joinRef, ref, topic, event] = fields as [string, string, string, string, string];
  const bytes = data.subarray(offset);
  let body: BroadcastBody;
  if (encoding === 1) {
    try {
      body = { encoding: 'json', value: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch {
      return { kind: 'garbage', reason: 'broadcast payload is not JSON' };
    }
  } else if (encoding === 0) body = { encoding: 'binary', bytes: Buffer.from(bytes) };
  else return { kind: 'garbage', reason: `unknown payload encoding ${encoding}` };
  return { kind: 'broadcast-push', joinRef: joinRef || null, ref: ref || null, topic, event, body };
}

export function encodeMessage(message: PhoenixMessage, version: ProtocolVersion): string {
  if (version === '2.0.0')
    return JSON.stringify([message.joinRef, message.ref, message.topic, message.event, message.payload]);
  return JSON.stringify({
    join_ref: message.joinRef,
    ref: message.ref,
    topic: message.topic,
    event: message.event,
    payload: message.payload,
  });
}

/**
 * A broadcast to deliver, encoded once per protocol version and shared by every receiver.
 * vsn 2 gets a kind-4 binary frame (text when a field is too long for its u8 length);
 * vsn 1 gets the JSON `broadcast` event and cannot carry raw bytes (those are not delivered to it).
 */
export function encodeBroadcast(
  topic: string,
  event: string,
  body: BroadcastBody,
  version: ProtocolVersion,
): string | Buffer | undefined {
  if (version === '2.0.0') {
    const topicBytes = Buffer.from(topic, 'utf8');
    const eventBytes = Buffer.from(event, 'utf8');
    const payload =
      body.encoding === 'json' ? Buffer.from(JSON.stringify(body.value ?? {}), 'utf8') : body.bytes;
    if (topicBytes.length <= 255 && eventBytes.length <= 255) {
      const header = Buffer.from([
        4,
        topicBytes.length,
        eventBytes.length,
        0,
        body.encoding === 'json' ? 1 : 0,
      ]);
      return Buffer.concat([header, topicBytes, eventBytes, payload]);
    }
  }
  if (body.encoding === 'binary') return undefined;
  return encodeMessage(
    {
      joinRef: null,
      ref: null,
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event, payload: body.value },
    },
    version,
  );
}
