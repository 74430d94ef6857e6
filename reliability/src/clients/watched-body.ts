/**
 * A copy of `body` that calls `onEnd` once it is read to the end (with the text read), cancelled or fails
 * (with `undefined`).
 */
export function watched(
  body: ReadableStream<Uint8Array>,
  onEnd: (text: string | undefined) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          onEnd(text + decoder.decode());
        } else {
          text += decoder.decode(value, { stream: true });
          controller.enqueue(value);
        }
      } catch (error) {
        controller.error(error);
        onEnd(undefined);
      }
    },
    cancel(reason) {
      onEnd(undefined);
      return reader.cancel(reason);
    },
  });
}
