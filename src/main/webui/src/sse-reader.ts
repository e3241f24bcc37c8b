/**
 * A Server-Sent Events reader on top of fetch(). The browser's EventSource cannot send an
 * Authorization header, so it cannot open the gateway's stream; fetch can, and its body is read
 * here with the parsing rules of the HTML standard (event, data, id, comments).
 */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** Every chunk of bytes, heartbeats included: proof that the connection is alive. */
  onActivity(): void;
}

/** Reads the stream until the server ends it (resolves) or the connection fails (rejects). */
export async function readEventStream(body: ReadableStream<Uint8Array>, handlers: SseHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser(handlers.onEvent);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      handlers.onActivity();
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}

class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  constructor(private readonly dispatch: (event: SseEvent) => void) {}

  push(text: string): void {
    this.buffer += text;
    // Lines end with CRLF, LF or CR; a trailing CR may be the first half of a CRLF, so it waits.
    const lines = this.buffer.split(/\r\n|\n|\r(?!$)/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) {
        this.dispatch({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
      }
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return; // a comment, e.g. the gateway's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      default:
        break; // "retry" and unknown fields: the feed has its own backoff
    }
  }
}
