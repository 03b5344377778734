import type { FastifyRequest } from 'fastify';
import { badRequest, invalid, Problem, payloadTooLarge, unsupportedMediaType } from '../../platform/http/problems.js';
import type { UploadSource } from './attachments.js';

/** Room for multipart boundaries and part headers on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads the upload's name and declared type from the request, leaving its bytes unread for the service to stream.
 * Two forms: `multipart/form-data` with one file part (browsers, `curl -F file=@x.pdf`), or the raw bytes as the
 * body with their own Content-Type and `?filename=` (`curl --data-binary @x.pdf -H 'content-type: application/pdf'`).
 * A Content-Length already over the limit is refused before anything is read.
 */
export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
  filenameParameter: string | undefined,
): Promise<UploadSource> {
  const length = Number(request.headers['content-length'] ?? Number.NaN);
  const multipart = request.isMultipart();
  if (Number.isFinite(length) && length > maxBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) {
    throw payloadTooLarge(`Attachments may be at most ${maxBytes} bytes.`);
  }
  if (multipart) {
    try {
      // One byte over the limit is let through so that the service sees the overflow and answers 413.
      const part = await request.file({
        limits: { fileSize: maxBytes + 1, files: 1, fields: 20, parts: 25, fieldSize: 10_000 },
        throwFileSizeLimit: false,
      });
      if (part === undefined) throw invalid([{ pointer: '/body/file', detail: 'send the file as a multipart part' }]);
      return { filename: filenameParameter ?? part.filename, declaredType: part.mimetype, stream: part.file };
    } catch (error) {
      if (error instanceof Problem) throw error;
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) throw payloadTooLarge('The multipart request has too many parts or fields.');
      throw badRequest('The multipart body could not be read.');
    }
  }
  const declaredType = request.headers['content-type'];
  if (declaredType === undefined || declaredType.trim() === '') {
    throw unsupportedMediaType("Send multipart/form-data, or the file's bytes with their Content-Type.");
  }
  if (filenameParameter === undefined) {
    request.raw.resume();
    throw invalid([{ pointer: '/query/filename', detail: 'a raw upload names its file with ?filename=' }]);
  }
  return { filename: filenameParameter, declaredType, stream: request.raw };
}
