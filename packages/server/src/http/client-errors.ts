import http from 'node:http';
import type { Socket } from 'node:net';

/**
 * Fastify's `clientErrorHandler`: what Node's parser refuses before there is a request (headers
 * over 16 KiB, a request that is not HTTP, a client too slow to send one) is answered in a dialect's
 * error shape with a stable code, then the connection is closed, as Node itself would.
 */
export const clientErrorHandler =
  (render: (error: unknown) => { statusCode: number; body: unknown }) =>
  (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const statusCode =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      statusCode === 431
        ? 'The request headers are larger than 16 KiB.'
        : statusCode === 408
          ? 'The request did not arrive in time.'
          : 'The request is not valid HTTP.';
    const rendered = render({ statusCode, message });
    const body = JSON.stringify(rendered.body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${statusCode} ${http.STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
